import Foundation
import GRDB

/// Long rate-limit windows counted in SQLite (`$XDG_STATE_HOME/quantum/state.sqlite`): a grant is
/// checked and recorded in one immediate transaction, so concurrent processes never over-spend a
/// day's quota, and a restart remembers what was spent.
public final class SQLiteGrantStore: GrantStore {
    private let database: any DatabaseWriter

    /// Opens (creating if needed) the store at `path`, in WAL mode with a busy timeout.
    public convenience init(path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
        }
        try self.init(database: DatabaseQueue(path: path, configuration: configuration))
    }

    /// A store over any database (an in-memory `DatabaseQueue()` in tests).
    public init(database: any DatabaseWriter) throws {
        self.database = database
        try database.write { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS rate_grants (source TEXT NOT NULL, at REAL NOT NULL);
                CREATE INDEX IF NOT EXISTS rate_grants_by_source ON rate_grants (source, at);
                """)
        }
    }

    /// A store in memory, for tests and simulated sessions.
    public static func inMemory() throws -> SQLiteGrantStore {
        try SQLiteGrantStore(database: DatabaseQueue())
    }

    /// `$XDG_STATE_HOME/quantum/state.sqlite`, else `~/.local/state/quantum/state.sqlite`.
    public static func defaultPath(environment: [String: String]) -> String? {
        if let state = environment["XDG_STATE_HOME"], !state.isEmpty { return state + "/quantum/state.sqlite" }
        return environment["HOME"].map { $0 + "/.local/state/quantum/state.sqlite" }
    }

    public func reserve(source: SourceID, windows: [RateWindow], now: Date) throws -> Date? {
        try database.writeWithoutTransaction { db in
            var free: Date?
            try db.inTransaction(.immediate) {
                let longest = windows.map(\.length).max() ?? .zero
                try db.execute(sql: "DELETE FROM rate_grants WHERE source = ? AND at <= ?", arguments: [source.rawValue, now.timeIntervalSince1970 - longest.seconds])
                for window in windows {
                    let since = now.timeIntervalSince1970 - window.length.seconds
                    let times = try Double.fetchAll(db, sql: "SELECT at FROM rate_grants WHERE source = ? AND at > ? ORDER BY at", arguments: [source.rawValue, since])
                    if times.count >= window.count {
                        let at = Date(timeIntervalSince1970: times[times.count - window.count] + window.length.seconds)
                        free = max(free ?? at, at)
                    }
                }
                if free == nil {
                    try db.execute(sql: "INSERT INTO rate_grants (source, at) VALUES (?, ?)", arguments: [source.rawValue, now.timeIntervalSince1970])
                }
                return .commit
            }
            return free
        }
    }

    public func used(source: SourceID, window: RateWindow, now: Date) throws -> Int {
        try database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rate_grants WHERE source = ? AND at > ?", arguments: [source.rawValue, now.timeIntervalSince1970 - window.length.seconds]) ?? 0
        }
    }
}
