import Foundation
import QuantumSimulator
import QuantumTestSupport
import Testing
@testable import QuantumCore

/// Several `quantum` processes sharing one PostgreSQL database (`QUANTUM_DATABASE_URL`) against
/// the simulator enforcing the limits they are configured with, as a provider would.
@Suite(
    .enabled(if: TestDatabase.url != nil, Comment(rawValue: TestDatabase.skipped)),
    .enabled(
        if: FileManager.default.isExecutableFile(atPath: Binary.path),
        "build the executable first: swift build --build-tests"))
struct TeamTests {
    static let today = TradingDate("2026-11-25")!
    static let limits: [SourceID: [RateWindow]] = [
        .polygon: [RateWindow(count: 4, length: .seconds(1))], .fmp: [RateWindow(count: 3, length: .seconds(1))],
        .alphavantage: [RateWindow(count: 2, length: .seconds(1))], .eodhd: [RateWindow(count: 1, length: .seconds(1))],
    ]

    /// One machine of the team: live mode against `server`, its own folders, the shared database.
    static func environment(_ server: SimulatorServer, database: DatabaseURL) -> [String: String] {
        var extra = ["QUANTUM_DATABASE_URL": TestDatabase.text(database)]
        for id in ProviderRegistry.ids {
            let prefix = id.descriptor.environmentPrefix
            extra["\(prefix)_API_KEY"] = "team-key-\(id.rawValue)"
            extra["\(prefix)_BASE_URL"] = server.baseURL
            extra["\(prefix)_LIMITS"] = (limits[id] ?? []).map(\.description).joined(separator: ",")
        }
        return Binary.cleanEnvironment(extra)
    }

    static func batch(_ tickers: [String]) -> [String] {
        ["--json", "--no-cache", "batch"] + tickers + ["--from", "2026-08-03", "--to", "2026-11-24"]
    }

    static func lastObject(_ stdout: String) -> [String: Any]? {
        stdout.split(separator: "\n").last.flatMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    @Test func fourProcessesShareOneKeysLimitsPagesIncluded() async throws {
        var options = SimulatorOptions(today: Self.today)
        options.limits = Self.limits
        // Polygon answers in pages of 40 bars: each page is a request of its own.
        options.polygonPageSize = 40
        let server = try await SimulatorServer.start(Simulator(options: options))
        let database = try await TestDatabase.fresh()
        let tickers = Market.wellKnownTickers.prefix(32).map { $0 }
        let runs = try await withThrowingTaskGroup(of: Binary.Output.self) { group in
            for part in 0..<4 {
                let mine = Array(tickers[(part * 8)..<(part * 8 + 8)])
                group.addTask {
                    try await Binary.run(Self.batch(mine), environment: Self.environment(server, database: database))
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let stats = server.simulator.stats()
        await server.stop()
        #expect(runs.allSatisfy { $0.status == 0 }, "\(runs.map(\.stderr))")
        let served = runs.compactMap { (Self.lastObject($0.stdout)?["summary"] as? [String: Any])?["ok"] as? Int }
        #expect(served == [8, 8, 8, 8])
        #expect(stats.values.reduce(0) { $0 + $1.violations } == 0, "\(stats)")
        // Polygon served its tickers in pages (about 80 bars each), each a request the ledger granted.
        let results = runs.flatMap { Self.lastObject($0.stdout)?["results"] as? [[String: Any]] ?? [] }
        let fromPolygon = results.count { $0["source"] as? String == "polygon" }
        #expect(fromPolygon > 0 && (stats[.polygon]?.served ?? 0) > fromPolygon, "\(stats)")
    }

    @Test func aSecondMachineIsServedFromTheFirstsFetch() async throws {
        let server = try await SimulatorServer.start(Simulator(options: SimulatorOptions(today: Self.today)))
        let database = try await TestDatabase.fresh()
        let fetch = ["--json", "fetch", "AAPL", "--from", "2026-03-02", "--to", "2026-03-27"]
        let first = try await Binary.run(fetch, environment: Self.environment(server, database: database))
        let asked = server.simulator.stats().values.reduce(0) { $0 + $1.requests }
        // Another machine: its own folders (no local cache), the same database.
        let second = try await Binary.run(fetch, environment: Self.environment(server, database: database))
        let after = server.simulator.stats().values.reduce(0) { $0 + $1.requests }
        await server.stop()
        #expect(first.status == 0 && second.status == 0, "\(first.stderr)\(second.stderr)")
        // The bars and the splits they are adjusted with, both kept in the team's database.
        #expect(asked == 2 && after == asked)
        let cached = try #require(Self.lastObject(second.stdout))
        #expect(cached["cached"] as? Int == 20 && cached["ok"] as? Bool == true)
    }

    @Test func aWrongPasswordIsOneLineAndExit3() async throws {
        let server = try await SimulatorServer.start(Simulator(options: SimulatorOptions(today: Self.today)))
        var database = try #require(TestDatabase.url)
        database.password = "Wrong-Secret-\(UUID().uuidString.prefix(6))"
        let run = try await Binary.run(
            ["fetch", "AAPL", "--days", "5"], environment: Self.environment(server, database: database))
        let requests = server.simulator.stats().values.reduce(0) { $0 + $1.requests }
        await server.stop()
        #expect(run.status == 3)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(run.stderr)")
        #expect(run.stderr.contains("database \(database.database) at \(database.host):\(database.port)"))
        #expect(!(run.stdout + run.stderr).contains(database.password!))
        // Nothing was fetched without the ledger.
        #expect(requests == 0)
    }

    @Test func aDatabaseLostMidBatchFailsNewGrantsClosedAndAccountsForEveryTicker() async throws {
        var options = SimulatorOptions(today: Self.today)
        options.limits = Self.limits
        let server = try await SimulatorServer.start(Simulator(options: options))
        var database = try await TestDatabase.fresh()
        let relay = try TCPRelay(to: database.port)
        database.port = relay.port
        let tickers = Market.wellKnownTickers.prefix(30).map { $0 }
        let running = Task {
            try await Binary.run(Self.batch(tickers), environment: Self.environment(server, database: database))
        }
        // Once a few tickers are in (polled: a real process on the real clock), the database goes.
        let deadline = ContinuousClock.now.advanced(by: .seconds(60))
        while server.simulator.stats().values.reduce(0, { $0 + $1.served }) < 5, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        relay.cut()
        let run = try await running.value
        let stats = server.simulator.stats()
        await server.stop()
        #expect(stats.values.reduce(0) { $0 + $1.violations } == 0, "\(stats)")
        // Some served before the loss, the rest failed with the reason; none is missing. (A batch
        // that ran exits 0 however many tickers failed; its summary counts them.)
        #expect(run.status == 0, "\(run.stderr)")
        let report = try #require(Self.lastObject(run.stdout))
        let summary = try #require(report["summary"] as? [String: Any])
        let ok = try #require(summary["ok"] as? Int)
        #expect(ok >= 5 && ok < tickers.count && summary["failed"] as? Int == tickers.count - ok, "\(summary)")
        let results = try #require(report["results"] as? [[String: Any]])
        #expect(results.compactMap { $0["ticker"] as? String }.sorted() == tickers.sorted())
        #expect(run.stdout.contains("quota ledger could not be read (cannot use the PostgreSQL database"))
        #expect(run.stdout.contains("the quota ledger cannot be read (cannot use the PostgreSQL database"))
        #expect(!(run.stdout + run.stderr).contains(database.password!))
    }
}
