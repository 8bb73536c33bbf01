import Foundation
import PostgresNIO
import QuantumCore

/// Candles in a team's PostgreSQL database, keyed by ticker, source, basis and day, with the
/// ranges each fetch covered — the rows SQLite keeps on one machine, so what one instance fetched
/// is a hit for every other under the same cache rules (decided by `CandleCache`, not here).
/// A replace is one transaction under a per-series advisory lock: a reader sees a series before
/// or after a fetch, never half of one.
public final class PostgresCandleStore: CandleStore {
    public var cacheName: String { "the team's PostgreSQL cache" }

    private let database: PostgresDatabase

    public init(database: PostgresDatabase) {
        self.database = database
    }

    public func unreachable() async -> String? {
        await database.unreachable()?.description
    }

    public var sharesFetches: Bool { true }

    public func claim(_ key: String, holder: String, expires: Double, now: Double) async throws -> Bool {
        try await database.perform { client in
            let rows = try await client.query(
                """
                INSERT INTO fetch_claims (key, holder, expires_at) VALUES (\(key), \(holder), \(expires))
                ON CONFLICT (key) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
                WHERE fetch_claims.expires_at < \(now) OR fetch_claims.holder = EXCLUDED.holder
                RETURNING holder
                """, logger: PostgresDatabase.logger)
            var claimed = false
            for try await _ in rows { claimed = true }
            return claimed
        }
    }

    public func release(_ key: String, holder: String) async throws {
        try await database.perform { client in
            _ = try await client.query(
                "DELETE FROM fetch_claims WHERE key = \(key) AND holder = \(holder)", logger: PostgresDatabase.logger)
        }
    }

    public func series(_ key: SeriesKey) async throws -> StoredSeries {
        try await database.perform { client in
            try await client.withConnection { connection in
                var series = StoredSeries()
                let ranges = try await connection.query(
                    """
                    SELECT first_day, last_day, fetched_at FROM coverage
                    WHERE ticker = \(key.ticker) AND source = \(key.source.rawValue) AND basis = \(key.basis.rawValue)
                    """, logger: PostgresDatabase.logger)
                for try await (first, last, fetchedAt) in ranges.decode((Int32, Int32, Double).self) {
                    series.ranges.append(
                        CoverageRange(
                            first: TradingDate(daysSinceEpoch: first), last: TradingDate(daysSinceEpoch: last),
                            fetchedAt: Date(timeIntervalSince1970: fetchedAt)))
                }
                let rows = try await connection.query(
                    """
                    SELECT day, open, high, low, close, volume, vwap, trades, adjusted_close FROM candles
                    WHERE ticker = \(key.ticker) AND source = \(key.source.rawValue) AND basis = \(key.basis.rawValue)
                    ORDER BY day
                    """, logger: PostgresDatabase.logger)
                for try await (day, open, high, low, close, volume, vwap, trades, adjusted) in rows.decode(
                    (Int32, Double, Double, Double, Double, Double, Double?, Int64?, Double?).self)
                {
                    series.candles.append(
                        Candle(
                            date: TradingDate(daysSinceEpoch: day), open: open, high: high, low: low, close: close,
                            volume: volume, vwap: vwap, trades: trades.map { Int($0) }, adjustedClose: adjusted))
                }
                return series
            }
        }
    }

    public func replace(
        _ key: SeriesKey, with candles: [Candle], covering first: TradingDate, through last: TradingDate,
        fetchedAt: Date
    ) async throws {
        guard first <= last else { return }
        let rows = try Self.json(candles.filter { $0.date >= first && $0.date <= last })
        let (from, to) = (first.daysSinceEpoch, last.daysSinceEpoch)
        try await database.perform { client in
            try await client.withTransaction(logger: PostgresDatabase.logger) { connection in
                let (ticker, source, basis) = (key.ticker, key.source.rawValue, key.basis.rawValue)
                let lock = "quantum-series/\(ticker)/\(source)/\(basis)"
                try await connection.query(
                    "SELECT pg_advisory_xact_lock(hashtextextended(\(lock), 0))", logger: PostgresDatabase.logger)
                try await connection.query(
                    """
                    DELETE FROM candles WHERE ticker = \(ticker) AND source = \(source) AND basis = \(basis)
                    AND day BETWEEN \(from) AND \(to)
                    """, logger: PostgresDatabase.logger)
                try await connection.query(
                    """
                    INSERT INTO candles
                    (ticker, source, basis, day, open, high, low, close, volume, vwap, trades, adjusted_close)
                    SELECT \(ticker), \(source), \(basis), r.day, r.open, r.high, r.low, r.close, r.volume, r.vwap,
                        r.trades, r.adjusted_close
                    FROM jsonb_to_recordset(\(rows)::jsonb) AS r(
                        day integer, open double precision, high double precision, low double precision,
                        close double precision, volume double precision, vwap double precision, trades bigint,
                        adjusted_close double precision)
                    """, logger: PostgresDatabase.logger)
                // A newer range makes older ones inside it redundant.
                try await connection.query(
                    """
                    DELETE FROM coverage WHERE ticker = \(ticker) AND source = \(source) AND basis = \(basis)
                    AND first_day >= \(from) AND last_day <= \(to)
                    """, logger: PostgresDatabase.logger)
                try await connection.query(
                    """
                    INSERT INTO coverage (ticker, source, basis, first_day, last_day, fetched_at)
                    VALUES (\(ticker), \(source), \(basis), \(from), \(to), \(fetchedAt.timeIntervalSince1970))
                    """, logger: PostgresDatabase.logger)
            }
        }
    }

