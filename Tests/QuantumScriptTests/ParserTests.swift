import Testing
@testable import QuantumCore
@testable import QuantumScript

@Suite struct ParserTests {
    func parse(_ text: String) throws -> Command {
        try CommandParser.parse(try Tokenizer.commands(in: text, origin: "pull.qscript")[0])
    }

    func error(_ text: String) -> String {
        do {
            _ = try ScriptRunner.parse(text, origin: "pull.qscript")
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test func fetchSpecs() throws {
        #expect(try parse("fetch aapl") == .fetch(FetchSpec(ticker: "AAPL", range: .lastDays(30))))
        #expect(
            try parse("fetch MSFT --days 90 --source fmp --basis raw")
                == .fetch(FetchSpec(ticker: "MSFT", range: .lastDays(90), source: .fmp, basis: .raw)))
        #expect(
            try parse("fetch BHP.AU --from 2024-01-02 --to=2024-02-01")
                == .fetch(
                    FetchSpec(
                        ticker: "BHP.AU",
                        range: .dates(from: TradingDate("2024-01-02")!, to: TradingDate("2024-02-01")!))))
    }

    @Test func otherCommands() throws {
        #expect(try parse("sources") == .sources(.list))
        #expect(try parse("sources order eodhd,polygon") == .sources(.order([.eodhd, .polygon])))
        #expect(try parse("sources disable fmp") == .sources(.disable(.fmp)))
        #expect(
            try parse("fault polygon ratelimit x3") == .fault(.inject(.polygon, Fault(.ratelimit, scope: .next(3)))))
        #expect(try parse("fault eodhd slow 2s") == .fault(.inject(.eodhd, Fault(.slow(.seconds(2))))))
        #expect(try parse("fault clear fmp") == .fault(.clear(.fmp)))
        #expect(try parse("help fetch") == .help(topic: "fetch"))
        #expect(try parse("fetch --help") == .help(topic: "fetch"))
    }

    @Test func unknownCommandsPointAtTheWordWithASuggestion() {
        #expect(
            error("sources\n\nfetc AAPL --from 2024-01-01") == """
                error: unknown command 'fetc' — did you mean 'fetch'?
                 --> pull.qscript:3:1
                3 | fetc AAPL --from 2024-01-01
                  | ^^^^
                """)
    }

    @Test func badOptionsAndValuesAreLocated() {
        #expect(
            error("fetch AAPL --dayz 3") == """
                error: unknown option '--dayz' — did you mean '--days'?
                 --> pull.qscript:1:12
                1 | fetch AAPL --dayz 3
                  |            ^^^^^^
                """)
        #expect(
            error("fetch AAPL --from 2024-02-3O") == """
                error: --from expects a date as YYYY-MM-DD, got '2024-02-3O'
                 --> pull.qscript:1:19
                1 | fetch AAPL --from 2024-02-3O
                  |                   ^^^^^^^^^^
                """)
        #expect(
            error("fetch AAPL --days 5 --from 2024-01-02").hasPrefix(
                "error: --days cannot be combined with --from or --to"))
        #expect(
            error("fetch AAPL --from 2024-03-01 --to 2024-02-01").hasPrefix(
                "error: --to 2024-02-01 is before --from 2024-03-01"))
        #expect(error("fault polygn ratelimit").hasPrefix("error: unknown source 'polygn' — did you mean 'polygon'?"))
        #expect(
            error("fault polygon ratelimt").hasPrefix("error: unknown fault 'ratelimt' — did you mean 'ratelimit'?"))
        #expect(error("sources disable yahoo").hasPrefix("error: unknown source 'yahoo'"))
        #expect(error("fetch AAPL --source polygn").contains("did you mean 'polygon'?"))
    }

    @Test func aTypoAnywhereMeansNothingRuns() {
        #expect(error("sources\nfetch AAPL\nshwo").contains("pull.qscript:3:1"))
    }

    @Test func suggestionsNeedToBeClose() {
        #expect(Suggestion.closest(to: "fecth", in: ["fetch", "sources"]) == "fetch")
        #expect(Suggestion.closest(to: "zzzzzz", in: ["fetch", "sources"]) == nil)
    }
}
