import Foundation
import Logging
import PostgresNIO
import QuantumCore

/// The PostgreSQL server the PostgreSQL suite runs on: `QUANTUM_TEST_DATABASE_URL`, set by
/// `scripts/test` (through `scripts/with-postgres`, a throwaway cluster). Without it the suite is
/// skipped and says so.
public enum TestDatabase {
    /// The server's URL, if the suite runs.
    public static let url: DatabaseURL? = ProcessInfo.processInfo.environment["QUANTUM_TEST_DATABASE_URL"].flatMap {
        try? DatabaseURL.parse($0).get()
    }

    /// How long the tests give the database for each operation: the whole suite runs at once on
    /// two cores, where a migration can take seconds (the default of 10 s is for a real server).
    public static let patience: Duration = .seconds(60)

    public static let skipped =
        "QUANTUM_TEST_DATABASE_URL is not set, so the PostgreSQL suite is skipped (scripts/test sets it)"

    /// Backend names for conformance tests: the in-process ones, and `postgres` when the suite runs.
    public static func backends(_ local: [String]) -> [String] {
        local + (url == nil ? [] : ["postgres"])
    }

    /// A new, empty database on the test server (each test its own, so they run in parallel).
    public static func fresh() async throws -> DatabaseURL {
        guard var url else { throw Missing() }
        let name = "quantum_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await execute("CREATE DATABASE \(name)", in: url)
        url.database = name
        return url
    }

    /// Runs one SQL statement in the database at `url`, on a connection of its own.
    public static func execute(_ sql: String, in url: DatabaseURL) async throws {
        let configuration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
            tls: .disable)
        let logger = Logger(label: "quantum.test-database", factory: { _ in SwiftLogNoOpLogHandler() })
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// The URL as `QUANTUM_DATABASE_URL` takes it.
    public static func text(_ url: DatabaseURL) -> String {
        "postgres://\(url.user):\(url.password ?? "")@\(url.host):\(url.port)/\(url.database)?sslmode=disable"
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String { TestDatabase.skipped }
    }
}
