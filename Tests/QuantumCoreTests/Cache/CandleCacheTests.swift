import Foundation
import QuantumTestSupport
import Synchronization
import Testing
@testable import QuantumCore

/// Requests seen by a stub transport.
final class Counter: Sendable {
    private let count = Mutex(0)
    func add() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}

/// The cache's coverage and gap logic, on an in-memory database, and the fetch path through it.
@Suite struct CandleCacheTests {
    static let today = TradingDate("2024-07-12")!
    static let noon = Date(timeIntervalSince1970: 1_720_800_000)  // 2024-07-12 16:00 UTC, 12:00 in New York

    func bar(_ date: String, close: Double = 10) -> Candle {
        Candle(date: TradingDate(date)!, open: close, high: close + 1, low: close - 1, close: close, volume: 100)
    }

    func days(_ from: String, _ to: String) -> [TradingDate] {
        NYSECalendar.tradingDays(from: TradingDate(from)!, through: TradingDate(to)!)
    }

    @Test func whatWasStoredIsServedAndOnlyTheRestIsMissing() async throws {
        let cache = CandleCache.inMemory()
        let stored = ["2024-07-01", "2024-07-02", "2024-07-03", "2024-07-05"].map { bar($0) }
        try await cache.store(
            stored, for: SeriesKey(ticker: "AAPL", source: .polygon, basis: .raw), first: TradingDate("2024-07-01")!,
            last: TradingDate("2024-07-05")!, fetchedAt: Self.noon)
        let slice = try await cache.lookup(
            SeriesKey(ticker: "AAPL", source: .polygon, basis: .raw), days: days("2024-07-01", "2024-07-10"),
            now: Self.noon)
        #expect(slice.candles.map(\.date.description) == ["2024-07-01", "2024-07-02", "2024-07-03", "2024-07-05"])
        // The 4th of July and the weekend are not gaps: only trading days are asked for.
        #expect(slice.missing.map(\.description) == ["2024-07-08", "2024-07-09", "2024-07-10"])
        // Another source or basis holds nothing.
        let other = try await cache.lookup(
            SeriesKey(ticker: "AAPL", source: .fmp, basis: .raw), days: days("2024-07-01", "2024-07-05"), now: Self.noon
        )
        #expect(other.candles.isEmpty && other.missing.count == 4)
    }

