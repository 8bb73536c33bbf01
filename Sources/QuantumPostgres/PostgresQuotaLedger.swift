import Foundation
import PostgresNIO
import QuantumCore

/// The quota ledger a team shares in PostgreSQL: every window of every (provider, key hash) —
/// seconds to days — counted across all machines, each grant held in flight until its answer.
///
/// A grant is one transaction: `pg_advisory_xact_lock` on a hash of the provider and key hash
/// (other keys are not held up), then the recent grants are read, `QuotaArithmetic` decides, and
/// the grant row is inserted; the lock is released at commit. The lock is taken by a statement
/// of its own, before the read, so the read sees every grant committed by the previous holder.
/// No instance grants from its own view; a grant it cannot make in the database is not made.
public final class PostgresQuotaLedger: QuotaLedger {
    private let database: PostgresDatabase
    private let flightLimit: TimeInterval

    /// `flightLimit`: how long a grant whose answer never came (its process died) counts as in
    /// flight; longer than any request waits.
    public init(database: PostgresDatabase, flightLimit: Duration = QuotaArithmetic.defaultFlightLimit) {
        self.database = database
        self.flightLimit = flightLimit.seconds
    }

    public var countsEveryWindow: Bool { true }

    public func reserve(_ key: QuotaKey, windows: [RateWindow], now: Date) async throws -> Date? {
        switch try await take(key, windows: windows, now: now, inFlight: false) {
        case .granted: nil
        case .notUntil(let free), .spent(let free): free
        }
    }

    public func grant(_ key: QuotaKey, windows: [RateWindow], now: Date) async throws -> QuotaGrant {
        try await take(key, windows: windows, now: now, inFlight: true)
    }

    private func take(_ key: QuotaKey, windows: [RateWindow], now: Date, inFlight: Bool) async throws -> QuotaGrant {
        let longest = windows.map(\.length.seconds).max() ?? 0
        let (provider, keyHash) = (key.provider.rawValue, key.keyHash)
        let at = now.timeIntervalSince1970
        let arrivedBy = inFlight ? at + flightLimit : at
        return try await database.perform { client in
            try await client.withTransaction(logger: PostgresDatabase.logger) { connection in
                let lock = "quantum-quota/\(provider)/\(keyHash)"
                // The key's spent mark comes with the lock: no round trip of its own.
                let locked = try await connection.query(
                    """
                    SELECT (SELECT until FROM quota_spent
                            WHERE provider = \(provider) AND key_hash = \(keyHash) AND until > \(at))
                    FROM (SELECT pg_advisory_xact_lock(hashtextextended(\(lock), 0))) AS locked
                    """, logger: PostgresDatabase.logger)
                var spent: Double?
                for try await until in locked.decode(Double?.self) { spent = until }
                if inFlight, let spent { return .spent(until: Date(timeIntervalSince1970: spent)) }
                var grants: [QuotaArithmetic.Grant] = []
                let rows = try await connection.query(
                    """
                    SELECT arrived_by, in_flight FROM quota_grants
                    WHERE provider = \(provider) AND key_hash = \(keyHash) AND arrived_by > \(at - longest)
                    """, logger: PostgresDatabase.logger)
                for try await (time, flying) in rows.decode((Double, Bool).self) {
                    grants.append(QuotaArithmetic.Grant(arrivedBy: Date(timeIntervalSince1970: time), inFlight: flying))
                }
                if let free = QuotaArithmetic.firstFree(grants, windows: windows, now: now) { return .notUntil(free) }
                let inserted = try await connection.query(
                    """
                    INSERT INTO quota_grants (provider, key_hash, arrived_by, in_flight)
                    VALUES (\(provider), \(keyHash), \(arrivedBy), \(inFlight)) RETURNING id
                    """, logger: PostgresDatabase.logger)
                var id: Int64 = 0
                for try await value in inserted.decode(Int64.self) { id = value }
                return .granted(id: id)
            }
        }
    }

    /// Marks the grant answered and forgets this key's grants that no window counts any more.
    public func answered(_ key: QuotaKey, grant id: Int64, at: Date) async throws {
        let (provider, keyHash) = (key.provider.rawValue, key.keyHash)
        let time = at.timeIntervalSince1970
        _ = try await database.perform { client in
            try await client.query(
                """
                WITH old AS (
                    DELETE FROM quota_grants
                    WHERE provider = \(provider) AND key_hash = \(keyHash) AND arrived_by < \(time - QuotaArithmetic.horizon)
                )
                UPDATE quota_grants SET arrived_by = LEAST(arrived_by, \(time)), in_flight = false
                WHERE id = \(id) AND in_flight
                """, logger: PostgresDatabase.logger)
        }
    }

    public func used(_ key: QuotaKey, window: RateWindow, now: Date) async throws -> Int {
        let at = now.timeIntervalSince1970
        return try await database.perform { client in
            let rows = try await client.query(
                """
                SELECT COUNT(*) FROM quota_grants
                WHERE provider = \(key.provider.rawValue) AND key_hash = \(key.keyHash)
                AND ((in_flight AND arrived_by > \(at)) OR arrived_by > \(at - window.length.seconds))
                """, logger: PostgresDatabase.logger)
            var count = 0
            for try await value in rows.decode(Int.self) { count = value }
            return count
        }
    }

    public func firstCounted(_ key: QuotaKey, window: RateWindow, now: Date) async throws -> Date? {
        let at = now.timeIntervalSince1970
        return try await database.perform { client in
            let rows = try await client.query(
                """
                SELECT MIN(arrived_by) FROM quota_grants
                WHERE provider = \(key.provider.rawValue) AND key_hash = \(key.keyHash)
                AND ((in_flight AND arrived_by > \(at)) OR arrived_by > \(at - window.length.seconds))
                """, logger: PostgresDatabase.logger)
            var first: Double?
            for try await value in rows.decode(Double?.self) { first = value }
            return first.map(Date.init(timeIntervalSince1970:))
        }
    }

    public func markSpent(_ key: QuotaKey, until: Date) async throws {
        _ = try await database.perform { client in
            try await client.query(
                """
                INSERT INTO quota_spent (provider, key_hash, until)
                VALUES (\(key.provider.rawValue), \(key.keyHash), \(until.timeIntervalSince1970))
                ON CONFLICT (provider, key_hash) DO UPDATE SET until = GREATEST(quota_spent.until, excluded.until)
                """, logger: PostgresDatabase.logger)
        }
    }

    public func spentUntil(_ key: QuotaKey, now: Date) async throws -> Date? {
        try await database.perform { client in
            let rows = try await client.query(
                """
                SELECT until FROM quota_spent
                WHERE provider = \(key.provider.rawValue) AND key_hash = \(key.keyHash)
                AND until > \(now.timeIntervalSince1970)
                """, logger: PostgresDatabase.logger)
            var until: Date?
            for try await value in rows.decode(Double.self) { until = Date(timeIntervalSince1970: value) }
            return until
        }
    }
}
