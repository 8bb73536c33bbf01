import Foundation
import GRDB
import QuantumCore

/// Opening the SQLite files quantum keeps: WAL mode (readers are not blocked by a writer in
/// another process) and a busy timeout, the folder created when missing.
enum SQLiteDatabase {
    static func open(path: String) throws -> DatabaseQueue {
        let folder = FileTarget.folder(of: path)
        if access(folder, F_OK) != 0 {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        // No schema here has a foreign key: one statement less on every open.
        configuration.foreignKeysEnabled = false
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    /// `$VARIABLE/quantum/FILE` (an XDG folder), else `~/FALLBACK/quantum/FILE`.
    static func path(_ file: String, in variable: String, orHome fallback: String, environment: [String: String])
        -> String?
    {
        if let folder = environment[variable], !folder.isEmpty { return folder + "/quantum/" + file }
        return environment["HOME"].map { $0 + "/" + fallback + "/quantum/" + file }
    }

    /// Applies `migrator` to `database`. A file this code has migrated says so in its header
    /// (`PRAGMA user_version` = the number of migrations), so opening it again costs one header
    /// read instead of the migrator's statements; a file of an older version (or none) runs the
    /// migrator, which applies what is missing. Processes opening a new file at once both see it
    /// unmigrated; the one that loses the race to write retries against what the other wrote.
    static func migrate(_ database: any DatabaseWriter, with migrator: DatabaseMigrator) throws {
        let version = migrator.migrations.count
        let marked = try database.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA user_version") }
        if marked == version { return }
        var attempt = 0
        while true {
            do {
                try migrator.migrate(database)
                try database.writeWithoutTransaction { try $0.execute(sql: "PRAGMA user_version = \(version)") }
                return
            } catch {
                attempt += 1
                if attempt >= 5 { throw error }
                usleep(UInt32(20_000 * attempt))
            }
        }
    }
}
