import Foundation
import Testing
@testable import QuantumCore
@testable import QuantumScript

/// The commands beyond fetch: parsing, errors at the input, and the canonical text recordings use.
@Suite struct LanguageTests {
    func parse(_ text: String) throws -> Command {
        try CommandParser.parse(try Tokenizer.commands(in: text, origin: "t.qscript")[0])
    }

    func error(_ text: String) -> String {
        do {
            _ = try ScriptRunner.parse(text, origin: "t.qscript")
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test func referencesAndResultCommands() throws {
        #expect(try parse("show") == .show(nil, rows: nil))
        #expect(try parse("show $3 --rows 5") == .show(.cell(3), rows: 5))
        #expect(try parse("show msft --all") == .show(.ticker("MSFT"), rows: Int.max))
        #expect(try parse("chart $_ --width 60 --height 8") == .chart(.last, width: 60, height: 8))
        #expect(
            try parse("chart AAPL --svg out/a.svg")
                == .chart(.ticker("AAPL"), width: nil, height: nil, svg: "out/a.svg"))
        #expect(try parse("quality AAPL") == .quality(.ticker("AAPL")))
        #expect(
            try parse("export ndjson out/p.ndjson $2 MSFT")
                == .export(.ndjson, path: "out/p.ndjson", refs: [.cell(2), .ticker("MSFT")], wide: nil))
        #expect(try parse("history") == .history(last: nil))
        #expect(try parse("cache clear aapl") == .cache(.clear(ticker: "AAPL")))
        #expect(try parse("set cache off") == .set(.cache(false)))
        #expect(try parse("record out/r.qscript") == .record(.start(path: "out/r.qscript", force: false)))
        #expect(try parse("record stop") == .record(.stop))
    }

    @Test func expectations() throws {
        #expect(try parse("expect $2 ok") == .expect(Expectation(ref: .cell(2), check: .state(.ok))))
        #expect(
            try parse("expect AAPL source == FMP")
                == .expect(Expectation(ref: .ticker("AAPL"), check: .compare(.source, .equal, "fmp"))))
        #expect(
            try parse("expect $_ candles >= 20")
                == .expect(Expectation(ref: .last, check: .compare(.candles, .atLeast, "20"))))
        #expect(
            error("expect $2 fallbak") == """
                error: expected ok, failed or fallback, got 'fallbak' — did you mean 'fallback'?
                 --> t.qscript:1:11
                1 | expect $2 fallbak
                  |           ^^^^^^^
                """)
        #expect(error("expect $2 source >= fmp").hasPrefix("error: source compares with == or !="))
        #expect(
            error("expect $2 candles == many").hasPrefix(
                "error: candles is a count: expected a whole number, got 'many'"))
        #expect(error("show $0").hasPrefix("error: expected a reference such as $2"))
        #expect(
            error("export xls out.xls").hasPrefix("error: unknown format 'xls' (expected csv, json, ndjson, parquet)"))
    }

    @Test(arguments: [
        "fetch AAPL --from 2024-01-02 --to 2024-01-31 --source fmp --basis raw --no-cache",
        "batch AAPL MSFT --days 30 --concurrency 4 --strict",
        "sources order eodhd,polygon", "sources disable fmp", "limits alphavantage 5/min,25/day", "limits",
        "set timeout 2s", "set concurrency 4", "set cache off",
        "fault polygon ratelimit x3", "fault eodhd slow 2s", "fault alphavantage flaky 0.3", "fault clear fmp", "fault",
        "show $2 --rows 5", "show --all", "chart AAPL --width 60", "chart $2 --svg \"my chart.svg\"", "quality $_",
        "export csv \"my prices.csv\" $2 MSFT",
        "expect $2 fallback", "expect AAPL candles >= 20", "cache stats", "cache clear AAPL", "history", "help fetch",
        "show $-1", "compare AAPL --from 2024-01-02 --to 2024-01-31 --sources polygon,eodhd --tolerance 0.01",
    ])
    func canonicalTextParsesBackToTheSameCommand(_ text: String) throws {
        let command = try parse(text)
        let canonical = try #require(command.text(writingReferences: { $0.description }))
        #expect(try parse(canonical) == command, "\(canonical)")
    }

    @Test func cellReferencesAreRenumberedOrRefused() throws {
        let command = try parse("export csv p.csv $4 $9")
        func renumbered(_ map: [Int: Int]) -> (Ref) -> String? {
            { ref in if case .cell(let n) = ref { return map[n].map { "$\($0)" } } else { return ref.description } }
        }
        #expect(command.text(writingReferences: renumbered([4: 1, 9: 3])) == "export csv p.csv $1 $3")
        #expect(command.text(writingReferences: renumbered([4: 1])) == nil)
    }

    @Test func completion() {
        let completer = Completer(tickers: ["AAPL", "AMZN", "MSFT"], resultCells: [1, 2, 3])
        #expect(completer.candidates(before: "", word: "fe") == ["fetch"])
        #expect(completer.candidates(before: "", word: "s") == ["show", "sources", "set", "save"])
        #expect(completer.candidates(before: "fetch ", word: "A") == ["AAPL", "AMZN"])
        #expect(completer.candidates(before: "help ", word: "tick") == ["tickers"])
        #expect(completer.candidates(before: "help ", word: "cal") == ["calendar"])
        #expect(completer.candidates(before: "fetch AAPL ", word: "--so") == ["--source"])
        #expect(
            completer.candidates(before: "fetch AAPL --source ", word: "") == [
                "polygon", "fmp", "alphavantage", "eodhd",
            ])
        #expect(completer.candidates(before: "show ", word: "$") == ["$1", "$2", "$3", "$_"])
        #expect(completer.candidates(before: "fault polygon ", word: "rate") == ["ratelimit"])
        #expect(completer.candidates(before: "sources; fetch MSFT; ", word: "qu") == ["quality", "quit"])
        #expect(completer.candidates(before: "export ", word: "") == ["csv", "json", "ndjson", "parquet"])
    }
}
