import Foundation
import GRDB
import QuantumCore

/// Opening the SQLite files quantum keeps: WAL mode (readers are not blocked by a writer in
/// another process) and a busy timeout, the folder created when missing.
enum SQLiteDatabase {
    static func open(path: String) throws -> DatabaseQueue {
        try FileManager.default.createDirectory(
            atPath: FileTarget.folder(of: path), withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
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

    /// Applies `migrator` to `database`. Processes opening a new file at once both see it
    /// unmigrated; the one that loses the race to write retries against what the other wrote.
    static func migrate(_ database: any DatabaseWriter, with migrator: DatabaseMigrator) throws {
        var attempt = 0
        while true {
            do {
                try migrator.migrate(database)
                return
            } catch {
                attempt += 1
                if attempt >= 5 { throw error }
                usleep(UInt32(20_000 * attempt))
            }
        }
    }
}
