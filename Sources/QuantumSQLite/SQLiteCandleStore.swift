import Foundation
import GRDB
import QuantumCore
import Synchronization

/// Candles in SQLite (`$XDG_CACHE_HOME/quantum/candles.sqlite`), safe with several processes at
/// once, with the ranges each fetch covered. Each calendar year of a series (ticker, source,
/// basis) is one row holding its candles packed (`PackedCandles`), so a series is read with one
/// statement and one row per year.
///
/// The file uses SQLite's rollback journal, not WAL: a process that opens it to answer one fetch
/// pays for neither the WAL index (created, mapped and removed on every open and close) nor a
/// checkpoint. A reader waits while another process commits a write (the busy timeout is 10 s).
/// A commit costs its syncs (about 13 ms on the development machine's disk), so series written by
/// concurrent fetches are committed together (`GroupCommit`).
public final class SQLiteCandleStore: CandleStore {
    private let reader: SQLiteReadConnection
    /// GRDB's queue for writes and statistics, opened on first use: a process that only reads
    /// the cache never pays for it.
    private let writer: OpenedOnFirstUse
    /// Series written by concurrent fetches (a batch) share commits; see `GroupCommit`.
    private let writes: GroupCommit<SeriesWrite>

    /// Opens the store at `path`, creating the file and its folder when missing, and migrating
    /// a file of an older version (then switching it to the rollback journal).
    /// - Throws: GRDB's or SQLite's error when the file cannot be opened, created or migrated
    ///   (not a database, no permission).
    public init(path: String) throws {
        let writer: OpenedOnFirstUse
        if let reader = Self.readerOfCurrentFile(path) {
            self.reader = reader
            writer = OpenedOnFirstUse(path: path)
        } else {
            let database = try SQLiteDatabase.open(path: path, journal: .rollback)
            try SQLiteDatabase.migrate(database, with: Self.migrator, journal: .rollback)
            reader = try SQLiteReadConnection(path: path)
            writer = OpenedOnFirstUse(path: path, opened: database)
        }
        self.writer = writer
        writes = GroupCommit { group in try await Self.commit(group, to: writer.database()) }
    }

    /// A read connection to `path` when the file exists and is of this version; otherwise nil,
    /// with the probing connection closed (an open one would keep a WAL file from switching
    /// journals during the migration).
    private static func readerOfCurrentFile(_ path: String) -> SQLiteReadConnection? {
        guard let reader = try? SQLiteReadConnection(path: path),
            (try? reader.userVersion(preparingWhenItIs: migrator.migrations.count, seriesQuery))
                == migrator.migrations.count
        else { return nil }
        return reader
    }

    private func database() throws -> DatabaseQueue {
        try writer.database()
    }

    /// GRDB's queue on the file, opened when first asked for.
    private final class OpenedOnFirstUse: Sendable {
        private let path: String
        private let queue: Mutex<DatabaseQueue?>

        init(path: String, opened: DatabaseQueue? = nil) {
            self.path = path
            queue = Mutex(opened)
        }

        func database() throws -> DatabaseQueue {
            try queue.withLock { queue in
                if let queue { return queue }
                let opened = try SQLiteDatabase.open(path: path, journal: .rollback)
                queue = opened
                return opened
            }
        }
    }

    /// `$XDG_CACHE_HOME/quantum/candles.sqlite`, else `~/.cache/quantum/candles.sqlite`.
    public static func defaultPath(environment: [String: String]) -> String? {
        SQLiteDatabase.path("candles.sqlite", in: "XDG_CACHE_HOME", orHome: ".cache", environment: environment)
    }

    /// The schema's versions, in order. Version 1 is the first release's schema (created only
    /// when missing, so its files open as they are); version 2 packs each year of a series in one
    /// row and moves version 1's candles there.
    static let migrator: DatabaseMigrator = {
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
        migrator.registerMigration("v2 candles packed by year") { db in
            try db.execute(
                sql: """
                    CREATE TABLE candle_years (
                        ticker TEXT NOT NULL, source TEXT NOT NULL, basis TEXT NOT NULL, year INTEGER NOT NULL,
                        rows INTEGER NOT NULL, first_day INTEGER NOT NULL, last_day INTEGER NOT NULL, candles BLOB NOT NULL,
                        PRIMARY KEY (ticker, source, basis, year)
                    )
                    """)
            try packVersion1Candles(db)
            try db.execute(sql: "DROP TABLE candles")
        }
        migrator.registerMigration("v3 corporate actions") { db in
            try db.execute(
                sql: """
                    CREATE TABLE action_reports (
                        ticker TEXT NOT NULL, feeds TEXT NOT NULL, read_at REAL NOT NULL, body BLOB NOT NULL,
                        PRIMARY KEY (ticker, feeds)
                    )
                    """)
        }
        return migrator
    }()

