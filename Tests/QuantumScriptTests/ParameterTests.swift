import Testing
@testable import QuantumCore
@testable import QuantumScript

/// `let NAME = VALUE`, `${NAME}` and `-p NAME=VALUE`: values put in before a command is parsed.
@Suite struct ParameterTests {
    func commands(_ text: String, given: [String: String] = [:]) throws -> [Command] {
        try ScriptRunner.parse(
            text, origin: "t.qscript", parameters: Parameters(given: given, today: TradingDate("2026-12-04"))
        )
        .map(\.1)
    }

    func error(_ text: String) -> String {
        do {
            _ = try ScriptRunner.parse(text, origin: "t.qscript", parameters: Parameters())
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test func aLetNamesAValueForTheCommandsAfterIt() throws {
        let parsed = try commands(
            "let t = msft\nfetch ${t} --days 5\nlet out=data/${t}-${today}.csv\nexport csv ${out}")
        #expect(parsed[0] == .let(name: "t", value: "msft"))
        guard case .fetch(let spec) = parsed[1] else { Issue.record("not a fetch: \(parsed[1])"); return }
        #expect(spec.ticker == "MSFT")
        #expect(parsed[3] == .export(.csv, path: "data/msft-2026-12-04.csv", refs: [], wide: nil))
    }

    @Test func aWordThatIsOnlyTheNameBecomesTheValuesWordsAQuotedOneStaysOne() throws {
        let parsed = try commands(
            #"let tickers = "AAPL MSFT NVDA"; batch ${tickers}; let title = "a b"; save "${title}.md""#)
        guard case .batch(let spec) = parsed[1] else { Issue.record("not a batch: \(parsed[1])"); return }
        #expect(spec.tickers == ["AAPL", "MSFT", "NVDA"])
        #expect(parsed[3] == .save(path: "a b.md", force: false))
    }

    @Test func aGivenValueWinsOverTheScriptsLet() throws {
        let parsed = try commands("let t = AAPL\nfetch ${t}", given: ["t": "TSLA"])
        guard case .fetch(let spec) = parsed[1] else { Issue.record("not a fetch: \(parsed[1])"); return }
        #expect(spec.ticker == "TSLA")
    }

    @Test func mistakesAreErrorsAtTheirWord() {
        #expect(
            error("let tick = AAPL\nfetch ${tikc}").hasPrefix(
                "error: unknown parameter ${tikc}: define it first (let tikc = …) or give it (quantum run FILE -p "
                    + "tikc=…); known: tick, today — did you mean 'tick'?\n --> t.qscript:2:7"))
        #expect(error("fetch ${t").hasPrefix("error: '${' without its '}' in '${t'"))
        #expect(error("let 9x = 1").hasPrefix("error: '9x' cannot name a parameter"))
        #expect(error("let x").hasPrefix("error: let needs a name and a value"))
    }

    @Test func aRecordingKeepsTheValueARunUsed() {
        #expect(
            Command.let(name: "out", value: "a b.csv").text(writingReferences: { _ in nil }) == #"let out = "a b.csv""#)
    }
}
