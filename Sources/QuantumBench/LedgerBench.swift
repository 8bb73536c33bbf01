import Foundation
import QuantumCore
import QuantumPostgres

/// The cost of a grant in the PostgreSQL quota ledger a team shares (`QUANTUM_TEST_DATABASE_URL`,
/// which `scripts/bench` sets to a throwaway cluster; no figures without it): four tasks on one
/// pool granting on the same key — the contended case, serialized by the key's advisory lock —
/// each grant then answered, as the governor does. Grant times step a second apart (under a 1000000/s
/// window), so every grant is made and the figure is the transaction's cost, not a wait for room.
enum LedgerBench {
    static func figures(quick: Bool) async throws -> [(String, String)] {
        guard let text = ProcessInfo.processInfo.environment["QUANTUM_TEST_DATABASE_URL"] else { return [] }
        let database = try await PostgresDatabase.open(try DatabaseURL.parse(text).get())
        let ledger = PostgresQuotaLedger(database: database)
        let key = QuotaKey(provider: .polygon, apiKey: "bench-\(UUID().uuidString)")
        let windows = [RateWindow(count: RateWindow.maxCount, length: .seconds(1))]
        let perTask = quick ? 250 : 1000
        let clock = ContinuousClock()
        let t0 = Date()
        let started = clock.now
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for task in 0..<4 {
                group.addTask {
                    var mine: [Double] = []
                    for i in 0..<perTask {
                        let now = t0.addingTimeInterval(Double(i * 4 + task))
                        let began = clock.now
                        guard case .granted(let id) = try await ledger.grant(key, windows: windows, now: now) else {
                            throw BenchError("a grant was refused")
                        }
                        try await ledger.answered(key, grant: id, at: now)
                        mine.append(began.duration(to: clock.now).seconds * 1000)
                    }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let elapsed = started.duration(to: clock.now).seconds
        await database.close()
        let sorted = latencies.sorted()
        let p99 = sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))]
        return [
            ("ledger_grants_per_s", String(Int(Double(latencies.count) / elapsed))),
            ("ledger_grant_p99_ms", String(format: "%.2f", p99)),
        ]
    }
}
