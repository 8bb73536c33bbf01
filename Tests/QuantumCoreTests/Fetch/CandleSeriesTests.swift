import Testing
@testable import QuantumCore

@Suite struct CandleSeriesTests {
    func bar(_ date: String, o: Double = 10, h: Double = 12, l: Double = 9, c: Double = 11, v: Double = 100) -> Candle {
        Candle(date: TradingDate(date)!, open: o, high: h, low: l, close: c, volume: v)
    }
    let from = TradingDate("2024-07-01")!, to = TradingDate("2024-07-31")!

    @Test func sortsClipsAndKeepsOneBarPerDate() {
        let input = [
            bar("2024-07-03"), bar("2024-08-01"), bar("2024-07-02"), bar("2024-06-28"),
            bar("2024-07-02", h: 100, c: 99),
        ]
        let (candles, issues) = CandleSeries.normalize(input, from: from, to: to, source: .fmp)
        let warnings = issues.warnings
        #expect(candles.map(\.date.description) == ["2024-07-02", "2024-07-03"])
        // The row sent later wins: providers append corrections.
        #expect(candles[0].close == 99)
        #expect(
            warnings == [
                "fmp sent 1 date(s) twice (first 2024-07-02); kept the row sent later, as providers append corrections",
                "fmp sent its bars out of order; sorted by date",
            ])
    }

    @Test func integrityViolationsAreWarnedNotRepaired() {
        let input = [
            bar("2024-07-01", h: 10.5),  // high below close
            bar("2024-07-02", l: 10.5),  // low above open
            bar("2024-07-03", v: -1),
            bar("2024-07-05", c: .nan),
            bar("2024-07-08"),
        ]
        let (candles, issues) = CandleSeries.normalize(input, from: from, to: to, source: .polygon)
        let warnings = issues.warnings
        #expect(candles.count == 5)
        #expect(candles[0].high == 10.5)
        #expect(
            warnings == [
                "1 bar(s) with a non-finite number (first 2024-07-05)",
                "2 bar(s) with high or low outside the bar's range (first 2024-07-01)",
                "1 bar(s) with negative volume (first 2024-07-03)",
            ])
    }

    @Test func aCleanSeriesHasNoWarnings() {
        let (_, issues) = CandleSeries.normalize(
            [bar("2024-07-01"), bar("2024-07-02")], from: from, to: to, source: .eodhd)
        #expect(issues.warnings.isEmpty)
    }
}
