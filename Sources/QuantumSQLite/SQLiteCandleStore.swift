import Foundation
import GRDB
import QuantumCore

/// Candles in SQLite (`$XDG_CACHE_HOME/quantum/candles.sqlite`, WAL, safe with several processes
/// at once), keyed by ticker, source, basis and day, with the ranges each fetch covered.
public final class SQLiteCandleStore: CandleStore {
    private let database: any DatabaseWriter

    /// A store over any database (an in-memory `DatabaseQueue()` in tests); migrates it.
    public init(database: any DatabaseWriter) throws {
        self.database = database
        try SQLiteDatabase.migrate(database, with: Self.migrator)
    }

    /// Opens (creating if needed) the store at `path`.
    public convenience init(path: String) throws {
        try self.init(database: SQLiteDatabase.open(path: path))
    }

    /// `$XDG_CACHE_HOME/quantum/candles.sqlite`, else `~/.cache/quantum/candles.sqlite`.
    public static func defaultPath(environment: [String: String]) -> String? {
        SQLiteDatabase.path("candles.sqlite", in: "XDG_CACHE_HOME", orHome: ".cache", environment: environment)
    }

    /// The schema's versions, in order. Version 1 is the first release's schema (created only
    /// when missing, so its files open as they are).
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 candles and coverage") { db in
            try db.execute(
                sql: """
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
        return migrator
    }

    public func series(_ key: SeriesKey) async throws -> StoredSeries {
        try readNow(key)
    }

    /// Read on the calling thread: one short read, cheaper than the hops to a database queue.
    private func readNow(_ key: SeriesKey) throws -> StoredSeries {
        try database.read { db in
            let ranges = try Row.fetchAll(
                db.cachedStatement(
                    sql:
                        "SELECT first_day, last_day, fetched_at FROM coverage WHERE ticker = ? AND source = ? AND basis = ?"
                ),
                arguments: Self.arguments(key, [])
            ).map {
                CoverageRange(
                    first: TradingDate(daysSinceEpoch: Int32($0[0] as Int64)),
                    last: TradingDate(daysSinceEpoch: Int32($0[1] as Int64)),
                    fetchedAt: Date(timeIntervalSince1970: $0[2]))
            }
            // A cursor reads each row in place from the statement: no row copies.
            let rows = try Row.fetchCursor(
                db.cachedStatement(
                    sql: """
                        SELECT day, open, high, low, close, volume, vwap, trades, adjusted_close FROM candles
                        WHERE ticker = ? AND source = ? AND basis = ? ORDER BY day
                        """),
                arguments: Self.arguments(key, []))
            var candles: [Candle] = []
            while let row = try rows.next() { candles.append(Self.candle(row)) }
            return StoredSeries(ranges: ranges, candles: candles)
        }
    }

    public func replace(
        _ key: SeriesKey, with candles: [Candle], covering first: TradingDate, through last: TradingDate,
        fetchedAt: Date
    ) async throws {
        guard first <= last else { return }
        try await database.write { db in
            try db.execute(
                sql: "DELETE FROM candles WHERE ticker = ? AND source = ? AND basis = ? AND day BETWEEN ? AND ?",
                arguments: Self.arguments(key, [first.daysSinceEpoch, last.daysSinceEpoch]))
            let insert = try db.cachedStatement(
                sql: """
                    INSERT OR REPLACE INTO candles
                    (ticker, source, basis, day, open, high, low, close, volume, vwap, trades, adjusted_close)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for c in candles where c.date >= first && c.date <= last {
                try insert.execute(
                    arguments: Self.arguments(
                        key,
                        [
                            c.date.daysSinceEpoch, c.open, c.high, c.low, c.close, c.volume, c.vwap, c.trades,
                            c.adjustedClose,
                        ]))
            }
            // A newer range makes older ones inside it redundant.
            try db.execute(
                sql: """
                    DELETE FROM coverage WHERE ticker = ? AND source = ? AND basis = ? AND first_day >= ? AND last_day <= ?
                    """,
                arguments: Self.arguments(key, [first.daysSinceEpoch, last.daysSinceEpoch]))
            try db.execute(
                sql: """
                    INSERT INTO coverage (ticker, source, basis, first_day, last_day, fetched_at) VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: Self.arguments(
                    key, [first.daysSinceEpoch, last.daysSinceEpoch, fetchedAt.timeIntervalSince1970]))
        }
    }

    public func remove(_ key: SeriesKey) async throws {
        try await database.write { db in
            try db.execute(
                sql: "DELETE FROM candles WHERE ticker = ? AND source = ? AND basis = ?",
                arguments: Self.arguments(key, []))
            try db.execute(
                sql: "DELETE FROM coverage WHERE ticker = ? AND source = ? AND basis = ?",
                arguments: Self.arguments(key, []))
        }
    }

    public func stats() async throws -> CacheStats {
        try await database.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT source, COUNT(*), COUNT(DISTINCT ticker), MIN(day), MAX(day) FROM candles
                    GROUP BY source ORDER BY source
                    """)
            let perSource = rows.compactMap { row in
                SourceID(rawValue: row[0] as String).map { source in
                    CacheStats.Source(
                        source: source, candles: row[1], tickers: row[2],
                        first: TradingDate(daysSinceEpoch: Int32(row[3] as Int64)),
                        last: TradingDate(daysSinceEpoch: Int32(row[4] as Int64)))
                }
            }
            let tickers = try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT ticker) FROM candles") ?? 0
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0
            return CacheStats(
                tickers: tickers, bytes: pages * pageSize, sources: perSource.sorted { $0.source < $1.source })
        }
    }

    public func clear(ticker: String?) async throws -> Int {
        try await database.write { db in
            let filter = ticker == nil ? "" : " WHERE ticker = ?"
            let arguments: StatementArguments = ticker.map { [$0] } ?? []
            try db.execute(sql: "DELETE FROM candles" + filter, arguments: arguments)
            let removed = db.changesCount
            try db.execute(sql: "DELETE FROM coverage" + filter, arguments: arguments)
            return removed
        }
    }

    /// The key's three values followed by `extra`, for statements that start
    /// `WHERE ticker = ? AND source = ? AND basis = ?`.
    private static func arguments(_ key: SeriesKey, _ extra: [(any DatabaseValueConvertible)?]) -> StatementArguments {
        StatementArguments([key.ticker, key.source.rawValue, key.basis.rawValue] + extra)
    }

    private static func candle(_ row: Row) -> Candle {
        Candle(
            date: TradingDate(daysSinceEpoch: Int32(row[0] as Int64)), open: row[1], high: row[2], low: row[3],
            close: row[4],
            volume: row[5], vwap: row[6], trades: row[7], adjustedClose: row[8])
    }
}
