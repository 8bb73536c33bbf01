import Testing
@testable import QuantumCore
@testable import QuantumScript

/// Every number a command takes has a documented range; outside it is a usage error at the value,
/// and nothing a user types reaches arithmetic that could trap.
@Suite struct NumberRangeTests {
    func error(_ text: String) -> String {
        do {
            _ = try ScriptRunner.parse(text, origin: "t")
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test func outOfRangeValuesPointAtTheValue() {
        #expect(
            error("show --rows 4611686018427387904") == """
                error: --rows expects a whole number from 1 to 1000000, got '4611686018427387904'
                 --> t:1:13
                1 | show --rows 4611686018427387904
                  |             ^^^^^^^^^^^^^^^^^^^
                """)
        #expect(
            error("chart --width 999999999999").hasPrefix(
                "error: --width expects a whole number from 20 to 4000, got '999999999999'\n --> t:1:15"))
        #expect(
            error("chart --height=99999999999").hasPrefix(
                "error: --height expects a whole number from 3 to 3000, got '99999999999'\n --> t:1:7"))
        #expect(
            error("fetch AAPL --days 9223372036854775807").hasPrefix(
                "error: --days expects a whole number from 1 to 36500, got '9223372036854775807'\n --> t:1:19"))
        #expect(
            error("fetch AAPL --days 99999999999999999999999").hasPrefix(
                "error: --days expects a whole number from 1 to 36500"))
        #expect(error("fetch AAPL --days 0").hasPrefix("error: --days expects a whole number from 1 to 36500, got '0'"))
        #expect(
            error("chart --width 1200").hasPrefix(
                "error: --width expects a whole number from 20 to 1000 (columns), got '1200'\n --> t:1:15"))
        #expect(
            error("chart --svg a.svg --height 100").hasPrefix(
                "error: --height expects a whole number from 200 to 3000 (pixels of an SVG), got '100'"))
        #expect(
            error("batch AAPL --concurrency 100000").hasPrefix(
                "error: --concurrency expects a whole number from 1 to 256"))
        #expect(
            error("set concurrency 9999999999999999999999").hasPrefix(
                "error: concurrency expects a whole number from 1 to 256"))
        #expect(
            error("set timeout 99999999999999h") == """
                error: timeout expects a duration from 1ms to 1h such as 2s or 500ms, got '99999999999999h'
                 --> t:1:13
                1 | set timeout 99999999999999h
                  |             ^^^^^^^^^^^^^^^
                """)
        #expect(error("set timeout 2h").hasPrefix("error: timeout expects a duration from 1ms to 1h"))
        #expect(
            error("limits polygon 9223372036854775807/s").hasPrefix(
                "error: expected limits such as 4/s or 5/min,25/day (N from 1 to 1000000"))
        #expect(error("fault polygon slow 99999999999999h").hasPrefix("error: slow needs a duration"))
        #expect(error("show --all --rows 3").hasPrefix("error: --rows cannot be combined with --all"))
    }

    @Test func inRangeValuesParse() throws {
        let line = try Tokenizer.commands(
            in: "show $1 --rows 1000000; chart --width 1000 --height 3; set timeout 1h; show --all", origin: "t")
        #expect(
            try line.map { try CommandParser.parse($0) } == [
                .show(.cell(1), rows: 1_000_000), .chart(nil, width: 1000, height: 3), .set(.timeout(.seconds(3600))),
                .show(nil, rows: .max),
            ])
    }

    @Test func durationsTooLongToHoldAreNotDurations() {
        #expect(SettingValues.duration("99999999999999h") == nil)
        #expect(SettingValues.duration("1e300s") == nil)
        #expect(SettingValues.duration("0.0001s") == nil)
        #expect(SettingValues.duration("15s") == .seconds(15))
    }

    @Test func showAllDrawsEveryRowWithoutOverflow() {
        let candles = (0..<25).map {
            Candle(
                date: TradingDate(daysSinceEpoch: Int32(19_000 + $0)), open: 1, high: 2, low: 0.5, close: 1.5,
                volume: 10)
        }
        let all = TextRenderer.candleTable(candles, rows: .max, .plain)
        #expect(all.split(separator: "\n").count == 26 && !all.contains("not shown"))
        #expect(TextRenderer.candleTable(candles, rows: 3, .plain).contains("(19 rows not shown"))
        #expect(!TextRenderer.candleTable(candles, rows: 12, .plain).contains("not shown"))
        #expect(TextRenderer.candleTable(candles, rows: 11, .plain).contains("(3 rows not shown"))
    }

    @Test func aMissingOptionValueIsReportedAtTheOption() {
        #expect(
            error("fetch AAPL --from") == """
                error: --from needs a value (DATE)
                 --> t:1:12
                1 | fetch AAPL --from
                  |            ^^^^^^
                """)
        #expect(
            error("fetch AAPL --days --source fmp").hasPrefix(
                "error: --days needs a value (N); a value cannot start with '-', got '--source'\n --> t:1:19"))
        #expect(
            error("fetch AAPL --no-cache=yes").hasPrefix("error: --no-cache is a flag and takes no value\n --> t:1:12"))
        #expect(
            error("fetch AAPL MSFT").hasPrefix("error: unexpected 'MSFT': fetch takes no more arguments\n --> t:1:12"))
        #expect(error("fetch").hasPrefix("error: fetch needs TICKER"))
        #expect(
            error("export xls out.csv").hasPrefix(
                "error: unknown format 'xls' (expected csv, json, ndjson, parquet)\n --> t:1:8"))
        #expect(
            error("fetch AAPL --basis splitt").hasPrefix(
                "error: unknown basis 'splitt' (expected raw, split, split+dividend) — did you mean 'split'?\n --> t:1:20"
            ))
        #expect(
            error("fetch AAPL --basis split+div").hasPrefix(
                "error: unknown basis 'split+div' (expected raw, split, split+dividend) — did you mean "
                    + "'split+dividend'?\n --> t:1:20"))
        #expect(
            error("fetch AAPL --basis any").hasPrefix(
                "error: basis 'any' is retired: every basis is computed here from the corporate actions, whichever "
                    + "source serves; ask raw, split, split+dividend (default split)\n --> t:1:20"))
        #expect(error("limits polygn 5/s").hasPrefix("error: unknown source 'polygn'"))
    }

    @Test func anImpossibleDateSaysSo() {
        #expect(
            error("fetch AAPL --from 2024-02-30") == """
                error: --from names no such date: '2024-02-30' (February 2024 has 29 days)
                 --> t:1:19
                1 | fetch AAPL --from 2024-02-30
                  |                   ^^^^^^^^^^
                """)
        #expect(
            error("fetch AAPL --from 2023-13-01").hasPrefix(
                "error: --from names no such date: '2023-13-01' (there is no month 13)"))
        #expect(
            error("fetch AAPL --to 2024-1-5 --from 2024-01-01").hasPrefix(
                "error: --to expects a date as YYYY-MM-DD, got '2024-1-5'"))
    }
}
