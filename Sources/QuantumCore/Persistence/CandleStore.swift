import Foundation

/// One cached series: a ticker from a source on a price basis.
public struct SeriesKey: Sendable, Hashable {
    public var ticker: String
    public var source: SourceID
    public var basis: PriceBasis

    public init(ticker: String, source: SourceID, basis: PriceBasis) {
        self.ticker = ticker
        self.source = source
        self.basis = basis
    }
}

/// A span of dates one fetch covered, and when (wall-clock time).
public struct CoverageRange: Sendable, Equatable {
    public var first: TradingDate
    public var last: TradingDate
    public var fetchedAt: Date

    public init(first: TradingDate, last: TradingDate, fetchedAt: Date) {
        self.first = first
        self.last = last
        self.fetchedAt = fetchedAt
    }
}

/// A series as a store holds it: the ranges fetches covered, and the candles, ascending by date.
public struct StoredSeries: Sendable {
    public var ranges: [CoverageRange]
    public var candles: [Candle]

    public init(ranges: [CoverageRange] = [], candles: [Candle] = []) {
        self.ranges = ranges
        self.candles = candles
    }
}

/// What `cache stats` shows.
public struct CacheStats: Sendable {
    public struct Source: Sendable {
        public var source: SourceID
        public var candles: Int
        public var tickers: Int
        public var first: TradingDate
        public var last: TradingDate

        public init(source: SourceID, candles: Int, tickers: Int, first: TradingDate, last: TradingDate) {
            self.source = source
            self.candles = candles
            self.tickers = tickers
            self.first = first
            self.last = last
        }
    }

    public var tickers: Int
    /// The store's size on disk (0 in memory).
    public var bytes: Int
    public var sources: [Source]

    public var candles: Int { sources.reduce(0) { $0 + $1.candles } }

    public init(tickers: Int, bytes: Int, sources: [Source]) {
        self.tickers = tickers
        self.bytes = bytes
        self.sources = sources
    }
}

/// The corporate-action reports a ledger was merged from, as the core encoded them (`body`, JSON),
/// and when the sources were read.
public struct StoredActionReports: Sendable, Equatable {
    public var body: Data
    public var readAt: Date

    public init(body: Data, readAt: Date) {
        self.body = body
        self.readAt = readAt
    }
}

/// Where fetched candles are kept between fetches (SQLite on one machine, in memory for simulated
/// sessions and tests). A store only keeps and returns rows; what is fresh, and what a fetch may
/// serve from it, is decided by `CandleCache` in the core.
///
/// Errors are the backend's own; the cache treats a store that cannot be read as empty (the
/// providers are asked) and one that cannot be written as a cache that keeps nothing.
public protocol CandleStore: Sendable {
    /// The whole series: every coverage range and every candle, ascending.
    func series(_ key: SeriesKey) async throws -> StoredSeries
    /// Replaces the series' candles dated `first…last` by `candles` (those outside the span are
    /// ignored) and records that a fetch at `fetchedAt` covered the span; ranges inside it are
    /// dropped.
    func replace(
        _ key: SeriesKey, with candles: [Candle], covering first: TradingDate, through last: TradingDate,
        fetchedAt: Date)
        async throws
    /// Forgets one series: its candles and coverage.
    func remove(_ key: SeriesKey) async throws
    /// Rows and tickers held, per source.
    func stats() async throws -> CacheStats
    /// Forgets one ticker (every source and basis, and its corporate actions), or everything;
    /// returns how many candles went.
    func clear(ticker: String?) async throws -> Int
    /// The corporate-action reports kept for `ticker`'s ledger of `feeds` (a key such as
    /// `splits` or `dividends,splits`); nil when none are kept.
    func actionReports(_ ticker: String, feeds: String) async throws -> StoredActionReports?
    /// Keeps them, replacing what was kept for the ticker and feeds.
    func keepActionReports(_ reports: StoredActionReports, ticker: String, feeds: String) async throws
    /// Whether what is stored lives in this process's memory (a streamed batch, meant for pulls
    /// larger than memory, neither reads nor writes such a cache).
    var holdsInMemory: Bool { get }
    /// How results name this store: "the local cache" (the default), "the team's PostgreSQL cache".
    var cacheName: String { get }
    /// Why the store cannot be used now, in one line naming it (a database that does not answer);
    /// nil when it can (always, for a store in a local file or in memory).
    func unreachable() async -> String?
    /// Whether processes elsewhere share this store and wait for one another's fetches
    /// (`claim`): the team's database.
    var sharesFetches: Bool { get }
    /// Claims `key` (a ticker being fetched) for `holder` until `expires` (seconds since 1970):
    /// true when it was free, its claim had expired, or `holder` holds it already.
    func claim(_ key: String, holder: String, expires: Double, now: Double) async throws -> Bool
    /// Gives up `holder`'s claim on `key` (nothing when another holds it).
    func release(_ key: String, holder: String) async throws
}

extension CandleStore {
    public var holdsInMemory: Bool { false }
    public var cacheName: String { "the local cache" }
    public func unreachable() async -> String? { nil }
    public var sharesFetches: Bool { false }
    public func claim(_ key: String, holder: String, expires: Double, now: Double) async throws -> Bool { true }
    public func release(_ key: String, holder: String) async throws {}
}
