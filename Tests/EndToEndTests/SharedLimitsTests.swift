import Foundation
import QuantumTestSupport
import Testing
@testable import QuantumCore

/// Several `quantum` processes on one machine, one key, started at once against a loopback
/// provider that counts when each request arrives: the machine's quota ledger (SQLite, in the
/// state folder they share) keeps every window — a minute's, a second's — across them.
@Suite(
    .enabled(
        if: FileManager.default.isExecutableFile(atPath: Binary.path),
        "build the executable first: swift build --build-tests"))
struct SharedLimitsTests {
    /// One machine: a key for `provider` only, its limits, the shared state folder; each process
    /// its own cache folder (so every process asks for every ticker).
    static func environment(_ server: CountingProviderServer, home: [String: String]) -> [String: String] {
        let prefix = server.provider.descriptor.environmentPrefix
        var environment = home
        environment["\(prefix)_API_KEY"] = "one-key-for-the-machine"
        environment["\(prefix)_BASE_URL"] = server.baseURL
        environment["\(prefix)_LIMITS"] = server.limit.description
        environment["XDG_CACHE_HOME"] =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("quantum-e2e-cache-\(UUID().uuidString)").path
        return environment
    }

    /// Runs `processes` batches of `tickers(i)` at once; returns each process's output.
    static func runAtOnce(
        _ server: CountingProviderServer, processes: Int, concurrency: Int, basis: String = "raw",
        tickers: @escaping @Sendable (Int) -> [String]
    ) async throws -> [Binary.Output] {
        let home = Binary.cleanEnvironment()
        return try await withThrowingTaskGroup(of: Binary.Output.self) { group in
            for process in 0..<processes {
                let arguments =
                    ["--json", "batch"] + tickers(process) + [
                        "--from", "2024-03-04", "--to", "2024-03-05", "--source", server.provider.rawValue,
                        "--concurrency", String(concurrency), "--basis", basis,
                    ]
                let environment = Self.environment(server, home: home)
                group.addTask { try await Binary.run(arguments, environment: environment) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    static func served(_ run: Binary.Output) -> Int? {
        let last = run.stdout.split(separator: "\n").last.flatMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        return (last?["summary"] as? [String: Any])?["ok"] as? Int
    }

    /// The case: three processes, one Polygon key at 4 a minute, four tickers each at
    /// concurrency 1. Four requests go at once; the other eight wait a minute (said on stderr)
    /// and then two more minutes — no process sends past the window, none gets a 429.
    @Test func threeProcessesShareAMinutesLimit() async throws {
        let limit = RateWindow(count: 4, length: .seconds(60))
        let server = try await CountingProviderServer.start(
            .polygon, limit: limit, from: "2024-03-04", to: "2024-03-05")
        // Split-adjusted bars as Polygon serves them: their splits are asked only when a slot is
        // near (otherwise the bars are served said unchecked), so only the bars are counted here.
        let runs = try await Self.runAtOnce(server, processes: 3, concurrency: 1, basis: "split") { _ in
            ["P0T0", "P0T1"]
        }
        await server.stop()
        #expect(runs.allSatisfy { $0.status == 0 }, "\(runs.map(\.stderr))")
        #expect(runs.map(Self.served) == [2, 2, 2], "\(runs.map(\.stderr))")
        #expect(server.requests - server.actionRequests == 6 && server.refused == 0)
        #expect(server.busiestWindow <= 4, "\(server.busiestWindow) requests within a minute")
        #expect(runs.contains { $0.stderr.contains("for a polygon slot — Ctrl-C to stop") }, "\(runs.map(\.stderr))")
    }

    /// Per-second windows, several processes, each a batch at concurrency 8, every provider's wire.
    @Test(arguments: ProviderRegistry.ids)
    func fourProcessesShareASecondsLimit(_ provider: SourceID) async throws {
        let limit = RateWindow(count: 20, length: .seconds(1))
        let server = try await CountingProviderServer.start(
            provider, limit: limit, from: "2024-03-04", to: "2024-03-05")
        let runs = try await Self.runAtOnce(server, processes: 4, concurrency: 8) { process in
            (0..<15).map { "P\(process)T\($0)" }
        }
        await server.stop()
        #expect(runs.allSatisfy { $0.status == 0 }, "\(runs.map(\.stderr))")
        #expect(runs.map(Self.served) == [15, 15, 15, 15], "\(runs.map(\.stderr))")
        // Each ticker's bars and its splits (none here), which raw bars are checked against and
        // split-adjusted ones put back on raw with.
        let actions = 60
        #expect(server.requests == 60 + actions && server.actionRequests == actions && server.refused == 0)
        #expect(Set(server.served).count == 60)
        #expect(server.busiestWindow <= 20, "\(server.busiestWindow) requests within a second")
    }
}
