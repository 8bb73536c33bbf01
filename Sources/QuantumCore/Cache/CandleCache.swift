import Foundation
import GRDB
import Synchronization

/// Candles already fetched, in SQLite (`$XDG_CACHE_HOME/quantum/candles.sqlite`, WAL, safe with
/// several processes at once): keyed by ticker, source, basis and date, with the date ranges each
/// fetch covered and when, so a later fetch asks the providers only for the trading days it lacks.
///
/// Series read in this process stay in memory too (the most recent, up to `hotCandles`), so a
/// repeated fetch costs microseconds; what another process writes meanwhile is seen once a
/// series leaves memory or this process stores it again.
public final class CandleCache: Sendable {
    private let database: any DatabaseWriter
    public let policy: CachePolicy
    private let hot = Mutex(HotSet())
    /// Candles kept in memory at most, across series.
    static let hotCandles = 250_000

    /// A cache over any database (an in-memory `DatabaseQueue()` in tests).
    public init(database: any DatabaseWriter, policy: CachePolicy = CachePolicy()) throws {
        self.database = database
        self.policy = policy
        try database.write { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS candles (
                    ticker TEXT NOT NULL, source TEXT NOT NULL, basis TEXT NOT NULL, day INTEGER NOT NULL,
                    open REAL NOT NULL, high REAL NOT NULL, low REAL NOT NULL, close REAL NOT NULL, volume REAL NOT NULL,
                    vwap REAL, trades INTEGER, adjusted_close REAL,
                    PRIMARY KEY (ticker, source, basis, day)
                ) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS coverage (
                    ticker TEXT NOT NULL, source TEXT NOT NULL, basis TEXT NOT NULL,
                    first_day INTEGER NOT NULL, last_day INTEGER NOT NULL, fetched_at REAL NOT NULL
                );
                CREATE INDEX IF NOT EXISTS coverage_by_series ON coverage (ticker, source, basis);
                """)
        }
    }

    /// A cache that lives as long as the process.
    public static func inMemory(policy: CachePolicy = CachePolicy()) throws -> CandleCache {
        try CandleCache(database: DatabaseQueue(), policy: policy)
    }

    /// Opens (creating if needed) the cache file at `path`.
    public convenience init(path: String, policy: CachePolicy = CachePolicy()) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        // One connection, in WAL mode: other processes read while one writes.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
        try self.init(database: DatabaseQueue(path: path, configuration: configuration), policy: policy)
    }

    /// `$XDG_CACHE_HOME/quantum/candles.sqlite`, else `~/.cache/quantum/candles.sqlite`.
    public static func defaultPath(environment: [String: String]) -> String? {
        if let cache = environment["XDG_CACHE_HOME"], !cache.isEmpty { return cache + "/quantum/candles.sqlite" }
        return environment["HOME"].map { $0 + "/.cache/quantum/candles.sqlite" }
    }

    /// What the cache holds for a series over the trading days `days` (ascending), as of `now`:
    /// the fresh candles, and the days it cannot vouch for. Synchronous: from memory, or one
    /// read of the database on the calling thread (less than the hops to a database queue).
    public func lookup(_ ticker: String, source: SourceID, basis: PriceBasis, days: [TradingDate], now: Date) throws -> CacheSlice {
        guard let first = days.first, let last = days.last else { return CacheSlice(candles: [], missing: []) }
        let key = SeriesKey(ticker: ticker, source: source.rawValue, basis: basis.rawValue)
        let series: CachedSeries
        if let kept = hot.withLock({ $0.get(key) }) {
            series = kept
        } else {
            series = try load(key)
            hot.withLock { $0.put(key, series) }
        }
        // Each range vouches for its days up to the last one still trusted.
        let trusted = series.ranges.compactMap { range -> ClosedRange<Int32>? in
            let upTo = min(range.last, policy.lastFresh(basis: basis, fetchedAt: range.fetchedAt, now: now).daysSinceEpoch)
            return range.first <= upTo ? range.first...upTo : nil
        }
        func isFresh(_ day: TradingDate) -> Bool { trusted.contains { $0.contains(day.daysSinceEpoch) } }
        let inRange = series.candles(from: first, through: last)
        return CacheSlice(candles: inRange.filter { isFresh($0.date) }, missing: days.filter { !isFresh($0) })
    }

    /// A whole series from the database.
    private func load(_ key: SeriesKey) throws -> CachedSeries {
        try database.read { db in
            let ranges = try Row.fetchAll(
                db.cachedStatement(sql: "SELECT first_day, last_day, fetched_at FROM coverage WHERE ticker = ? AND source = ? AND basis = ?"),
                arguments: key.arguments([])
            ).map { CachedSeries.Range(first: Int32($0[0] as Int64), last: Int32($0[1] as Int64), fetchedAt: Date(timeIntervalSince1970: $0[2])) }
            // A cursor reads each row in place from the statement: no row copies.
            let rows = try Row.fetchCursor(
                db.cachedStatement(sql: "SELECT day, open, high, low, close, volume, vwap, trades, adjusted_close FROM candles WHERE ticker = ? AND source = ? AND basis = ? ORDER BY day"),
                arguments: key.arguments([]))
            var candles: [Candle] = []
            while let row = try rows.next() { candles.append(Self.candle(row)) }
            return CachedSeries(ranges: ranges, candles: candles)
        }
    }

    /// Keeps the candles a fetch returned and notes that it covered `first…last`.
    public func store(_ candles: [Candle], ticker: String, source: SourceID, basis: PriceBasis, first: TradingDate, last: TradingDate, fetchedAt: Date) async throws {
        guard first <= last else { return }
        let key = SeriesKey(ticker: ticker, source: source.rawValue, basis: basis.rawValue)
        try await database.write { db in
            try db.execute(
                sql: "DELETE FROM candles WHERE ticker = ? AND source = ? AND basis = ? AND day BETWEEN ? AND ?",
                arguments: key.arguments([first.daysSinceEpoch, last.daysSinceEpoch]))
            let insert = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO candles (ticker, source, basis, day, open, high, low, close, volume, vwap, trades, adjusted_close)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for c in candles where c.date >= first && c.date <= last {
                try insert.execute(arguments: key.arguments([
                    c.date.daysSinceEpoch, c.open, c.high, c.low, c.close, c.volume, c.vwap, c.trades, c.adjustedClose,
                ]))
            }
            // A newer range makes older ones inside it redundant.
            try db.execute(
                sql: "DELETE FROM coverage WHERE ticker = ? AND source = ? AND basis = ? AND first_day >= ? AND last_day <= ?",
                arguments: key.arguments([first.daysSinceEpoch, last.daysSinceEpoch]))
            try db.execute(
                sql: "INSERT INTO coverage (ticker, source, basis, first_day, last_day, fetched_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: key.arguments([first.daysSinceEpoch, last.daysSinceEpoch, fetchedAt.timeIntervalSince1970]))
        }
        // The next lookup reads the series as it now stands.
        hot.withLock { $0.remove { $0 == key } }
    }

    /// Rows and tickers held, per source.
    public func stats() async throws -> CacheStats {
        try await database.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT source, COUNT(*), COUNT(DISTINCT ticker), MIN(day), MAX(day) FROM candles GROUP BY source ORDER BY source")
            let perSource = rows.compactMap { row in
                SourceID(rawValue: row[0]).map { source in CacheStats.Source(
                    source: source, candles: row[1], tickers: row[2],
                    first: TradingDate(daysSinceEpoch: Int32(row[3] as Int64)), last: TradingDate(daysSinceEpoch: Int32(row[4] as Int64))) }
            }
            let tickers = try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT ticker) FROM candles") ?? 0
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0
            return CacheStats(tickers: tickers, bytes: pages * pageSize, sources: perSource)
        }
    }

    /// Forgets one ticker, or everything; returns how many candles went.
    @discardableResult
    public func clear(ticker: String? = nil) async throws -> Int {
        hot.withLock { $0.remove { ticker == nil || $0.ticker == ticker } }
        return try await database.write { db in
            if let ticker {
                try db.execute(sql: "DELETE FROM candles WHERE ticker = ?", arguments: [ticker])
                let removed = db.changesCount
                try db.execute(sql: "DELETE FROM coverage WHERE ticker = ?", arguments: [ticker])
                return removed
            }
            try db.execute(sql: "DELETE FROM candles")
            let removed = db.changesCount
            try db.execute(sql: "DELETE FROM coverage")
            return removed
        }
    }

    private static func candle(_ row: Row) -> Candle {
        Candle(
            date: TradingDate(daysSinceEpoch: Int32(row[0] as Int64)), open: row[1], high: row[2], low: row[3], close: row[4], volume: row[5],
            vwap: row[6], trades: row[7], adjustedClose: row[8])
    }
}

/// One cached series: a ticker from a source on a basis.
struct SeriesKey: Sendable, Hashable {
    var ticker: String
    var source: String
    var basis: String

    /// The key's three values followed by `extra`, for statements that start `WHERE ticker = ? AND source = ? AND basis = ?`.
    func arguments(_ extra: [(any DatabaseValueConvertible)?]) -> StatementArguments {
        StatementArguments([ticker, source, basis] + extra)
    }
}

/// The cached part of a requested series: fresh candles, and trading days still to fetch.
public struct CacheSlice: Sendable {
    public var candles: [Candle]
    public var missing: [TradingDate]
}

/// What `cache stats` shows.
public struct CacheStats: Sendable {
    public struct Source: Sendable {
        public var source: SourceID
        public var candles: Int
        public var tickers: Int
        public var first: TradingDate
        public var last: TradingDate
    }

    public var tickers: Int
    public var bytes: Int
    public var sources: [Source]

    public var candles: Int { sources.reduce(0) { $0 + $1.candles } }
}

/// A series as the cache holds it: the ranges fetches covered, and the candles, ascending.
struct CachedSeries: Sendable {
    struct Range: Sendable {
        var first: Int32
        var last: Int32
        var fetchedAt: Date
    }

    var ranges: [Range]
    var candles: [Candle]

    /// The candles dated `first` through `last`, found by binary search.
    func candles(from first: TradingDate, through last: TradingDate) -> ArraySlice<Candle> {
        func index(_ date: TradingDate) -> Int {
            var lo = 0, hi = candles.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if candles[mid].date < date { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        return candles[index(first)..<index(last.adding(days: 1))]
    }
}

/// The series kept in memory, least recently used first out, within a budget of candles.
struct HotSet {
    private var series: [SeriesKey: CachedSeries] = [:]
    private var order: [SeriesKey] = []
    private var candles = 0

    mutating func get(_ key: SeriesKey) -> CachedSeries? {
        guard let found = series[key] else { return nil }
        if order.last != key, let at = order.firstIndex(of: key) {
            order.remove(at: at)
            order.append(key)
        }
        return found
    }

    mutating func put(_ key: SeriesKey, _ value: CachedSeries) {
        remove { $0 == key }
        guard value.candles.count <= CandleCache.hotCandles else { return }
        series[key] = value
        order.append(key)
        candles += value.candles.count
        while candles > CandleCache.hotCandles, let oldest = order.first { remove { $0 == oldest } }
    }

    mutating func remove(where matches: (SeriesKey) -> Bool) {
        for key in order where matches(key) {
            candles -= series[key]?.candles.count ?? 0
            series[key] = nil
        }
        order.removeAll(where: matches)
    }
}
