import Foundation
import GRDB
import QuantumPostgres
import QuantumSQLite
import QuantumTestSupport
import Testing
@testable import QuantumCore

/// The quota-ledger contract every backend keeps (in memory, SQLite, and PostgreSQL when the
/// PostgreSQL suite runs), and the governor's policy when a ledger cannot be read: the request
/// is not sent.
@Suite struct QuotaLedgerTests {
    static let day = RateWindow(count: 3, length: .seconds(86_400))
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let alpha = QuotaKey(provider: .alphavantage, apiKey: "alpha-key")

    static let backends = TestDatabase.backends(["memory", "sqlite"])
    /// The backends that count every window, each grant in flight until answered.
    static let sharedBackends = TestDatabase.backends(["memory", "sqlite"])

    /// A new, empty ledger of the named backend (`memory` counting every window when `shared`).
    static func ledger(_ backend: String, shared: Bool = false) async throws -> any QuotaLedger {
        switch backend {
        case "memory": MemoryQuotaLedger(countsEveryWindow: shared)
        case "sqlite": try SQLiteQuotaLedger(database: DatabaseQueue())
        default:
            PostgresQuotaLedger(
                database: try await PostgresDatabase.open(
                    try await TestDatabase.fresh(), timeout: TestDatabase.patience))
        }
    }

