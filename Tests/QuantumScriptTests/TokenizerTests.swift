import Testing
@testable import QuantumScript

@Suite struct TokenizerTests {
    func words(_ text: String) throws -> [[String]] {
        try Tokenizer.commands(in: text, origin: "t").map { $0.tokens.map(\.text) }
    }

    @Test func splitsLinesSemicolonsAndComments() throws {
        #expect(
            try words("fetch AAPL --days 3 # a comment\n\n# only a comment\nsources; help fetch") == [
                ["fetch", "AAPL", "--days", "3"], ["sources"], ["help", "fetch"],
            ])
    }

    @Test func quotesKeepSpacesAndSpecialCharacters() throws {
        #expect(
            try words(#"export csv "my file.csv" 'a;b#c' "say \"hi\"""#) == [
                ["export", "csv", "my file.csv", "a;b#c", #"say "hi""#]
            ])
    }

    @Test func backslashContinuesALine() throws {
        let commands = try Tokenizer.commands(in: "fetch AAPL \\\n  --from 2024-01-02\nsources", origin: "t")
        #expect(commands.map { $0.tokens.map(\.text) } == [["fetch", "AAPL", "--from", "2024-01-02"], ["sources"]])
        #expect(commands[0].tokens[3].line == 2 && commands[0].tokens[3].column == 10)
    }

    @Test func tokensKnowWhereTheyStand() throws {
        let tokens = try Tokenizer.commands(in: "  fetch  \"BRK B\"", origin: "t")[0].tokens
        #expect(tokens.map(\.column) == [3, 10])
        #expect(tokens.map(\.width) == [5, 7])
    }

    @Test func anUnterminatedQuoteIsAnError() {
        #expect(throws: ScriptError.self) { try Tokenizer.commands(in: "fetch \"AAPL", origin: "t") }
    }

    @Test(arguments: ["plain", "with space", "semi;colon", "quote\"d", "back\\slash", "", "#hash"])
    func quotingRoundTrips(_ word: String) throws {
        #expect(try words("x " + Tokenizer.quoteIfNeeded(word)) == [["x", word]])
    }
}
