import Testing
@testable import QuantumCore

/// A jump in raw prices is named as the split it looks like, for the common ratios both ways.
@Suite struct SplitWordingTests {
    @Test(arguments: [
        (645.57, 93.70, "looks like a 7-for-1 split (raw prices)"),
        (300.0, 150.6, "looks like a 2-for-1 split (raw prices)"),
        (90.0, 60.2, "looks like a 3-for-2 split (raw prices)"),
        (1200.0, 121.0, "looks like a 10-for-1 split (raw prices)"),
        (2.0, 20.3, "looks like a 1-for-10 reverse split (raw prices)"),
        (4.0, 79.0, "looks like a 1-for-20 reverse split (raw prices)"),
        (100.0, 40.0, "a fall of 60%"),
    ])
    func aJumpIsNamedByItsRatio(_ previous: Double, _ next: Double, _ note: String) {
        let a = Candle(
            date: TradingDate("2014-06-06")!, open: previous, high: previous, low: previous, close: previous, volume: 1)
        let b = Candle(date: TradingDate("2014-06-09")!, open: next, high: next, low: next, close: next, volume: 1)
        #expect(QualityReport.jump(from: a, to: b, basis: .raw)?.note == note)
    }
}
