import Testing
@testable import QuantumCore

@Suite struct QualityReportTests {
    func bar(_ date: String, close: Double, volume: Double = 1000) -> Candle {
        Candle(
            date: TradingDate(date)!, open: close, high: close * 1.01, low: close * 0.99, close: close, volume: volume)
    }

    @Test func gapsZeroVolumeJumpsAndABasisChangeAreReported() {
        let candles = [
            bar("2024-06-05", close: 1200), bar("2024-06-06", close: 1210),
            // 2024-06-07 is missing
            bar("2024-06-10", close: 121.5, volume: 0),  // the 10-for-1 split, unadjusted
            bar("2024-06-11", close: 122),
        ]
        var result = FetchResult(
            ticker: "NVDA", from: TradingDate("2024-06-03")!, to: TradingDate("2024-06-12")!, source: .eodhd,
            basis: .raw, candles: candles)
        result.basisChange = BasisChange(preferred: .polygon, expected: .split, source: .eodhd, served: .raw)
        let report = QualityReport(result, today: TradingDate("2024-06-20")!)
        #expect(report.expectedDays == 8 && report.bars == 4)
        #expect(report.gaps.map(\.description) == ["2024-06-07"])
        #expect(report.missingBefore == 2 && report.missingAfter == 1)
        #expect(report.zeroVolume.map(\.description) == ["2024-06-10"])
        #expect(report.jumps.map(\.note) == ["looks like a 10-for-1 split (raw prices)"])
        #expect(report.basisChange == "polygon (preferred) serves split prices; these are raw, from eodhd")
        #expect(!report.isClean)
        #expect(
            report.summary.contains("1 missing (first 2024-06-07)")
                && report.summary.contains("1 jump (2024-06-10 ×0.1"))
    }

    @Test func aCleanSeriesSaysSo() {
        let candles = ["2024-06-03", "2024-06-04", "2024-06-05"].map { bar($0, close: 100) }
        let result = FetchResult(
            ticker: "AAPL", from: TradingDate("2024-06-01")!, to: TradingDate("2024-06-05")!, source: .polygon,
            basis: .split, candles: candles)
        let report = QualityReport(result, today: TradingDate("2024-06-05")!)
        #expect(report.isClean)
        #expect(report.summary == "3 of 3 trading days · no gaps · no zero-volume days · no jumps")
    }
}