    @Test(arguments: backends)
    func aDayWindowIsCountedAndReleased(_ backend: String) async throws {
        let ledger = try await Self.ledger(backend)
        let (day, t0, alpha) = (Self.day, Self.t0, Self.alpha)
        for i in 0..<3 { #expect(try await ledger.reserve(alpha, windows: [day], now: t0 + Double(i)) == nil) }
        #expect(try await ledger.reserve(alpha, windows: [day], now: t0 + 100) == t0 + 86_400)
        #expect(try await ledger.used(alpha, window: day, now: t0 + 100) == 3)
        // Per provider, and per key: two keys are two quotas.
        #expect(
            try await ledger.reserve(QuotaKey(provider: .polygon, apiKey: "alpha-key"), windows: [day], now: t0 + 100)
                == nil)
        #expect(
            try await ledger.reserve(QuotaKey(provider: .alphavantage, apiKey: "other"), windows: [day], now: t0 + 100)
                == nil)
        #expect(try await ledger.reserve(alpha, windows: [day], now: t0 + 86_400) == nil)
    }

    /// When the first grant a window counts arrived: the window has room a window's length later.
    @Test(arguments: backends)
    func theFirstCountedGrantSaysWhenTheWindowResets(_ backend: String) async throws {
        let ledger = try await Self.ledger(backend)
        let (day, t0, alpha) = (Self.day, Self.t0, Self.alpha)
        #expect(try await ledger.firstCounted(alpha, window: day, now: t0) == nil)
        for i in 0..<2 { #expect(try await ledger.reserve(alpha, windows: [day], now: t0 + Double(i * 10)) == nil) }
        #expect(try await ledger.firstCounted(alpha, window: day, now: t0 + 100) == t0)
        #expect(try await ledger.firstCounted(alpha, window: day, now: t0 + 86_405) == t0 + 10)
    }

    @Test(arguments: sharedBackends)
    func aGrantInFlightCountsUntilItsAnswer(_ backend: String) async throws {
        let ledger = try await Self.ledger(backend, shared: true)
        let (t0, alpha) = (Self.t0, Self.alpha)
        let second = [RateWindow(count: 2, length: .seconds(1))]
        #expect(ledger.countsEveryWindow)
        // (Quarter seconds: exact in every backend's clock.)
        let first = try await ledger.grant(alpha, windows: second, now: t0)
        #expect(try await ledger.grant(alpha, windows: second, now: t0 + 0.25).isGranted)
        // Both in flight: either can arrive at any moment, so the third waits a whole window.
        #expect(try await ledger.grant(alpha, windows: second, now: t0 + 0.5) == .notUntil(t0 + 1.5))
        #expect(try await ledger.used(alpha, window: second[0], now: t0 + 5) == 2)
        // The first's answer came at t0 + 0.75: it arrived by then, and stops counting at t0 + 1.75.
        guard case .granted(let id) = first else {
            Issue.record("the first grant was refused: \(first)")
            return
        }
        try await ledger.answered(alpha, grant: id, at: t0 + 0.75)
        #expect(try await ledger.grant(alpha, windows: second, now: t0 + 1) == .notUntil(t0 + 1.75))
        #expect(try await ledger.grant(alpha, windows: second, now: t0 + 1.75).isGranted)
        // A grant whose answer never comes (its process died) counts as in flight until the
        // flight limit, and as arrived then.
        let limit = QuotaArithmetic.defaultFlightLimit.seconds
        #expect(try await ledger.used(alpha, window: second[0], now: t0 + limit - 1) == 2)
        #expect(try await ledger.used(alpha, window: second[0], now: t0 + limit + 3) == 0)
        #expect(try await ledger.grant(alpha, windows: second, now: t0 + limit + 3).isGranted)
    }

    @Test(arguments: sharedBackends)
    func aSpentMarkRefusesTheNextGrantAtOnce(_ backend: String) async throws {
        let ledger = try await Self.ledger(backend, shared: true)
        let (t0, alpha) = (Self.t0, Self.alpha)
        let minute = [RateWindow(count: 5, length: .seconds(60))]
        #expect(try await ledger.grant(alpha, windows: minute, now: t0).isGranted)
        // Another process was told the day's quota is spent: no grant until the reset, for this
        // key only, and nothing recorded.
        try await ledger.markSpent(alpha, until: t0 + 3600)
        #expect(try await ledger.grant(alpha, windows: minute, now: t0 + 1) == .spent(until: t0 + 3600))
        #expect(try await ledger.used(alpha, window: minute[0], now: t0 + 1) == 1)
        #expect(
            try await ledger.grant(QuotaKey(provider: .fmp, apiKey: "alpha-key"), windows: minute, now: t0 + 1)
                .isGranted)
        #expect(try await ledger.grant(alpha, windows: minute, now: t0 + 3600).isGranted)
    }

    @Test func theKeyIsStoredOnlyAsAHash() {
        #expect(Self.alpha.keyHash.count == 16 && !Self.alpha.keyHash.contains("alpha"))
        #expect(QuotaKey(provider: .fmp, apiKey: nil).keyHash == "none")
    }

    @Test func sqliteSurvivesARestart() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-\(UUID().uuidString).sqlite")
            .path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        do {
            let ledger = try SQLiteQuotaLedger(path: path)
            for i in 0..<3 { _ = try await ledger.reserve(Self.alpha, windows: [Self.day], now: Self.t0 + Double(i)) }
        }
        let reopened = try SQLiteQuotaLedger(path: path)
        #expect(try await reopened.reserve(Self.alpha, windows: [Self.day], now: Self.t0 + 10) != nil)
    }

    @Test func concurrentSQLiteWritersNeverOverspend() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-\(UUID().uuidString).sqlite")
            .path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let window = RateWindow(count: 25, length: .seconds(86_400))
        // Separate connections, as separate processes would have.
        let ledgers = try (0..<4).map { _ in try SQLiteQuotaLedger(path: path) }
        let granted = try await withThrowingTaskGroup(of: Int.self) { group in
            for ledger in ledgers {
                group.addTask {
                    var mine = 0
                    for i in 0..<20
                    where try await ledger.reserve(Self.alpha, windows: [window], now: Self.t0 + Double(i)) == nil {
                        mine += 1
                    }
                    return mine
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(granted == 25)
    }

    /// A ledger that cannot be read.
    struct Broken: QuotaLedger {
        struct Down: Error, CustomStringConvertible { var description: String { "the database is down" } }
        func reserve(_ key: QuotaKey, windows: [RateWindow], now: Date) async throws -> Date? { throw Down() }
        func used(_ key: QuotaKey, window: RateWindow, now: Date) async throws -> Int { throw Down() }
        func markSpent(_ key: QuotaKey, until: Date) async throws { throw Down() }
        func spentUntil(_ key: QuotaKey, now: Date) async throws -> Date? { throw Down() }
    }

    @Test func anUnreadableLedgerFailsClosed() async throws {
        let governor = SourceGovernor(
            limits: [.alphavantage: [RateWindow(count: 5, length: .seconds(86_400))], .eodhd: []], ledger: Broken())
        let heard = HeardEvents(governor.events)
        let reservation = try await governor.reserve([.alphavantage, .eodhd])
        // The day-limited source is not asked; the one without a long window is.
        #expect(reservation.source == .eodhd)
        let passed = try #require(reservation.passedOver.first)
        #expect(passed.source == .alphavantage && passed.outcome == .skippedRateLimit)
        #expect(passed.message.contains("quota ledger could not be read (the database is down)"))
        let alone = try await governor.reserve([.alphavantage])
        #expect(alone.source == nil)
        // Said once, not once per request.
        #expect(
            heard.messages == [
                "the quota ledger cannot be read (the database is down); requests it must count are not sent until it answers again"
            ])
    }
}
