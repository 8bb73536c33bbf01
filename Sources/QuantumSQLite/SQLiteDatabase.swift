import Foundation
import GRDB
import QuantumCore

/// Opening the SQLite files quantum keeps: a journal mode, a busy timeout (a quick retry for
/// the write-ahead-logged ledger), the folder created when missing.
enum SQLiteDatabase {
    /// How a file keeps its transactions (SQLite's `journal_mode`, kept in the file).
    enum Journal: String {
        /// Write-ahead log: readers never wait for a writer in another process, at the cost of a
        /// shared-memory index created on the first open and removed on the last close.
        case wal
        /// Rollback journal: the cheapest open and close; a reader waits while a write commits.
        case rollback = "delete"
    }

    static func open(path: String, journal: Journal) throws -> DatabaseQueue {
        let folder = FileTarget.folder(of: path)
        if access(folder, F_OK) != 0 {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        // No schema here has a foreign key: one statement less on every open.
        configuration.foreignKeysEnabled = false
        if journal == .wal {
            // The quota ledger: short write transactions from several processes at once. SQLite's
            // busy timeout sleeps 1, 2, 5, 10, 15 … ms between tries, so a grant queued behind
            // others waited up to a hundred milliseconds; trying every 100 µs lets it go as soon
            // as the lock is free (and still gives up after about 10 s).
            configuration.busyMode = .callback { tries in
                usleep(100)
                return tries < 100_000
            }
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                // WAL's own recommendation: commits are not synced one by one (a power cut may
                // forget the last grants; a process that dies forgets nothing).
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
        }
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    /// Switches the file to `journal`, waiting at most 100 ms for other processes; whether it is
    /// in that mode now (an in-memory database counts: it has no file to keep a journal for).
    private static func set(_ journal: Journal, _ db: Database) throws -> Bool {
        try db.execute(sql: "PRAGMA busy_timeout = 100")
        defer { try? db.execute(sql: "PRAGMA busy_timeout = 10000") }
        let mode = try? String.fetchOne(db, sql: "PRAGMA journal_mode = \(journal.rawValue)")
        return mode == journal.rawValue || mode == "memory"
    }

    /// `$VARIABLE/quantum/FILE` (an XDG folder), else `~/FALLBACK/quantum/FILE`.
    static func path(_ file: String, in variable: String, orHome fallback: String, environment: [String: String])
        -> String?
    {
        if let folder = environment[variable], !folder.isEmpty { return folder + "/quantum/" + file }
        return environment["HOME"].map { $0 + "/" + fallback + "/quantum/" + file }
    }

    /// Applies `migrator` to `database`, then `journal` when given. A file this code has migrated
    /// says so in its header (`PRAGMA user_version` = the number of migrations), so opening it
    /// again costs one header read instead of the migrator's statements; a file of an older
    /// version (or none) runs the migrator, which applies what is missing. Processes opening a new
    /// file at once both see it unmigrated; the one that loses the race to write retries against
    /// what the other wrote. A journal mode that cannot change yet (another process has the file
    /// open in WAL mode) leaves the file unmarked, so a later open tries again.
    static func migrate(_ database: any DatabaseWriter, with migrator: DatabaseMigrator, journal: Journal? = nil) throws
    {
        let version = migrator.migrations.count
        let marked = try database.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA user_version") }
        if marked == version { return }
        var attempt = 0
        while true {
            do {
                try migrator.migrate(database)
                try database.writeWithoutTransaction { db in
                    if let journal, try !set(journal, db) { return }
                    try db.execute(sql: "PRAGMA user_version = \(version)")
                }
                return
            } catch {
                attempt += 1
                if attempt >= 5 { throw error }
                usleep(UInt32(20_000 * attempt))
            }
        }
    }
}
