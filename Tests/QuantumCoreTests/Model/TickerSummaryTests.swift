import Testing
@testable import QuantumCore

/// A streamed batch's summary packs a result into 64 bytes and gives back every part of it that
/// is not a candle.
@Suite struct TickerSummaryTests {
    static let day = TradingDate("2024-01-02")!
    static let next = TradingDate("2024-01-03")!
    static let candle = Candle(date: day, open: 1, high: 2, low: 0.5, close: 1.5, volume: 100)

    static func result(_ attempts: [Attempt], source: SourceID? = .polygon, cached: Int = 0) -> FetchResult {
        var r = FetchResult(
            request: FetchRequest(ticker: "AAPL", from: day, to: next), source: source, basis: .split,
            candles: source == nil ? [] : [candle], attempts: attempts, cached: cached, simulated: true,
            elapsed: .microseconds(12_345))
        if source == nil { r.failure = FetchFailure(.cancelled, message: "cancelled before AAPL was fetched") }
        return r
    }

    static let results: [FetchResult] = {
        var fromCache = Attempt(source: .fmp, outcome: .ok, milliseconds: 0)
        fromCache.fromCache = true
        var gap = result([
            Attempt(source: .polygon, outcome: .rateLimited, status: 429, message: "slow down", milliseconds: 3),
            Attempt(source: .fmp, outcome: .ok, status: 200, milliseconds: 41),
        ])
        gap.missing = [next]
        gap.warnings = ["one day missing"]
        return [
            result([Attempt(source: .polygon, outcome: .ok, status: 200, milliseconds: 12)]),
            result([Attempt(source: .eodhd, outcome: .ok, milliseconds: 7)]),
            result([fromCache], source: .fmp, cached: 1),
            result([Attempt.cacheHit(.alphavantage)], source: .alphavantage, cached: 1),
            result([Attempt(source: .polygon, outcome: .ok, status: 200, milliseconds: Int(Int32.max) + 1)]),
            gap,
            result([Attempt(source: .polygon, outcome: .cancelled, message: "not started")], source: nil),
            result([], source: nil),
        ]
    }()

    @Test func fitsInSixtyFourBytes() {
        #expect(MemoryLayout<TickerSummary>.stride <= 64)
    }

    @Test(arguments: results.indices)
    func givesBackEveryPartButTheCandles(_ index: Int) {
        let r = Self.results[index]
        let s = TickerSummary(r)
        let back = s.result(request: r.request, candles: r.candles)
        #expect(ResultJSON.fetchMembers(back).map { "\($0)=\($1)" } == ResultJSON.fetchMembers(r).map { "\($0)=\($1)" })
        #expect(back.attempts == r.attempts && back.elapsed == r.elapsed)
        #expect(s.rows == (r.ok ? r.candles.count : 0) && s.first == (r.ok ? r.candles.first?.date : nil))
        #expect(s.ok == r.ok && s.isComplete == r.isComplete && s.isFallback == r.isFallback)
        #expect(s.wasCancelled == r.wasCancelled && s.error == r.error && s.missing == r.missing)
    }

    @Test func aPlainTickerBoxesNothing() {
        #expect(TickerSummary(Self.results[0]).details == nil)
        #expect(TickerSummary(Self.results[3]).details != nil, "an attempt with a message is boxed")
    }
}
