import Foundation
import GRDB
import QuantumCore

/// Long rate-limit windows counted in SQLite (`$XDG_STATE_HOME/quantum/state.sqlite`), per provider
/// and key hash: a grant is checked and recorded in one immediate transaction, so processes on the
/// machine never over-spend a day's quota, and a restart remembers what was spent.
public final class SQLiteQuotaLedger: QuotaLedger {
    private let database: any DatabaseWriter

    /// A ledger over any database (an in-memory `DatabaseQueue()` in tests); migrates it.
    public init(database: any DatabaseWriter) throws {
        self.database = database
        try SQLiteDatabase.migrate(database, with: Self.migrator)
    }

    /// Opens (creating if needed) the ledger at `path`.
    public convenience init(path: String) throws {
        try self.init(database: SQLiteDatabase.open(path: path, journal: .wal))
    }

    /// `$XDG_STATE_HOME/quantum/state.sqlite`, else `~/.local/state/quantum/state.sqlite`.
    public static func defaultPath(environment: [String: String]) -> String? {
        SQLiteDatabase.path("state.sqlite", in: "XDG_STATE_HOME", orHome: ".local/state", environment: environment)
    }

    /// The schema's versions, in order. The first release counted grants per source only; that
    /// table is dropped (a day's count restarts once) for one keyed by provider and key hash.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 quota grants by provider and key") { db in
            try db.execute(
                sql: """
                    DROP TABLE IF EXISTS rate_grants;
                    CREATE TABLE quota_grants (provider TEXT NOT NULL, key_hash TEXT NOT NULL, at REAL NOT NULL);
                    CREATE INDEX quota_grants_by_key ON quota_grants (provider, key_hash, at);
                    """)
        }
        migrator.registerMigration("v2 quotas said to be spent") { db in
            try db.execute(
                sql: """
                    CREATE TABLE quota_spent (
                        provider TEXT NOT NULL, key_hash TEXT NOT NULL, until REAL NOT NULL, PRIMARY KEY (provider, key_hash)
                    );
                    """)
        }
        return migrator
    }

    public func reserve(_ key: QuotaKey, windows: [RateWindow], now: Date) async throws -> Date? {
        try await database.writeWithoutTransaction { db in
            var free: Date?
            try db.inTransaction(.immediate) {
                let longest = windows.map(\.length.seconds).max() ?? 0
                let since = now.timeIntervalSince1970 - longest
                try db.execute(
                    sql: "DELETE FROM quota_grants WHERE provider = ? AND key_hash = ? AND at <= ?",
                    arguments: [key.provider.rawValue, key.keyHash, since])
                let times = try Double.fetchAll(
                    db, sql: "SELECT at FROM quota_grants WHERE provider = ? AND key_hash = ? AND at > ?",
                    arguments: [key.provider.rawValue, key.keyHash, since]
                ).map { Date(timeIntervalSince1970: $0) }
                free = QuotaArithmetic.firstFree(times, windows: windows, now: now)
                if free == nil {
                    try db.execute(
                        sql: "INSERT INTO quota_grants (provider, key_hash, at) VALUES (?, ?, ?)",
                        arguments: [key.provider.rawValue, key.keyHash, now.timeIntervalSince1970])
                }
                return .commit
            }
            return free
        }
    }

    public func markSpent(_ key: QuotaKey, until: Date) async throws {
        try await database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO quota_spent (provider, key_hash, until) VALUES (?, ?, ?)
                    ON CONFLICT (provider, key_hash) DO UPDATE SET until = MAX(until, excluded.until)
                    """,
                arguments: [key.provider.rawValue, key.keyHash, until.timeIntervalSince1970])
        }
    }

    public func spentUntil(_ key: QuotaKey, now: Date) async throws -> Date? {
        try await database.read { db in
            try Double.fetchOne(
                db, sql: "SELECT until FROM quota_spent WHERE provider = ? AND key_hash = ? AND until > ?",
                arguments: [key.provider.rawValue, key.keyHash, now.timeIntervalSince1970]
            ).map { Date(timeIntervalSince1970: $0) }
        }
    }

    public func used(_ key: QuotaKey, window: RateWindow, now: Date) async throws -> Int {
        try await database.read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM quota_grants WHERE provider = ? AND key_hash = ? AND at > ?",
                arguments: [key.provider.rawValue, key.keyHash, now.timeIntervalSince1970 - window.length.seconds]) ?? 0
        }
    }
}
