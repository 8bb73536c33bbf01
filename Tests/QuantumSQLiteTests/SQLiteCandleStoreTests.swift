import Foundation
import GRDB
import QuantumCore
import QuantumSQLite
import Testing

/// The SQLite cache's own layout: years packed in one row each, files of the first version moved
/// into it, and the rollback journal.
@Suite struct SQLiteCandleStoreTests {
    static let noon = Date(timeIntervalSince1970: 1_720_800_000)
    static let key = SeriesKey(ticker: "AAPL", source: .eodhd, basis: .raw)

    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("candles-\(UUID().uuidString).sqlite").path
    }

    static func remove(_ path: String) {
        for suffix in ["", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    @Test func aSeriesAcrossYearsComesBackWholeWithEveryFieldAsStored() async throws {
        let path = Self.temporaryPath()
        defer { Self.remove(path) }
        let candles = [
            Candle(
                date: TradingDate("2023-12-29")!, open: 1.5, high: 2, low: 1, close: 1.75, volume: 1e9, vwap: 1.6,
                trades: 12, adjustedClose: 1.7),
            Candle(date: TradingDate("2024-01-02")!, open: 2, high: 3, low: 1.25, close: 2.5, volume: 0),
            Candle(
                date: TradingDate("2025-01-02")!, open: 0.0001, high: 0.0002, low: 0.00005, close: 0.00015,
                volume: 123_456_789.5, trades: 0),
        ]
        let store = try SQLiteCandleStore(path: path)
        try await store.replace(
            Self.key, with: candles.reversed(), covering: TradingDate("2023-12-01")!,
            through: TradingDate("2025-01-31")!,
            fetchedAt: Self.noon)
        // A new process opening the file reads what the first wrote.
        let series = try await SQLiteCandleStore(path: path).series(Self.key)
        #expect(series.candles == candles)
        #expect(
            series.candles[1].vwap == nil && series.candles[1].trades == nil && series.candles[1].adjustedClose == nil)
        #expect(series.candles[2].trades == 0)
        // Replacing the middle year's span keeps the bars outside it, in every year.
        try await store.replace(
            Self.key, with: [], covering: TradingDate("2024-01-01")!, through: TradingDate("2024-12-31")!,
            fetchedAt: Self.noon)
        #expect(try await store.series(Self.key).candles == [candles[0], candles[2]])
        #expect(try await store.stats().candles == 2)
    }

    @Test func aDayGivenTwiceInOneReplaceKeepsTheLast() async throws {
        let path = Self.temporaryPath()
        defer { Self.remove(path) }
        let store = try SQLiteCandleStore(path: path)
        let day = TradingDate("2024-07-01")!
        try await store.replace(
            Self.key,
            with: [
                Candle(date: day, open: 1, high: 1, low: 1, close: 1, volume: 1),
                Candle(date: day, open: 2, high: 2, low: 2, close: 2, volume: 2),
            ], covering: day, through: day, fetchedAt: Self.noon)
        #expect(try await store.series(Self.key).candles.map(\.close) == [2])
    }

    /// A file written by the first version (a row per day, WAL) opens with its candles, in the
    /// packed layout and the rollback journal.
    @Test func aFileOfTheFirstVersionIsMovedIntoYearsAndOffWAL() async throws {
        let path = Self.temporaryPath()
        defer { Self.remove(path) }
        let old = try DatabaseQueue(path: path)
        try await old.writeWithoutTransaction { db in
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            try db.execute(
                sql: """
                    CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                    INSERT INTO grdb_migrations VALUES ('v1 candles and coverage');
                    CREATE TABLE candles (
                        ticker TEXT NOT NULL, source TEXT NOT NULL, basis TEXT NOT NULL, day INTEGER NOT NULL,
                        open REAL NOT NULL, high REAL NOT NULL, low REAL NOT NULL, close REAL NOT NULL, volume REAL NOT NULL,
                        vwap REAL, trades INTEGER, adjusted_close REAL,
                        PRIMARY KEY (ticker, source, basis, day)
                    ) WITHOUT ROWID;
                    CREATE TABLE coverage (
                        ticker TEXT NOT NULL, source TEXT NOT NULL, basis TEXT NOT NULL,
                        first_day INTEGER NOT NULL, last_day INTEGER NOT NULL, fetched_at REAL NOT NULL
                    );
                    CREATE INDEX coverage_by_series ON coverage (ticker, source, basis);
                    INSERT INTO candles VALUES
                        ('AAPL', 'eodhd', 'raw', \(TradingDate("2023-12-29")!.daysSinceEpoch), 1, 2, 0.5, 1.5, 10, 1.2, 7, NULL),
                        ('AAPL', 'eodhd', 'raw', \(TradingDate("2024-01-02")!.daysSinceEpoch), 2, 3, 1.5, 2.5, 20, NULL, NULL, 2.4),
                        ('MSFT', 'fmp', 'split', \(TradingDate("2024-01-02")!.daysSinceEpoch), 3, 4, 2.5, 3.5, 30, NULL, NULL, NULL);
                    INSERT INTO coverage VALUES ('AAPL', 'eodhd', 'raw', \(TradingDate("2023-12-29")!.daysSinceEpoch),
                        \(TradingDate("2024-01-02")!.daysSinceEpoch), \(Self.noon.timeIntervalSince1970));
                    PRAGMA user_version = 1;
                    """)
        }
        try old.close()
        let store = try SQLiteCandleStore(path: path)
        let series = try await store.series(Self.key)
        #expect(
            series.candles == [
                Candle(
                    date: TradingDate("2023-12-29")!, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10, vwap: 1.2,
                    trades: 7),
                Candle(
                    date: TradingDate("2024-01-02")!, open: 2, high: 3, low: 1.5, close: 2.5, volume: 20,
                    adjustedClose: 2.4),
            ])
        #expect(series.ranges.count == 1)
        #expect(try await store.stats().candles == 3)
        let file = try DatabaseQueue(path: path)
        let (journal, version, tables) = try await file.read { db in
            (
                try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA user_version"),
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            )
        }
        #expect(journal == "delete" && version == 3)
        #expect(tables == ["action_reports", "candle_years", "coverage", "grdb_migrations"])
        try file.close()
    }

    @Test func aFileThatIsNotADatabaseIsRefusedWithSQLitesWords() throws {
        let path = Self.temporaryPath()
        defer { Self.remove(path) }
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: path))
        #expect { try SQLiteCandleStore(path: path) } throws: { "\($0)".contains("not a database") }
    }

    /// A write the file refuses (here the file has become a folder) throws SQLite's own words,
    /// which a fetch's note quotes, not GRDB's description with the statement in it.
    @Test func aWriteThatFailsSaysSQLitesWordsWithoutTheStatement() async throws {
        let path = Self.temporaryPath()
        defer {
            try? FileManager.default.removeItem(atPath: path)
            Self.remove(path)
        }
        _ = try SQLiteCandleStore(path: path)
        let store = try SQLiteCandleStore(path: path)
        Self.remove(path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        let day = TradingDate("2024-07-01")!
        await #expect {
            try await store.replace(
                Self.key, with: [Candle(date: day, open: 1, high: 1, low: 1, close: 1, volume: 1)], covering: day,
                through: day, fetchedAt: Self.noon)
        } throws: { error in
            let said = "\(error)"
            return said.hasPrefix("SQLite error ") && !said.contains("INSERT") && !said.contains("executing")
        }
    }

    static func bar(_ date: String) -> Candle {
        Candle(date: TradingDate(date)!, open: 10, high: 11, low: 9, close: 10, volume: 100)
    }

    @Test func twoConnectionsWriteTheSameFileAtOnce() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cache-\(UUID().uuidString).sqlite")
            .path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let first = CandleCache(store: try SQLiteCandleStore(path: path)),
            second = CandleCache(store: try SQLiteCandleStore(path: path))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (cache, offset) in [(first, 0), (second, 1)] {
                group.addTask {
                    for i in 0..<40 {
                        let ticker = "T\(i * 2 + offset)"
                        try await cache.store(
                            [Self.bar("2024-07-01"), Self.bar("2024-07-02")],
                            for: SeriesKey(ticker: ticker, source: .fmp, basis: .split),
                            first: TradingDate("2024-07-01")!, last: TradingDate("2024-07-02")!, fetchedAt: Self.noon)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await first.stats().candles == 160)
    }
}
