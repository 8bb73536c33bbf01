import Foundation
import QuantumCore
import QuantumSQLite

/// The cost of a grant in the SQLite quota ledger the processes of one machine share: four
/// processes (this executable again, `--sqlite-ledger-worker`) granting on one key in one file —
/// the contended case, serialized by SQLite's write lock — each grant then answered, as the
/// governor does, under a per-second window. Grant instants run on a clock a thousand times
/// faster than the wall's, so every grant finds room and the window holds the last millisecond's
/// few grants, as a real `20/s` window would: the figure is the transaction's cost, not a wait.
enum SQLiteLedgerBench {
    static let processes = 4
    static let window = [RateWindow(count: RateWindow.maxCount, length: .seconds(1))]
    static let key = QuotaKey(provider: .polygon, apiKey: "bench-sqlite")

    static func figures(quick: Bool) throws -> [(String, String)] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quantum-bench-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/state.sqlite"
        // Created and migrated once, so the workers time grants only.
        _ = try SQLiteQuotaLedger(path: path)
        let start = Date().timeIntervalSince1970 + 0.5
        let perProcess = quick ? 1000 : 5000
        let workers = try (0..<processes).map { _ in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            process.arguments = ["--sqlite-ledger-worker", path, String(start), String(perProcess)]
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            return (process, out)
        }
        var grants: [Double] = [], answers: [Double] = []
        var finished = start
        for (process, out) in workers {
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0,
                let report = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                let mine = report["grant_ms"] as? [Double], let answered = report["answer_ms"] as? [Double],
                let end = report["end"] as? Double
            else { throw BenchError("a SQLite ledger worker failed") }
            grants += mine
            answers += answered
            finished = max(finished, end)
        }
        return [
            ("sqlite_ledger_grants_per_s", String(Int(Double(grants.count) / (finished - start)))),
            ("sqlite_ledger_grant_p50_ms", String(format: "%.3f", percentile(grants, 0.5))),
            ("sqlite_ledger_grant_p99_ms", String(format: "%.3f", percentile(grants, 0.99))),
            ("sqlite_ledger_answer_p99_ms", String(format: "%.3f", percentile(answers, 0.99))),
        ]
    }

    /// One worker process: waits for `start` (wall time, shared by the workers), then grants
    /// and answers `count` times; prints its latencies in milliseconds as JSON.
    static func worker(path: String, start: Double, count: Int) async throws {
        let ledger = try SQLiteQuotaLedger(path: path)
        let wait = start - Date().timeIntervalSince1970
        if wait > 0 { try await Task.sleep(for: .seconds(wait)) }
        let clock = ContinuousClock()
        var grants: [Double] = [], answers: [Double] = []
        grants.reserveCapacity(count)
        answers.reserveCapacity(count)
        for _ in 0..<count {
            let now = Date(timeIntervalSince1970: start + (Date().timeIntervalSince1970 - start) * 1000)
            let began = clock.now
            guard case .granted(let id) = try await ledger.grant(key, windows: window, now: now) else {
                throw BenchError("a grant was refused")
            }
            let granted = clock.now
            try await ledger.answered(key, grant: id, at: now)
            grants.append(began.duration(to: granted).seconds * 1000)
            answers.append(granted.duration(to: clock.now).seconds * 1000)
        }
        let report: [String: Any] = ["grant_ms": grants, "answer_ms": answers, "end": Date().timeIntervalSince1970]
        FileHandle.standardOutput.write(try JSONSerialization.data(withJSONObject: report))
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }
}