    @Test func recentAndAdjustedBarsExpire() {
        let policy = CachePolicy(recentMaxAge: .seconds(3600), adjustedMaxAge: .seconds(86_400))
        func isFresh(_ day: TradingDate, basis: PriceBasis, fetchedAt: Date, now: Date) -> Bool {
            day <= policy.lastFresh(basis: basis, fetchedAt: fetchedAt, now: now)
        }
        let fetchDay = TradingDate("2024-07-12")!
        let yesterday = TradingDate("2024-07-11")!
        // The fetch day's own bar may still change: trusted for an hour.
        #expect(isFresh(fetchDay, basis: .raw, fetchedAt: Self.noon, now: Self.noon.addingTimeInterval(3000)))
        #expect(!isFresh(fetchDay, basis: .raw, fetchedAt: Self.noon, now: Self.noon.addingTimeInterval(4000)))
        // A past raw bar never changes; an adjusted one is rewritten by the next split or dividend.
        #expect(isFresh(yesterday, basis: .raw, fetchedAt: Self.noon, now: Self.noon.addingTimeInterval(86_400 * 365)))
        #expect(isFresh(yesterday, basis: .split, fetchedAt: Self.noon, now: Self.noon.addingTimeInterval(80_000)))
        #expect(!isFresh(yesterday, basis: .split, fetchedAt: Self.noon, now: Self.noon.addingTimeInterval(90_000)))
        // A fetch stamped after now (a clock ahead when it was written) vouches for no day, of any basis;
        // a few seconds of skew are tolerated.
        for basis in [PriceBasis.raw, .split] {
            #expect(
                !isFresh(yesterday, basis: basis, fetchedAt: Self.noon.addingTimeInterval(86_400 * 365), now: Self.noon)
            )
            #expect(!isFresh(yesterday, basis: basis, fetchedAt: Self.noon.addingTimeInterval(120), now: Self.noon))
            #expect(isFresh(yesterday, basis: basis, fetchedAt: Self.noon.addingTimeInterval(30), now: Self.noon))
        }
    }

    @Test func clearingForgetsOneTickerOrAll() async throws {
        let cache = CandleCache.inMemory()
        for ticker in ["AAPL", "MSFT"] {
            try await cache.store(
                [bar("2024-07-01"), bar("2024-07-02")], for: SeriesKey(ticker: ticker, source: .eodhd, basis: .raw),
                first: TradingDate("2024-07-01")!, last: TradingDate("2024-07-02")!, fetchedAt: Self.noon)
        }
        #expect(try await cache.stats().candles == 4)
        #expect(try await cache.clear(ticker: "AAPL") == 2)
        let stats = try await cache.stats()
        #expect(stats.tickers == 1 && stats.sources.map(\.source) == [.eodhd])
        #expect(try await cache.clear() == 2)
    }

    /// The orchestrator with a cache: counts requests per source.
    func orchestrator(store: any CandleStore, count: Counter) -> Engine {
        let transport = StaticTransport { request in
            count.add()
            // Answers EODHD-style with the bars inside the asked range.
            let query = request.url.split(separator: "?").last.map(String.init) ?? ""
            let from = query.split(separator: "&").first { $0.hasPrefix("from=") }.map { String($0.dropFirst(5)) } ?? ""
            let to = query.split(separator: "&").first { $0.hasPrefix("to=") }.map { String($0.dropFirst(3)) } ?? ""
            let bars = NYSECalendar.tradingDays(from: TradingDate(from)!, through: TradingDate(to)!).map { day in
                #"{"date":"\#(day)","open":10,"high":11,"low":9,"close":10.5,"adjusted_close":10.4,"volume":1000}"#
            }
            return ProviderResponse(status: 200, text: "[" + bars.joined(separator: ",") + "]")
        }
        let time = TimeSource(ContinuousClock(), wallOrigin: Self.noon)
        return stubEngine(transport, sources: [.eodhd], candleStore: store, time: time, today: Self.today)
    }

    @Test func aSecondFetchOfTheSameRangeSendsNoRequest() async throws {
        let count = Counter()
        let orchestrator = orchestrator(store: MemoryCandleStore(), count: count)
        let query = BarQuery(ticker: "AAPL", from: TradingDate("2024-06-03")!, to: TradingDate("2024-06-28")!)
        let first = await orchestrator.fetch(query)
        let second = await orchestrator.fetch(query)
        #expect(count.value == 1)
        #expect(first.candles == second.candles && second.cached == second.candles.count)
        #expect(
            second.attempts.map(\.outcome) == [.ok] && second.attempts.first?.status == nil
                && second.attempts.first?.source == .eodhd)
        #expect(second.source == .eodhd && second.basis == .raw)
    }

    @Test func aWiderRangeAsksOnlyForTheMissingDays() async throws {
        let count = Counter()
        let orchestrator = orchestrator(store: MemoryCandleStore(), count: count)
        _ = await orchestrator.fetch(
            BarQuery(ticker: "AAPL", from: TradingDate("2024-06-03")!, to: TradingDate("2024-06-14")!))
        let wider = await orchestrator.fetch(
            BarQuery(ticker: "AAPL", from: TradingDate("2024-06-03")!, to: TradingDate("2024-06-28")!))
        #expect(count.value == 2)
        #expect(wider.candles.count == 19 && wider.cached == 10)
        #expect(wider.from.description == "2024-06-03" && wider.to.description == "2024-06-28")
        // Bypassing the cache asks again.
        _ = await orchestrator.fetch(
            BarQuery(ticker: "AAPL", from: TradingDate("2024-06-03")!, to: TradingDate("2024-06-28")!), useCache: false)
        #expect(count.value == 3)
    }
}
