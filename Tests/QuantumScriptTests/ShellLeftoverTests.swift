import Foundation
import Testing
@testable import QuantumCore
@testable import QuantumScript

/// Leftovers of the REPL issue: numbers and lists typed loosely are refused at the word, a
/// cancelled compare claims no agreement, and a batch's rows fit the terminal.
@Suite struct ShellLeftoverTests {
    func error(_ text: String) -> String {
        do {
            _ = try ScriptRunner.parse(text, origin: "t")
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test func aTrailingCommaInLimitsIsRefusedAtTheSpec() {
        #expect(
            error("limits polygon 5/min,") == """
                error: limits are N/unit items separated by single commas (5/min,25/day); '5/min,' has an empty item
                 --> t:1:16
                1 | limits polygon 5/min,
                  |                ^^^^^^
                """)
        #expect(error("limits fmp 5/min,,25/day").contains("'5/min,,25/day' has an empty item\n --> t:1:12"))
        #expect(error("limits fmp ,5/min").contains("has an empty item"))
        #expect(RateWindow.list("5/min,") == nil && RateWindow.list("+5/min") == nil)
        #expect(RateWindow.list("5/min,25/day") == [RateWindow("5/min")!, RateWindow("25/day")!])
    }

    @Test func aSignedNumberIsNotAWholeNumber() {
        #expect(
            error("set concurrency +5").hasPrefix(
                "error: concurrency expects a whole number from 1 to 256, got '+5'\n --> t:1:17"))
        #expect(error("batch AAPL --concurrency +8").hasPrefix("error: --concurrency expects a whole number"))
        #expect(
            error("fetch AAPL --days +5").hasPrefix("error: --days expects a whole number from 1 to 36500, got '+5'"))
        #expect(error("show --rows +3").hasPrefix("error: --rows expects a whole number"))
        #expect(error("show $+1").hasPrefix("error: expected a reference such as $2 (a cell number)") == true)
        #expect(error("show $+1").contains(" --> t:1:6"))
        #expect(error("show $-+1").hasPrefix("error: expected a relative reference such as $-1"))
        #expect(error("expect $1 candles == +5").hasPrefix("error: candles is a count: expected a whole number"))
        #expect(error("set concurrency 5") == "no error" && error("show $2") == "no error")
        #expect(SettingValues.wholeNumber("0042") == 42 && SettingValues.wholeNumber(" 4") == nil)
        #expect(SettingValues.wholeNumber("") == nil && SettingValues.wholeNumber("-1") == nil)
    }

    @Test func historyExpansionTakesNoSignEither() {
        guard case .failed = HistoryExpansion.expand("!+1", cells: []) else {
            Issue.record("!+1 was read as a cell number")
            return
        }
        guard case .failed = HistoryExpansion.expand("!-+1", cells: []) else {
            Issue.record("!-+1 was read as a relative cell")
            return
        }
    }

    static let from = TradingDate("2024-03-04")!, to = TradingDate("2024-03-08")!

    static func served(_ source: SourceID) -> FetchResult {
        let days = ["2024-03-04", "2024-03-05", "2024-03-06", "2024-03-07", "2024-03-08"]
        return FetchResult(
            ticker: "AAPL", from: from, to: to, source: source, basis: .split,
            candles: days.map { Candle(date: TradingDate($0)!, open: 10, high: 11, low: 9, close: 10, volume: 1000) },
            attempts: [Attempt(source: source, outcome: .ok, status: 200)])
    }

    @Test func aCancelledCompareSaysSoAndJudgesNoDay() throws {
        let cancelled = FetchResult(
            request: FetchRequest(ticker: "AAPL", from: Self.from, to: Self.to, pinned: .fmp),
            attempts: [Attempt(source: .fmp, outcome: .cancelled)],
            failure: FetchFailure(.cancelled, message: "cancelled before any source answered for AAPL"))
        let c = Comparer.compare([(.polygon, Self.served(.polygon)), (.fmp, cancelled)], tolerance: (0.005, 0.05))
        #expect(c.cancelled && c.agreeing == 0 && c.disagreements.isEmpty && c.lone.isEmpty)
        let text = TextRenderer.compare(c, .plain)
        #expect(text.contains("cancelled before every source answered: no day was compared, agreement not judged"))
        #expect(!text.contains("agree within"), "\(text)")
        let json = JSONWriter.object(ResultJSON.comparison(c))
        #expect(json.contains(#""cancelled":true,"agreeing_days":null"#), "\(json)")

        let whole = Comparer.compare(
            [(.polygon, Self.served(.polygon)), (.fmp, Self.served(.fmp))], tolerance: (0.005, 0.05))
        #expect(!whole.cancelled && whole.agreeing == 5)
        #expect(JSONWriter.object(ResultJSON.comparison(whole)).contains(#""cancelled":false,"agreeing_days":5"#))
    }

    /// One source agrees with nothing: a compare where only one served bars judges no day.
    @Test func aCompareWithOneSourceServingJudgesNoDay() {
        let failed = FetchResult(
            request: FetchRequest(ticker: "AAPL", from: Self.from, to: Self.to, pinned: .fmp),
            attempts: [Attempt(source: .fmp, outcome: .notFound, status: 404)],
            failure: FetchFailure(.exhausted(last: .fmp, outcome: .notFound), message: "fmp: not found"))
        let c = Comparer.compare([(.polygon, Self.served(.polygon)), (.fmp, failed)], tolerance: (0.005, 0.05))
        #expect(!c.judged && c.compared == 1 && c.agreeing == 0 && c.reference == .polygon)
        let text = TextRenderer.compare(c, .plain)
        #expect(
            text.contains("only polygon served bars: nothing to compare them with, agreement not judged"), "\(text)")
        #expect(!text.contains("agree within"), "\(text)")
        #expect(JSONWriter.object(ResultJSON.comparison(c)).contains(#""agreeing_days":null"#))
        #expect(error("compare AAPL --sources polygon").contains("compare needs at least two sources"))
    }

    @Test(arguments: [20, 40, 60, 90, 100, 140])
    func batchRowsFitTheTerminalWithACancelledTicker(width: Int) {
        var slow = Self.served(.eodhd)
        slow.attempts = [
            Attempt(source: .polygon, outcome: .notFound, status: 404, message: "Ticker not found."),
            Attempt(source: .fmp, outcome: .skippedRateLimit),
            Attempt(source: .alphavantage, outcome: .serverError, status: 500),
            Attempt(source: .eodhd, outcome: .ok, status: 200),
        ]
        let failed = FetchResult(
            ticker: "NOSUCH1", from: Self.from, to: Self.to,
            attempts: [
                Attempt(
                    source: .eodhd, outcome: .notFound, status: 404,
                    message: "ticker not found (404 page not shown: it echoes the request)")
            ], error: "no source could serve NOSUCH1")
        let cancelled = FetchResult(
            request: FetchRequest(ticker: "SYN0042", from: Self.from, to: Self.to),
            attempts: [Attempt(source: .polygon, outcome: .cancelled)],
            failure: FetchFailure(.cancelled, message: "cancelled before SYN0042 was fetched"))
        let report = BatchReport(results: [slow, failed, cancelled], elapsed: .seconds(2))
        let style = TextStyle(width: width)
        let text = TextRenderer.batch(report, style)
        let rows = text.split(separator: "\n").dropLast()
        #expect(rows.count == 3)
        for row in rows { #expect(row.count <= width, "\(row.count) > \(width): \(row)") }
        if width >= 100 { #expect(text.contains("after polygon not found")) }
    }

    /// A ticker served with no bar (the range holds no finished session) is ok, in the row as in
    /// the tally, on both batch paths; it was shown as `failed` beside "2 ok · 0 failed".
    @Test func aTickerWithNoSessionIsOkInItsRowAsInTheTally() {
        var weekend = FetchResult(
            ticker: "AAPL", from: TradingDate("2026-11-28")!, to: TradingDate("2026-11-29")!, simulated: true)
        weekend.noSession = true
        weekend.notes = ["no session in the range: 2026-11-28 … 2026-11-29 are weekend days"]
        let report = BatchReport(results: [weekend], elapsed: .seconds(1))
        let streamed = StreamedBatch(
            summaries: [TickerSummary(weekend)], requests: weekend.request, elapsed: .seconds(1))
        for text in [
            TextRenderer.batch(report, TextStyle(width: 120)),
            TextRenderer.streamedBatch(streamed, TextStyle(width: 120)),
        ] {
            let row = text.split(separator: "\n")[0]
            #expect(
                row.contains(" ok ") && row.contains("no bars") && row.contains("no session in the range: 2026-11-28"),
                "\(text)")
            #expect(!text.contains("failed  "), "\(text)")
            #expect(text.contains("1 ok · 0 failed"), "\(text)")
        }
    }

    /// `--export -` would have written a file named `-`; `--export` onto the `@FILE` of the
    /// tickers would have replaced the list with candles. Both are refused before anything runs.
    @Test func aStreamedExportToStandardOutputOrOntoItsTickerListIsRefused() throws {
        #expect(error("batch AAPL --days 5 --export - --format csv").contains("for standard output run the batch"))
        let list = FileManager.default.temporaryDirectory.appendingPathComponent("list-\(UUID().uuidString).csv").path
        try "AAPL\nMSFT\n".write(toFile: list, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: list) }
        #expect(error("batch @\(list) --days 5 --export \(list)").contains("is the ticker list @\(list)"))
        #expect(try String(contentsOfFile: list, encoding: .utf8) == "AAPL\nMSFT\n")
    }

    /// Tickers served with days missing are counted in the tally, on both batch paths.
    @Test func theTallySaysHowManyOfTheOkTickersAreIncomplete() {
        var gap = Self.served(.polygon)
        gap.missing = [Self.to]
        let report = BatchReport(results: [gap, Self.served(.polygon)], elapsed: .seconds(1))
        let streamed = StreamedBatch(
            summaries: report.results.map(TickerSummary.init), requests: gap.request, elapsed: .seconds(1))
        for text in [
            TextRenderer.batch(report, TextStyle(width: 120)),
            TextRenderer.streamedBatch(streamed, TextStyle(width: 120)),
        ] {
            #expect(text.contains("2 requested · 2 ok (1 incomplete) · 0 failed"), "\(text)")
        }
    }
}
