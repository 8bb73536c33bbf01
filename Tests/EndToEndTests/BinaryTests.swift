import Foundation
import QuantumSimulator
import QuantumTestSupport
import Testing
@testable import QuantumCore
import QuantumHTTP

/// The built binary, run as a new user would: no keys, a clean environment.
@Suite(
    .enabled(
        if: FileManager.default.isExecutableFile(atPath: Binary.path),
        "build the executable first: swift build --build-tests"))
struct BinaryTests {
    func objects(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test func withoutKeysAFetchRunsOnTheSimulator() async throws {
        let run = try await Binary.run(["--json", "-c", "fetch AAPL --days 30"])
        #expect(run.status == 0)
        let result = try #require(try objects(run.stdout).first)
        #expect(result["ok"] as? Bool == true && result["simulated"] as? Bool == true)
        #expect((result["candles"] as? [Any])?.isEmpty == false)
        #expect(run.stderr.contains("simulated market on http://127.0.0.1:"))
    }

    @Test func aRateLimitedPolygonFallsBack() async throws {
        let run = try await Binary.run(["--json", "-c", "fault polygon ratelimit; fetch AAPL --days 30"])
        #expect(run.status == 0)
        let result = try #require(try objects(run.stdout).last)
        #expect(result["source"] as? String != "polygon" && result["ok"] as? Bool == true)
        let first = try #require((result["attempts"] as? [[String: Any]])?.first)
        #expect(
            first["source"] as? String == "polygon" && first["outcome"] as? String == "rate_limited"
                && first["status"] as? Int == 429)
    }

