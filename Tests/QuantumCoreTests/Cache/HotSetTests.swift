import Testing
@testable import QuantumCore

/// The cache's in-memory series: bounded by candles and by series, so a batch of any size that
/// looks up (mostly empty) series of thousands of tickers holds no more than the budget.
@Suite struct HotSetTests {
    @Test func emptySeriesCountTowardsTheBudgetAndTheOldestGoFirst() {
        var hot = HotSet()
        let count = CandleCache.hotSeries + 50
        let keys = (0..<count).map { SeriesKey(ticker: "SYN\($0)", source: .polygon, basis: .split) }
        for key in keys { hot.put(key, StoredSeries()) }
        #expect(hot.get(keys[0]) == nil && hot.get(keys[count - CandleCache.hotSeries - 1]) == nil)
        #expect(keys.suffix(CandleCache.hotSeries).allSatisfy { hot.get($0) != nil })
    }
}