    /// Moves version 1's candles (one row per day) into `candle_years`, a year at a time.
    private static func packVersion1Candles(_ db: Database) throws {
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT ticker, source, basis, day, open, high, low, close, volume, vwap, trades, adjusted_close
                FROM candles ORDER BY ticker, source, basis, day
                """)
        var current: (key: SeriesKey, year: Int)?
        var year: [Candle] = []
        while let row = try rows.next() {
            // A row no version of quantum could have read (an unknown source or basis) is dropped.
            guard let source = SourceID(rawValue: row[1]), let basis = PriceBasis(rawValue: row[2]) else { continue }
            let key = SeriesKey(ticker: row[0], source: source, basis: basis)
            let candle = Candle(
                date: TradingDate(daysSinceEpoch: Int32(row[3] as Int64)), open: row[4], high: row[5], low: row[6],
                close: row[7], volume: row[8], vwap: row[9], trades: row[10], adjustedClose: row[11])
            let next = (key: key, year: candle.date.parts.year)
            if let current, current.key != next.key || current.year != next.year {
                try write(year, of: current.key, in: current.year, db)
                year.removeAll(keepingCapacity: true)
            }
            current = next
            year.append(candle)
        }
        if let current { try write(year, of: current.key, in: current.year, db) }
    }

    public func series(_ key: SeriesKey) async throws -> StoredSeries {
        try readNow(key)
    }

    /// A series' coverage and candles, by ticker (?1), source (?2) and basis (?3).
    private static let seriesQuery = """
        SELECT 0, first_day, last_day, fetched_at, NULL FROM coverage WHERE ticker = ?1 AND source = ?2 AND basis = ?3
        UNION ALL
        SELECT 1, year, rows, 0.0, candles FROM candle_years WHERE ticker = ?1 AND source = ?2 AND basis = ?3
        """

    /// Read on the calling thread: one statement (so one consistent view without a transaction),
    /// cheaper than the hops to a database queue. Coverage rows come first (kind 0), then one row
    /// per year of candles (kind 1: year, rows, candles).
    private func readNow(_ key: SeriesKey) throws -> StoredSeries {
        var ranges: [CoverageRange] = []
        var years: [(year: Int64, candles: [Candle])] = []
        try reader.forEachRow(Self.seriesQuery, [key.ticker, key.source.rawValue, key.basis.rawValue]) { row in
            if row.int64(0) == 0 {
                ranges.append(
                    CoverageRange(
                        first: TradingDate(daysSinceEpoch: Int32(row.int64(1))),
                        last: TradingDate(daysSinceEpoch: Int32(row.int64(2))),
                        fetchedAt: Date(timeIntervalSince1970: row.double(3))))
            } else {
                var candles: [Candle] = []
                candles.reserveCapacity(Int(row.int64(2)))
                try PackedCandles.unpack(row.bytes(4), into: &candles)
                years.append((row.int64(1), candles))
            }
        }
        if years.count == 1 { return StoredSeries(ranges: ranges, candles: years[0].candles) }
        return StoredSeries(ranges: ranges, candles: years.sorted { $0.year < $1.year }.flatMap(\.candles))
    }

    public func replace(
        _ key: SeriesKey, with candles: [Candle], covering first: TradingDate, through last: TradingDate,
        fetchedAt: Date
    ) async throws {
        guard first <= last else { return }
        // The span's candles by date, the last of any repeated day kept.
        var latest: [Int32: Candle] = [:]
        for c in candles where c.date >= first && c.date <= last { latest[c.date.daysSinceEpoch] = c }
        do {
            try await writes.submit(
                SeriesWrite(key: key, candles: Array(latest.values), first: first, last: last, fetchedAt: fetchedAt))
        } catch let error as DatabaseError {
            throw SQLiteError(error)
        }
    }

    /// One `replace`, as it waits for the next group commit.
    struct SeriesWrite: Sendable {
        var key: SeriesKey
        /// The span's candles, one per day, in no particular order.
        var candles: [Candle]
        var first: TradingDate
        var last: TradingDate
        var fetchedAt: Date
    }

    /// Writes a group of `replace`s in one transaction (one journal and its syncs for all).
    private static func commit(_ group: [SeriesWrite], to database: DatabaseQueue) async throws {
        try await database.write { db in
            for write in group { try apply(write, db) }
        }
    }

    private static func apply(_ write: SeriesWrite, _ db: Database) throws {
        let (key, first, last) = (write.key, write.first, write.last)
        for year in first.parts.year...last.parts.year {
            let kept = try read(key, year: year, db).filter { $0.date < first || $0.date > last }
            let fresh = write.candles.filter { $0.date.parts.year == year }
            try Self.write((kept + fresh).sorted { $0.date < $1.date }, of: key, in: year, db)
        }
        // A newer range makes older ones inside it redundant.
        try db.execute(
            sql: """
                DELETE FROM coverage WHERE ticker = ? AND source = ? AND basis = ? AND first_day >= ? AND last_day <= ?
                """,
            arguments: arguments(key, [first.daysSinceEpoch, last.daysSinceEpoch]))
        try db.execute(
            sql: """
                INSERT INTO coverage (ticker, source, basis, first_day, last_day, fetched_at) VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: arguments(
                key, [first.daysSinceEpoch, last.daysSinceEpoch, write.fetchedAt.timeIntervalSince1970]))
    }

    /// One year of a series, in date order (empty when none is cached).
    private static func read(_ key: SeriesKey, year: Int, _ db: Database) throws -> [Candle] {
        let row = try Row.fetchOne(
            db.cachedStatement(
                sql: "SELECT candles FROM candle_years WHERE ticker = ? AND source = ? AND basis = ? AND year = ?"),
            arguments: arguments(key, [year]))
        var candles: [Candle] = []
        try row?.withUnsafeData(atIndex: 0) { data in
            try data?.withUnsafeBytes { try PackedCandles.unpack($0, into: &candles) }
        }
        return candles
    }

    /// Stores one year of a series (`candles` in date order, all in that year); none removes it.
    private static func write(_ candles: [Candle], of key: SeriesKey, in year: Int, _ db: Database) throws {
        guard let first = candles.first, let last = candles.last else {
            try db.execute(
                sql: "DELETE FROM candle_years WHERE ticker = ? AND source = ? AND basis = ? AND year = ?",
                arguments: arguments(key, [year]))
            return
        }
        try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO candle_years (ticker, source, basis, year, rows, first_day, last_day, candles)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: arguments(
                key,
                [year, candles.count, first.date.daysSinceEpoch, last.date.daysSinceEpoch, PackedCandles.pack(candles)])
        )
    }

    public func remove(_ key: SeriesKey) async throws {
        do {
            try await database().write { db in
                try db.execute(
                    sql: "DELETE FROM candle_years WHERE ticker = ? AND source = ? AND basis = ?",
                    arguments: Self.arguments(key, []))
                try db.execute(
                    sql: "DELETE FROM coverage WHERE ticker = ? AND source = ? AND basis = ?",
                    arguments: Self.arguments(key, []))
            }
        } catch let error as DatabaseError {
            throw SQLiteError(error)
        }
    }

    public func stats() async throws -> CacheStats {
        try await database().read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT source, SUM(rows), COUNT(DISTINCT ticker), MIN(first_day), MAX(last_day) FROM candle_years
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
            let tickers = try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT ticker) FROM candle_years") ?? 0
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0
            return CacheStats(
                tickers: tickers, bytes: pages * pageSize, sources: perSource.sorted { $0.source < $1.source })
        }
    }

    public func clear(ticker: String?) async throws -> Int {
        do {
            return try await database().write { db in
                let filter = ticker == nil ? "" : " WHERE ticker = ?"
                let arguments: StatementArguments = ticker.map { [$0] } ?? []
                let removed =
                    try Int.fetchOne(db, sql: "SELECT SUM(rows) FROM candle_years" + filter, arguments: arguments) ?? 0
                try db.execute(sql: "DELETE FROM candle_years" + filter, arguments: arguments)
                try db.execute(sql: "DELETE FROM coverage" + filter, arguments: arguments)
                try db.execute(sql: "DELETE FROM action_reports" + filter, arguments: arguments)
                return removed
            }
        } catch let error as DatabaseError {
            throw SQLiteError(error)
        }
    }

    public func actionReports(_ ticker: String, feeds: String) async throws -> StoredActionReports? {
        do {
            return try await database().read { db in
                try Row.fetchOne(
                    db, sql: "SELECT read_at, body FROM action_reports WHERE ticker = ? AND feeds = ?",
                    arguments: [ticker, feeds]
                ).map { StoredActionReports(body: $0[1], readAt: Date(timeIntervalSince1970: $0[0])) }
            }
        } catch let error as DatabaseError {
            throw SQLiteError(error)
        }
    }

    public func keepActionReports(_ reports: StoredActionReports, ticker: String, feeds: String) async throws {
        do {
            try await database().write { db in
                try db.execute(
                    sql: "INSERT OR REPLACE INTO action_reports (ticker, feeds, read_at, body) VALUES (?, ?, ?, ?)",
                    arguments: [ticker, feeds, reports.readAt.timeIntervalSince1970, reports.body])
            }
        } catch let error as DatabaseError {
            throw SQLiteError(error)
        }
    }

    /// The key's three values followed by `extra`, for statements that start
    /// `WHERE ticker = ? AND source = ? AND basis = ?`.
    private static func arguments(_ key: SeriesKey, _ extra: [(any DatabaseValueConvertible)?]) -> StatementArguments {
        StatementArguments([key.ticker, key.source.rawValue, key.basis.rawValue] + extra)
    }
}
