import GRDB
import GRDBSQLite

/// An error SQLite returned, with its code and message (and not the statement, which says
/// nothing to a user).
struct SQLiteError: Error, CustomStringConvertible {
    var code: Int32
    var message: String
    var description: String { "SQLite error \(code): \(message)" }

    init(_ connection: OpaquePointer?, code: Int32) {
        self.code = code
        message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
    }

    /// GRDB's error, shortened to SQLite's words.
    init(_ error: DatabaseError) {
        code = error.resultCode.rawValue
        message = error.message ?? String(cString: sqlite3_errstr(code))
    }
}
