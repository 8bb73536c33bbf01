import Foundation
import GRDB
import QuantumSQLite
import QuantumTestSupport
import Testing
@testable import QuantumCore

/// The SQLite ledger one machine's processes share: every window counted, each grant in flight
/// until answered. Two ledger objects on one file are two processes (separate connections).
@Suite struct SQLiteQuotaLedgerTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let polygon = QuotaKey(provider: .polygon, apiKey: "one-polygon-key")
    static let minute = [RateWindow(count: 5, length: .seconds(60))]

    /// A new ledger file, removed (with its WAL files) when `body` returns.
    func withFile<T>(_ body: (String) async throws -> T) async throws -> T {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-\(UUID().uuidString).sqlite")
            .path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        return try await body(path)
    }

    @Test func aMinutesLimitHoldsAcrossTwoProcesses() async throws {
        try await withFile { path in
            let a = try SQLiteQuotaLedger(path: path)
            let b = try SQLiteQuotaLedger(path: path)
            #expect(a.countsEveryWindow && b.countsEveryWindow)
            let (t0, key, minute) = (Self.t0, Self.polygon, Self.minute)
            // Five grants, alternating processes; all in flight.
            var ids: [Int64] = []
            for i in 0..<5 {
                let ledger = i.isMultiple(of: 2) ? a : b
                guard case .granted(let id) = try await ledger.grant(key, windows: minute, now: t0 + Double(i)) else {
                    Issue.record("grant \(i) was refused")
                    return
                }
                ids.append(id)
            }
            // A sixth, from either process: five in flight may each arrive at any moment.
            #expect(try await a.grant(key, windows: minute, now: t0 + 5) == .notUntil(t0 + 65))
            #expect(try await b.used(key, window: minute[0], now: t0 + 5) == 5)
            // Answers: the first arrived by t0 + 1, the rest by t0 + 6. The first stops counting
            // at t0 + 61, the others at t0 + 66: exactly one more grant then.
            try await b.answered(key, grant: ids[0], at: t0 + 1)
            for id in ids.dropFirst() { try await a.answered(key, grant: id, at: t0 + 6) }
            #expect(try await b.grant(key, windows: minute, now: t0 + 30) == .notUntil(t0 + 61))
            #expect(try await b.grant(key, windows: minute, now: t0 + 61).isGranted)
            #expect(try await a.grant(key, windows: minute, now: t0 + 62) == .notUntil(t0 + 66))
            // An answer that comes twice, or for an id of another key, changes nothing.
            try await a.answered(QuotaKey(provider: .fmp, apiKey: "one-polygon-key"), grant: ids[1], at: t0 + 2)
            #expect(try await a.grant(key, windows: minute, now: t0 + 63) == .notUntil(t0 + 66))
        }
    }

    @Test func aSecondsLimitHoldsAcrossFourProcessesGrantingAtOnce() async throws {
        try await withFile { path in
            let second = [RateWindow(count: 20, length: .seconds(1))]
            let ledgers = try (0..<4).map { _ in try SQLiteQuotaLedger(path: path) }
            // Each "process" asks 10 times within the same second: 20 of the 40 are granted.
            let granted = try await withThrowingTaskGroup(of: Int.self) { group in
                for ledger in ledgers {
                    group.addTask {
                        var mine = 0
                        for i in 0..<10 {
                            if try await ledger.grant(Self.polygon, windows: second, now: Self.t0 + Double(i) / 100)
                                .isGranted
                            {
                                mine += 1
                            }
                        }
                        return mine
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(granted == 20)
            #expect(try await ledgers[0].used(Self.polygon, window: second[0], now: Self.t0 + 0.5) == 20)
        }
    }

    @Test func aProcessKilledInFlightCountsUntilTheFlightLimit() async throws {
        try await withFile { path in
            let second = [RateWindow(count: 1, length: .seconds(1))]
            do {
                // A process granted and died before the answer.
                let dead = try SQLiteQuotaLedger(path: path, flightLimit: .seconds(180))
                #expect(try await dead.grant(Self.polygon, windows: second, now: Self.t0).isGranted)
            }
            let later = try SQLiteQuotaLedger(path: path)
            #expect(
                try await later.grant(Self.polygon, windows: second, now: Self.t0 + 100) == .notUntil(Self.t0 + 101))
            // Counted as arrived at t0 + 180, so free again a second after.
            #expect(
                try await later.grant(Self.polygon, windows: second, now: Self.t0 + 180.5) == .notUntil(Self.t0 + 181))
            #expect(try await later.grant(Self.polygon, windows: second, now: Self.t0 + 181).isGranted)
        }
    }

    @Test func aFileOfTheSecondVersionKeepsItsGrantsAsAnswered() async throws {
        try await withFile { path in
            // A ledger as the previous release left it: instants only.
            let old = try DatabaseQueue(path: path)
            try await old.write { db in
                try db.execute(
                    sql: """
                        CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                        INSERT INTO grdb_migrations VALUES ('v1 quota grants by provider and key'), ('v2 quotas said to be spent');
                        CREATE TABLE quota_grants (provider TEXT NOT NULL, key_hash TEXT NOT NULL, at REAL NOT NULL);
                        CREATE INDEX quota_grants_by_key ON quota_grants (provider, key_hash, at);
                        CREATE TABLE quota_spent (
                            provider TEXT NOT NULL, key_hash TEXT NOT NULL, until REAL NOT NULL, PRIMARY KEY (provider, key_hash)
                        );
                        PRAGMA user_version = 2;
                        """)
                for i in 0..<5 {
                    try db.execute(
                        sql: "INSERT INTO quota_grants VALUES (?, ?, ?)",
                        arguments: ["polygon", Self.polygon.keyHash, Self.t0.timeIntervalSince1970 + Double(i)])
                }
            }
            try old.close()
            let ledger = try SQLiteQuotaLedger(path: path)
            #expect(try await ledger.used(Self.polygon, window: Self.minute[0], now: Self.t0 + 10) == 5)
            #expect(
                try await ledger.grant(Self.polygon, windows: Self.minute, now: Self.t0 + 10) == .notUntil(Self.t0 + 60)
            )
            #expect(try await ledger.grant(Self.polygon, windows: Self.minute, now: Self.t0 + 60).isGranted)
        }
    }
}
