import Foundation
import GRDBSQLite

/// One connection through SQLite's own C API, for the cache's hot read: a process started to
/// answer one fetch from the cache opens the file, runs one statement and exits. GRDB's queue
/// (a dispatch queue, its statement authorizer, its checks on open) cost more than that read, so
/// writes and everything else stay on GRDB and this path only reads a file already migrated.
///
/// Calls are serialised by a lock, as a `DatabaseQueue` would; the one statement is prepared on
/// first use and kept.
final class SQLiteReadConnection: @unchecked Sendable {
    private let lock = NSLock()
    private let connection: OpaquePointer
    private var statements: [String: OpaquePointer] = [:]

    /// Opens an existing file for reading and writing (so that a journal left by a process that
    /// died mid-write is rolled back, as any SQLite connection must), never creating it.
    /// - Throws: `SQLiteError` when the file is missing or cannot be opened.
    init(path: String) throws {
        var connection: OpaquePointer?
        let code = sqlite3_open_v2(path, &connection, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let connection else {
            let error = SQLiteError(connection, code: code)
            sqlite3_close_v2(connection)
            throw error
        }
        self.connection = connection
        sqlite3_busy_timeout(connection, 10_000)
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(connection)
    }

    /// Runs `sql` with `texts` bound to its parameters ?1, ?2 … and hands each row to `visit`.
    /// A row's values are valid only inside `visit`.
    /// - Throws: `SQLiteError` from SQLite, or what `visit` throws.
    func forEachRow(_ sql: String, _ texts: [String], _ visit: (SQLiteRow) throws -> Void) throws {
        lock.lock()
        defer { lock.unlock() }
        let statement = try prepared(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (i, text) in texts.enumerated() {
            // SQLITE_TRANSIENT: SQLite copies the text, which lives only for this call.
            let code = sqlite3_bind_text(
                statement, Int32(i + 1), text, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
            guard code == SQLITE_OK else { throw SQLiteError(connection, code: code) }
        }
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw SQLiteError(connection, code: code) }
            try visit(SQLiteRow(statement: statement))
        }
    }

    /// The file's `PRAGMA user_version` (the schema version quantum marked it with); when it is
    /// `expected`, `sql` is prepared too (loading the schema) under the same read lock, so a
    /// process that opens the file to read one series locks it and looks for a journal once
    /// more, not twice.
    func userVersion(preparingWhenItIs expected: Int, _ sql: String) throws -> Int {
        lock.lock()
        defer { lock.unlock() }
        try execute("BEGIN")
        defer { try? execute("COMMIT") }
        var version: OpaquePointer?
        let code = sqlite3_prepare_v2(connection, "PRAGMA user_version", -1, &version, nil)
        guard code == SQLITE_OK, let version else { throw SQLiteError(connection, code: code) }
        defer { sqlite3_finalize(version) }
        guard sqlite3_step(version) == SQLITE_ROW else {
            throw SQLiteError(connection, code: sqlite3_errcode(connection))
        }
        let marked = Int(sqlite3_column_int64(version, 0))
        if marked == expected { _ = try prepared(sql) }
        return marked
    }

    private func execute(_ sql: String) throws {
        let code = sqlite3_exec(connection, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw SQLiteError(connection, code: code) }
    }

    private func prepared(_ sql: String) throws -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else { throw SQLiteError(connection, code: code) }
        statements[sql] = statement
        return statement
    }
}

/// The current row of a statement being stepped; columns are numbered from 0.
struct SQLiteRow {
    fileprivate let statement: OpaquePointer

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }
    func double(_ column: Int32) -> Double { sqlite3_column_double(statement, column) }

    /// The column's bytes (empty for NULL), valid until the statement moves on.
    func bytes(_ column: Int32) -> UnsafeRawBufferPointer {
        let start = sqlite3_column_blob(statement, column)
        return UnsafeRawBufferPointer(start: start, count: Int(sqlite3_column_bytes(statement, column)))
    }
}