    public func remove(_ key: SeriesKey) async throws {
        try await database.perform { client in
            try await client.withTransaction(logger: PostgresDatabase.logger) { connection in
                for table in ["candles", "coverage"] {
                    try await connection.query(
                        PostgresQuery(
                            unsafeSQL: "DELETE FROM \(table) WHERE ticker = $1 AND source = $2 AND basis = $3",
                            binds: Self.binds([key.ticker, key.source.rawValue, key.basis.rawValue])),
                        logger: PostgresDatabase.logger)
                }
            }
        }
    }

    public func stats() async throws -> CacheStats {
        try await database.perform { client in
            try await client.withConnection { connection in
                var sources: [CacheStats.Source] = []
                let rows = try await connection.query(
                    """
                    SELECT source, COUNT(*), COUNT(DISTINCT ticker), MIN(day), MAX(day) FROM candles
                    GROUP BY source
                    """, logger: PostgresDatabase.logger)
                for try await (source, candles, tickers, first, last) in rows.decode(
                    (String, Int, Int, Int32, Int32).self)
                {
                    guard let id = SourceID(rawValue: source) else { continue }
                    sources.append(
                        CacheStats.Source(
                            source: id, candles: candles, tickers: tickers, first: TradingDate(daysSinceEpoch: first),
                            last: TradingDate(daysSinceEpoch: last)))
                }
                var tickers = 0
                var bytes = 0
                let totals = try await connection.query(
                    """
                    SELECT (SELECT COUNT(DISTINCT ticker) FROM candles),
                        pg_total_relation_size('candles') + pg_total_relation_size('coverage')
                    """, logger: PostgresDatabase.logger)
                for try await (count, size) in totals.decode((Int, Int).self) { (tickers, bytes) = (count, size) }
                return CacheStats(tickers: tickers, bytes: bytes, sources: sources.sorted { $0.source < $1.source })
            }
        }
    }

    public func clear(ticker: String?) async throws -> Int {
        try await database.perform { client in
            try await client.withTransaction(logger: PostgresDatabase.logger) { connection in
                let filter = ticker == nil ? "" : " WHERE ticker = $1"
                let binds = Self.binds(ticker.map { [$0] } ?? [])
                var removed = 0
                let rows = try await connection.query(
                    PostgresQuery(
                        unsafeSQL: "WITH gone AS (DELETE FROM candles\(filter) RETURNING 1) SELECT COUNT(*) FROM gone",
                        binds: binds), logger: PostgresDatabase.logger)
                for try await count in rows.decode(Int.self) { removed = count }
                try await connection.query(
                    PostgresQuery(unsafeSQL: "DELETE FROM coverage\(filter)", binds: binds),
                    logger: PostgresDatabase.logger)
                try await connection.query(
                    PostgresQuery(unsafeSQL: "DELETE FROM action_reports\(filter)", binds: binds),
                    logger: PostgresDatabase.logger)
                return removed
            }
        }
    }

    public func actionReports(_ ticker: String, feeds: String) async throws -> StoredActionReports? {
        try await database.perform { client in
            let rows = try await client.query(
                "SELECT read_at, body FROM action_reports WHERE ticker = \(ticker) AND feeds = \(feeds)",
                logger: PostgresDatabase.logger)
            var found: StoredActionReports?
            for try await (readAt, body) in rows.decode((Double, String).self) {
                found = StoredActionReports(body: Data(body.utf8), readAt: Date(timeIntervalSince1970: readAt))
            }
            return found
        }
    }

    public func keepActionReports(_ reports: StoredActionReports, ticker: String, feeds: String) async throws {
        let body = String(decoding: reports.body, as: UTF8.self)
        let readAt = reports.readAt.timeIntervalSince1970
        try await database.perform { client in
            try await client.query(
                """
                INSERT INTO action_reports (ticker, feeds, read_at, body) VALUES (\(ticker), \(feeds), \(readAt), \(body))
                ON CONFLICT (ticker, feeds) DO UPDATE SET read_at = EXCLUDED.read_at, body = EXCLUDED.body
                """, logger: PostgresDatabase.logger)
        }
    }

    private static func binds(_ values: [String]) -> PostgresBindings {
        var binds = PostgresBindings()
        for value in values { binds.append(value, context: .default) }
        return binds
    }

    /// One candle as a `jsonb_to_recordset` row; absent fields are JSON nulls (SQL NULLs).
    private struct Row: Encodable {
        var day: Int32
        var open, high, low, close, volume: Double
        var vwap: Double?
        var trades: Int?
        var adjustedClose: Double?

        enum CodingKeys: String, CodingKey {
            case day, open, high, low, close, volume, vwap, trades
            case adjustedClose = "adjusted_close"
        }
    }

    /// The candles as a JSON array of rows (one bind, one statement, however many candles).
    private static func json(_ candles: [Candle]) throws -> String {
        let rows = candles.map {
            Row(
                day: $0.date.daysSinceEpoch, open: $0.open, high: $0.high, low: $0.low, close: $0.close,
                volume: $0.volume, vwap: $0.vwap, trades: $0.trades, adjustedClose: $0.adjustedClose)
        }
        return String(decoding: try JSONEncoder().encode(rows), as: UTF8.self)
    }
}