    @Test func whenAllFourAreDownTheFailureIsExplained() async throws {
        let run = try await Binary.run([
            "--json", "-c",
            "fault polygon down; fault fmp down; fault alphavantage down; fault eodhd down; fetch AAPL --days 30",
        ])
        #expect(run.status == 3)
        let result = try #require(try objects(run.stdout).last)
        #expect(result["ok"] as? Bool == false && result["source"] is NSNull)
        let attempts = try #require(result["attempts"] as? [[String: Any]])
        #expect(attempts.map { $0["source"] as? String } == ["polygon", "fmp", "alphavantage", "eodhd"])
        #expect(
            attempts.allSatisfy {
                $0["outcome"] as? String == "network_error" && ($0["message"] as? String)?.isEmpty == false
            })
        #expect((result["error"] as? String)?.hasPrefix("no source could serve AAPL") == true)
    }

    @Test func aTypoRunsNothingAndExitsTwo() async throws {
        let run = try await Binary.run(["-c", "sources; fetc AAPL"])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(
            run.stderr.contains(
                "error: unknown command 'fetc' — did you mean 'fetch'?\n --> -c:1:10\n1 | sources; fetc AAPL\n  |          ^^^^"
            ))
    }

    @Test func pipedInputHasNoPromptOrEscapeCodes() async throws {
        let run = try await Binary.run([], stdin: "sources\nfetch MSFT --days 5\n")
        #expect(run.status == 0)
        #expect(!run.stdout.contains("\u{1B}") && !run.stdout.contains("quantum ["))
        #expect(run.stdout.contains("MSFT  ok via"))
    }

    @Test(arguments: ["quickstart", "fallback-demo", "batch-pull", "reproducible-pull"])
    func examplesRunClean(_ name: String) async throws {
        let run = try await Binary.run(["run", "examples/\(name).qscript"])
        #expect(run.status == 0, "\(run.stdout.suffix(2000))\n\(run.stderr)")
    }

    @Test func anUnmetExpectationExitsOne() async throws {
        let run = try await Binary.run(["-c", "fetch AAPL --days 5; expect $1 source == eodhd; sources"])
        #expect(run.status == 1)
        #expect(
            run.stdout.contains("✗ expect $1 source == eodhd failed: AAPL source is polygon")
                && !run.stdout.contains("base URL"))
    }

    @Test func argvModeRunsOneCommandLikeTheREPLLine() async throws {
        let run = try await Binary.run(["--json", "fetch", "MSFT", "--from", "2024-01-02", "--to", "2024-01-05"])
        #expect(run.status == 0)
        let result = try #require(try objects(run.stdout).first)
        #expect(result["command"] as? String == "fetch" && (result["candles"] as? [Any])?.count == 4)
    }

    @Test func aRecordingHoldsNoRelativeDatesAndItsReplayWritesTheSameBytes() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-\(UUID().uuidString)").path
        let recording = folder + "/pull.qscript"
        let first = try await Binary.run([
            "-c",
            "record \(recording); fetch AAPL --days 20; batch MSFT NVDA --days 10; export csv \(folder)/pull.csv $2 $3; record stop",
        ])
        #expect(first.status == 0, "\(first.stderr)")
        let original = try Data(contentsOf: URL(fileURLWithPath: folder + "/pull.csv"))
        let text = try String(contentsOfFile: recording, encoding: .utf8)
        #expect(!text.contains("--days") && text.contains("--from"))
        try FileManager.default.removeItem(atPath: folder + "/pull.csv")
        let replay = try await Binary.run(["run", recording])
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/pull.csv")) == original)
    }

    /// Live mode (keys set) against a simulator serving as all four providers.
    func liveEnvironment(_ server: SimulatorServer, cache: String) -> [String: String] {
        var extra: [String: String] = ["XDG_CACHE_HOME": cache]
        for id in ProviderRegistry.ids {
            extra["\(id.descriptor.environmentPrefix)_API_KEY"] = "test-key-\(id.rawValue)"
            extra["\(id.descriptor.environmentPrefix)_BASE_URL"] = server.baseURL
        }
        return Binary.cleanEnvironment(extra)
    }

    @Test func aSecondFetchInAnotherProcessIsServedByTheCache() async throws {
        let server = try await SimulatorServer.start(
            Simulator(options: SimulatorOptions(today: TradingDate("2026-11-25")!)))
        let env = liveEnvironment(
            server,
            cache: FileManager.default.temporaryDirectory.appendingPathComponent("cache-\(UUID().uuidString)").path)
        let first = try await Binary.run(
            ["--json", "fetch", "AAPL", "--from", "2024-03-01", "--to", "2024-03-28"], environment: env)
        let second = try await Binary.run(
            ["--json", "fetch", "AAPL", "--from", "2024-03-01", "--to", "2024-03-28"], environment: env)
        let requests = server.simulator.stats().values.reduce(0) { $0 + $1.requests }
        await server.stop()
        #expect(first.status == 0 && second.status == 0)
        // The first: the bars and the splits they are adjusted with; the second: none (the
        // ledger is cached with the bars).
        #expect(requests == 2)
        let cached = try #require(try objects(second.stdout).first)
        #expect(cached["cached"] as? Int == 20 && cached["simulated"] as? Bool == false)
    }

    @Test func twoProcessesWriteTheCacheAtOnce() async throws {
        let server = try await SimulatorServer.start(
            Simulator(options: SimulatorOptions(today: TradingDate("2026-11-25")!)))
        var unlimited = liveEnvironment(
            server,
            cache: FileManager.default.temporaryDirectory.appendingPathComponent("cache-\(UUID().uuidString)").path)
        // What is tried is two writers at once, not the free plans' limits: those only make it long.
        for id in ProviderRegistry.ids { unlimited["\(id.descriptor.environmentPrefix)_LIMITS"] = "50/s" }
        let env = unlimited
        let tickers = Market.wellKnownTickers.prefix(40).map { $0 }
        let lists = [Array(tickers.prefix(20)), Array(tickers.suffix(20))]
        let runs = try await withThrowingTaskGroup(of: Binary.Output.self) { group in
            for list in lists {
                group.addTask {
                    try await Binary.run(
                        ["batch"] + list + ["--from", "2024-01-02", "--to", "2024-06-28", "--concurrency", "8"],
                        environment: env)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(runs.allSatisfy { $0.status == 0 }, "\(runs.map(\.stderr))")
        // Everything is now cached: a third process asks nobody.
        let before = server.simulator.stats().values.reduce(0) { $0 + $1.requests }
        let third = try await Binary.run(
            ["batch"] + tickers + ["--from", "2024-01-02", "--to", "2024-06-28"], environment: env)
        let after = server.simulator.stats().values.reduce(0) { $0 + $1.requests }
        await server.stop()
        #expect(third.status == 0 && after == before, "\(third.stdout)")
    }

    @Test(.enabled(if: Python.hasPexpect, "python3 with pexpect is needed for the pseudo-terminal test"))
    func theREPLUnderAPseudoTerminal() async throws {
        let script = Binary.packageRoot + "/Tests/EndToEndTests/Scripts/repl_pty.py"
        let run = try await Binary.run(script: "python3", [script, Binary.path])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
    }

    @Test func aBadConfigFileIsLocated() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("q-\(UUID().uuidString).toml").path
        try "[sources.polygon]\nlimits = \"lots\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try await Binary.run(["sources"], environment: Binary.cleanEnvironment(["QUANTUM_CONFIG": path]))
        #expect(run.status == 2)
        #expect(run.stderr.contains("\(path):2: limits: expected limits"))
    }

    @Test(.enabled(if: Fixtures.available, "../shared/fixtures is not beside the checkout"))
    func aRecordedPolygonResponseGivesTheRecordedCandles() async throws {
        let body = try Fixtures.bytes("polygon", "openbb_aggs_AAPL_1day_2023-01-01_2023-01-10_desc.json")
        let server = try await LoopbackServer.start { _ in
            ServerResponse(status: 200, headers: [("Content-Type", "application/json")], body: body)
        }
        let env = Binary.cleanEnvironment([
            "POLYGON_API_KEY": "REAL-LOOKING-KEY-123", "POLYGON_BASE_URL": server.baseURL,
        ])
        let run = try await Binary.run(
            ["--json", "-c", "fetch AAPL --from 2023-01-01 --to 2023-01-10 --source polygon"], environment: env)
        await server.stop()
        #expect(run.status == 0)
        let result = try #require(try objects(run.stdout).first)
        #expect(result["simulated"] as? Bool == false && result["source"] as? String == "polygon")
        let candles = try #require(result["candles"] as? [[String: Any]])
        #expect(
            candles.map { $0["date"] as? String } == [
                "2023-01-03", "2023-01-04", "2023-01-05", "2023-01-06", "2023-01-09", "2023-01-10",
            ])
        #expect(candles.last?["close"] as? Double == 130.73 && candles.last?["volume"] as? Int == 63_896_155)
        #expect(!(run.stdout + run.stderr).contains("REAL-LOOKING-KEY-123"))
    }

    @Test func simServeAnswersInTheProvidersFormatsAndStopsOnSIGTERM() async throws {
        let (process, firstLine) = try await Binary.startSimulator(["--port", "0", "--today", "2026-11-25"])
        let base = try #require(
            firstLine.split(separator: " ").first { $0.hasPrefix("http://127.0.0.1:") }.map(String.init))
        try await AsyncHTTPTransport.with { transport in
            let polygon = try await transport.get(
                ProviderRequest(url: base + "/v2/aggs/ticker/AAPL/range/1/day/2024-01-02/2024-01-05?apiKey=x"),
                timeout: .seconds(5))
            #expect(
                String(decoding: polygon.body, as: UTF8.self).hasPrefix(
                    #"{"ticker":"AAPL","queryCount":4,"resultsCount":4,"adjusted":true,"results":[{"v":"#))
            let av = try await transport.get(
                ProviderRequest(url: base + "/query?function=TIME_SERIES_DAILY&symbol=IBM&apikey=x"),
                timeout: .seconds(5))
            #expect(String(decoding: av.body, as: UTF8.self).contains(#""Time Series (Daily)": {"#))
        }
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}
