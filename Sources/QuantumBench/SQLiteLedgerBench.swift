import Foundation
import QuantumCore
import QuantumSQLite

/// The cost of a grant in the SQLite quota ledger the processes of one machine share: four
/// processes (this executable again, `--sqlite-ledger-worker`) granting on one key in one file,
/// serialized by SQLite's write lock, each grant then answered, as the governor does, under a
/// per-second window. Grant instants run on a clock a thousand times faster than the wall's, so
/// every grant finds room and the window holds the last millisecond's few grants, as a real
/// `20/s` window would: the figures are the transactions' cost, not a wait for room.
///
/// Two runs: saturated (each process grants back to back: `sqlite_ledger_grants_per_s`, and the
/// latencies of a queue at its limit), and paced at 100 grants a second per process — 400 a
/// second on the key, twenty times a `20/s` limit — for the latencies a grant has when the
/// ledger is not the bottleneck (`sqlite_ledger_grant_p99_ms`, the figure with a target).
enum SQLiteLedgerBench {
    static let processes = 4
    static let window = [RateWindow(count: RateWindow.maxCount, length: .seconds(1))]
    static let key = QuotaKey(provider: .polygon, apiKey: "bench-sqlite")
    static let pace = 100

    static func figures(quick: Bool) throws -> [(String, String)] {
        let saturated = try run(count: quick ? 1000 : 5000, pace: 0)
        let paced = try run(count: quick ? 300 : 1000, pace: pace)
        return [
            ("sqlite_ledger_grants_per_s", String(Int(Double(saturated.grants.count) / saturated.seconds))),
            ("sqlite_ledger_grant_p99_saturated_ms", String(format: "%.3f", percentile(saturated.grants, 0.99))),
            ("sqlite_ledger_grant_p50_ms", String(format: "%.3f", percentile(paced.grants, 0.5))),
            ("sqlite_ledger_grant_p99_ms", String(format: "%.3f", percentile(paced.grants, 0.99))),
            ("sqlite_ledger_answer_p99_ms", String(format: "%.3f", percentile(paced.answers, 0.99))),
        ]
    }

    /// The workers' grant and answer latencies (ms) and the seconds from start to the last end.
    static func run(count: Int, pace: Int) throws -> (grants: [Double], answers: [Double], seconds: Double) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quantum-bench-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/state.sqlite"
        // Created and migrated once, so the workers time grants only.
        _ = try SQLiteQuotaLedger(path: path)
        let start = Date().timeIntervalSince1970 + 0.5
        let workers = try (0..<processes).map { _ in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            process.arguments = ["--sqlite-ledger-worker", path, String(start), String(count), String(pace)]
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
        return (grants, answers, finished - start)
    }

    /// One worker process: waits for `start` (wall time, shared by the workers), then grants
    /// and answers `count` times, back to back or `pace` times a second; prints its latencies in
    /// milliseconds as JSON.
    static func worker(path: String, start: Double, count: Int, pace: Int) async throws {
        let ledger = try SQLiteQuotaLedger(path: path)
        let clock = ContinuousClock()
        var grants: [Double] = [], answers: [Double] = []
        grants.reserveCapacity(count)
        answers.reserveCapacity(count)
        for i in 0..<count {
            // Each grant at its own time on the schedule: one that ran late does not move the next.
            let due = pace > 0 ? start + Double(i) / Double(pace) : start
            let wait = due - Date().timeIntervalSince1970
            if wait > 0 { try await Task.sleep(for: .seconds(wait)) }
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
