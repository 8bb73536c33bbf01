import Logging
import PostgresNIO

/// The schema's versions, in order, applied on connect in one transaction that first takes an
/// advisory lock, so instances starting at once migrate one after another (the later ones find
/// nothing left to do). A database migrated by a newer quantum is refused rather than misread.
enum PostgresSchema {
    struct Migration {
        var version: Int
        var name: String
        var statements: [String]
    }

    static let migrations: [Migration] = [
        Migration(
            version: 1, name: "candles and coverage",
            statements: [
                """
                CREATE TABLE candles (
                    ticker text NOT NULL, source text NOT NULL, basis text NOT NULL, day integer NOT NULL,
                    open double precision NOT NULL, high double precision NOT NULL, low double precision NOT NULL,
                    close double precision NOT NULL, volume double precision NOT NULL,
                    vwap double precision, trades bigint, adjusted_close double precision,
                    PRIMARY KEY (ticker, source, basis, day)
                )
                """,
                """
                CREATE TABLE coverage (
                    ticker text NOT NULL, source text NOT NULL, basis text NOT NULL,
                    first_day integer NOT NULL, last_day integer NOT NULL, fetched_at double precision NOT NULL
                )
                """,
                "CREATE INDEX coverage_by_series ON coverage (ticker, source, basis)",
            ]),
        Migration(
            version: 2, name: "quota grants and spent quotas",
            statements: [
                """
                CREATE TABLE quota_grants (
                    id bigserial PRIMARY KEY, provider text NOT NULL, key_hash text NOT NULL,
                    arrived_by double precision NOT NULL, in_flight boolean NOT NULL
                )
                """,
                "CREATE INDEX quota_grants_by_key ON quota_grants (provider, key_hash, arrived_by)",
                """
                CREATE TABLE quota_spent (
                    provider text NOT NULL, key_hash text NOT NULL, until double precision NOT NULL,
                    PRIMARY KEY (provider, key_hash)
                )
                """,
            ]),
        Migration(
            version: 3, name: "corporate actions",
            statements: [
                """
                CREATE TABLE action_reports (
                    ticker text NOT NULL, feeds text NOT NULL, read_at double precision NOT NULL, body text NOT NULL,
                    PRIMARY KEY (ticker, feeds)
                )
                """
            ]),
        Migration(
            version: 4, name: "fetch claims",
            statements: [
                """
                CREATE TABLE fetch_claims (
                    key text PRIMARY KEY, holder text NOT NULL, expires_at double precision NOT NULL
                )
                """
            ]),
    ]

    /// Errors: the server's, or `TooNew` when the database holds a version this quantum lacks.
    static func migrate(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.withTransaction(logger: logger) { connection in
            try await connection.query(
                "SELECT pg_advisory_xact_lock(hashtextextended('quantum-migrations', 0))", logger: logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS quantum_migrations (
                    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, logger: logger)
            var applied: Set<Int> = []
            for try await version in try await connection.query(
                "SELECT version FROM quantum_migrations", logger: logger
            )
            .decode(Int.self) {
                applied.insert(version)
            }
            let known = migrations.map(\.version).max() ?? 0
            if let newest = applied.max(), newest > known { throw TooNew(newest: newest, known: known) }
            for migration in migrations where !applied.contains(migration.version) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO quantum_migrations (version, name) VALUES (\(migration.version), \(migration.name))",
                    logger: logger)
            }
        }
    }

    struct TooNew: Error, CustomStringConvertible {
        var newest: Int
        var known: Int
        var description: String {
            "its schema is version \(newest), newer than this quantum knows (\(known)); upgrade quantum"
        }
    }
}
