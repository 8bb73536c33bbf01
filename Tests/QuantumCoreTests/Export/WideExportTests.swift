import Foundation
import Testing
@testable import QuantumCore

/// `export … --wide FIELD`: the matrix every analysis starts from, and never two scales side by side.
@Suite struct WideExportTests {
    static func result(_ ticker: String, basis: PriceBasis, closes: [(String, Double)]) -> FetchResult {
        FetchResult(
            ticker: ticker, from: TradingDate("2024-01-02")!, to: TradingDate("2024-01-05")!, source: .eodhd,
            basis: basis,
            candles: closes.map { date, close in
                Candle(date: TradingDate(date)!, open: close, high: close, low: close, close: close, volume: 100)
            },
            attempts: [Attempt(source: .eodhd, outcome: .ok, status: 200, milliseconds: 1)], simulated: true)
    }

    static let pair = [
        result("AAPL", basis: .split, closes: [("2024-01-02", 185.64), ("2024-01-03", 184.25)]),
        result("VOD.LSE", basis: .split, closes: [("2024-01-03", 0.7012), ("2024-01-04", 0.7)]),
    ]

    @Test func oneRowPerDateOneColumnPerTickerEmptyWhereNoBar() throws {
        let table = try WideTable(Self.pair + ExportTests.unadjusted.suffix(1), field: .close, path: "w.csv")
        #expect(
            String(decoding: table.encode(.csv), as: UTF8.self) == """
                date,AAPL,VOD.LSE
                2024-01-02,185.64,
                2024-01-03,184.25,0.7012
                2024-01-04,,0.7

                """)
        #expect(
            String(decoding: table.encode(.ndjson), as: UTF8.self).split(separator: "\n").first
                == #"{"date":"2024-01-02","AAPL":185.64,"VOD.LSE":null}"#)
    }

    @Test func twoBasesAreRefusedNamingEachTicker() {
        let mixed = [Self.pair[0], Self.result("MSFT", basis: .raw, closes: [("2024-01-02", 370.87)])]
        #expect(
            throws: ExportError(
                path: "w.csv",
                reason: "--wide puts the tickers side by side on one basis, and these are on 2: AAPL split, MSFT raw; "
                    + "fetch them with one --basis")
        ) { try WideTable(mixed, field: .close, path: "w.csv") }
        let twice = [Self.pair[0], Self.result("AAPL", basis: .raw, closes: [("2024-01-04", 184)])]
        #expect(throws: ExportError.self) { try WideTable(twice, field: .close, path: "w.csv") }
    }

    @Test func theManifestListsTheColumnsAndTheField() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wide-\(UUID().uuidString).csv").path
        let manifest = try Exporter.write(Self.pair, format: .csv, to: path, wide: .close)
        #expect(manifest.rows == 3 && manifest.columns == ["date", "AAPL", "VOD.LSE"] && manifest.wide == .close)
        let json = try String(contentsOfFile: path + ".manifest.json", encoding: .utf8)
        #expect(json.contains(#""columns": ["date","AAPL","VOD.LSE"],"#) && json.contains(#""wide": "close","#))
    }
}
