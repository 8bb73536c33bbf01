import Foundation
import Synchronization

/// The cache's rules over a `CandleStore`: which cached bars are still fresh for a requested range,
/// and which trading days must be asked for again. Keyed by ticker, source, basis and date, with
/// the date ranges each fetch covered and when.
///
/// Series read in this process stay in memory too (the most recent, up to `hotCandles`), so a
/// repeated fetch costs microseconds; what another process writes meanwhile is seen once a series
/// leaves memory or this process stores it again.
public final class CandleCache: Sendable {
    public let store: any CandleStore
    public let policy: CachePolicy
    private let hot = Mutex(HotSet())
    /// Candles kept in memory at most, across series.
    static let hotCandles = 250_000
    /// Series kept in memory at most (an empty one too: a batch of thousands of tickers looks up
    /// every source's series of each, most of them empty).
    static let hotSeries = 1024

    public init(store: any CandleStore, policy: CachePolicy = CachePolicy()) {
        self.store = store
        self.policy = policy
    }

    /// A cache that lives as long as the process.
    public static func inMemory(policy: CachePolicy = CachePolicy()) -> CandleCache {
        CandleCache(store: MemoryCandleStore(), policy: policy)
    }

    /// What the cache holds for a series over the trading days `days` (ascending), as of `now`:
    /// the fresh candles, and the days it cannot vouch for. `asRaw`: adjusted bars are trusted as
    /// raw ones are (they will be put back on raw by the splits in effect the day they were
    /// kept), not only for `adjustedMaxAge`.
    public func lookup(_ key: SeriesKey, days: [TradingDate], now: Date, asRaw: Bool = false) async throws
        -> CacheSlice
    {
        guard let first = days.first, let last = days.last else { return CacheSlice(candles: [], missing: []) }
        let series = try await series(key)
        // Each range vouches for its days up to the last one still trusted.
        let trusted = series.ranges.compactMap { range -> ClosedRange<TradingDate>? in
            let upTo = min(
                range.last, policy.lastFresh(basis: asRaw ? .raw : key.basis, fetchedAt: range.fetchedAt, now: now))
            return range.first <= upTo ? range.first...upTo : nil
        }
        // Nothing stored, or nothing still trusted (a source a listing's fetch looks at in turn).
        if trusted.isEmpty { return CacheSlice(candles: [], missing: days) }
        let inRange = series.candles(from: first, through: last)
        // The usual case: one range vouches for every day asked.
        if trusted.contains(where: { $0.lowerBound <= first && last <= $0.upperBound }) {
            return CacheSlice(candles: Array(inRange), missing: [])
        }
        func isFresh(_ day: TradingDate) -> Bool { trusted.contains { $0.contains(day) } }
        return CacheSlice(candles: inRange.filter { isFresh($0.date) }, missing: days.filter { !isFresh($0) })
    }

    /// The whole series as stored, from memory when this process has read it lately.
    public func series(_ key: SeriesKey) async throws -> StoredSeries {
        if let kept = hot.withLock({ $0.get(key) }) { return kept }
        let series = try await store.series(key)
        hot.withLock { $0.put(key, series) }
        return series
    }

    /// Keeps the candles a fetch returned and notes that it covered `first…last`.
    public func store(_ candles: [Candle], for key: SeriesKey, first: TradingDate, last: TradingDate, fetchedAt: Date)
        async throws
    {
        try await store.replace(key, with: candles, covering: first, through: last, fetchedAt: fetchedAt)
        // The next lookup reads the series as it now stands.
        hot.withLock { $0.remove { $0 == key } }
    }

    /// Reads `ticker`'s series from the store again next time (another process sharing the store
    /// has just written them), without forgetting anything stored.
    public func reread(ticker: String) {
        hot.withLock { $0.remove { $0.ticker == ticker } }
    }

    /// Forgets one series whole (its source re-adjusted it).
    public func forget(_ key: SeriesKey) async throws {
        hot.withLock { $0.remove { $0 == key } }
        try await store.remove(key)
    }

    /// Rows and tickers held, per source.
    public func stats() async throws -> CacheStats {
        try await store.stats()
    }

    /// Forgets one ticker, or everything; returns how many candles went.
    @discardableResult
    public func clear(ticker: String? = nil) async throws -> Int {
        hot.withLock { $0.remove { ticker == nil || $0.ticker == ticker } }
        return try await store.clear(ticker: ticker)
    }
}

/// The cached part of a requested series: fresh candles, and trading days still to fetch.
public struct CacheSlice: Sendable {
    public var candles: [Candle]
    public var missing: [TradingDate]
}

extension StoredSeries {
    /// The candles dated `first` through `last`, found by binary search.
    func candles(from first: TradingDate, through last: TradingDate) -> ArraySlice<Candle> {
        func index(_ date: TradingDate) -> Int {
            var lo = 0
            var hi = candles.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if candles[mid].date < date { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        return candles[index(first)..<index(last.adding(days: 1))]
    }
}

/// The series kept in memory, least recently used first out, within a budget of candles and of
/// series.
struct HotSet {
    private var series: [SeriesKey: StoredSeries] = [:]
    private var order: [SeriesKey] = []
    private var candles = 0

    mutating func get(_ key: SeriesKey) -> StoredSeries? {
        guard let found = series[key] else { return nil }
        if order.last != key, let at = order.firstIndex(of: key) {
            order.remove(at: at)
            order.append(key)
        }
        return found
    }

    mutating func put(_ key: SeriesKey, _ value: StoredSeries) {
        remove { $0 == key }
        guard value.candles.count <= CandleCache.hotCandles else { return }
        series[key] = value
        order.append(key)
        candles += value.candles.count
        while candles > CandleCache.hotCandles || order.count > CandleCache.hotSeries, let oldest = order.first {
            remove { $0 == oldest }
        }
    }

    mutating func remove(where matches: (SeriesKey) -> Bool) {
        for key in order where matches(key) {
            candles -= series[key]?.candles.count ?? 0
            series[key] = nil
        }
        order.removeAll(where: matches)
    }
}
