import Foundation
import QuantumCore
import QuantumHTTP
import QuantumSimulator
import QuantumTestSupport
import Synchronization
import Testing

/// `quantum serve` as a user runs it: started, asked, stopped by SIGTERM; refused beyond loopback
/// without a token; keys never shown.
@Suite struct ServeBinaryTests {
    /// A running `quantum serve`, its stderr collected on a thread of its own.
    final class Served: @unchecked Sendable {
        // Process is not Sendable; it is only started here and signalled/waited on once.
        let process = Process()
        private let text = Collected()
        let base: String

        var stderr: String { text.value.withLock { $0 } }

        final class Collected: Sendable {
            let value = Mutex("")
        }

        init(_ arguments: [String], environment: [String: String]) async throws {
            process.executableURL = URL(fileURLWithPath: Binary.path)
            process.arguments = ["serve", "--port", "0"] + arguments
            process.environment = environment
            let err = Pipe()
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let reader = err.fileHandleForReading
            let (lines, continuation) = AsyncStream<String>.makeStream()
            let text = self.text
            Thread {
                while true {
                    let data = reader.availableData
                    if data.isEmpty { break }
                    let chunk = String(decoding: data, as: UTF8.self)
                    text.value.withLock { $0 += chunk }
                    continuation.yield(chunk)
                }
                continuation.finish()
            }.start()
            var seen = ""
            for await chunk in lines {
                seen += chunk
                if seen.contains("listening on ") { break }
            }
            let after = seen.components(separatedBy: "listening on ").dropFirst().first ?? ""
            base = String(after.prefix { !$0.isWhitespace })
        }

        func get(_ path: String, token: String? = nil) async throws -> ProviderResponse {
            try await AsyncHTTPTransport.with { transport in
                try await transport.get(
                    ProviderRequest(url: base + path, headers: token.map { [("Authorization", "Bearer " + $0)] } ?? []),
                    timeout: .seconds(30))
            }
        }

        /// SIGTERM, then the exit status and how long the exit took.
        func terminate() async -> (status: Int32, seconds: Double) {
            let began = Date()
            process.terminate()
            let process = self.process
            await withCheckedContinuation { continuation in
                Thread {
                    process.waitUntilExit()
                    continuation.resume()
                }.start()
            }
            return (process.terminationStatus, Date().timeIntervalSince(began))
        }
    }

    @Test func servesTheSimulatorAndStopsOnSIGTERMWithExit0() async throws {
        let served = try await Served(
            ["--sim"], environment: Binary.cleanEnvironment(["POLYGON_API_KEY": "SECRETPOLY123"]))
        #expect(served.base.hasPrefix("http://127.0.0.1:"))
        let stock = try await served.get("/stock/AAPL")
        #expect(stock.status == 200)
        let body = String(decoding: stock.body, as: UTF8.self)
        #expect(body.hasPrefix(#"{"ticker":"AAPL","ok":true,"source":"polygon""#))
        #expect(try await served.get("/v1/candles/AAPL?from=2024-02-30").status == 400)
        #expect(try await served.get("/healthz").status == 200)
        let (status, seconds) = await served.terminate()
        #expect(status == 0 && seconds < 5)
        #expect(served.stderr.contains("GET /stock/AAPL 200 "))
        #expect(!(served.stderr + body).contains("SECRETPOLY123"))
    }

    /// Hundreds of connections that send nothing, half a request head, or a head whose body never
    /// comes (held by a Python process, so the test runner holds no more descriptors): a normal
    /// request is answered meanwhile, and each slow one is closed after the client timeout.
    @Test func slowAndIdleClientsAreClosedWhileOthersAreAnswered() async throws {
        let served = try await Served(["--sim", "--client-timeout", "1"], environment: Binary.cleanEnvironment())
        let port = served.base.split(separator: ":").last.map(String.init) ?? ""
        let script = Binary.packageRoot + "/Tests/EndToEndTests/Scripts/slow_clients.py"
        let run = try await Binary.run(script: "python3", [script, port, "300", "20"])
        served.process.interrupt()
        served.process.waitUntilExit()
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
    }

    @Test func sigtermDuringABatchEndsItsStreamWithTheRestCancelledAndTheSummary() async throws {
        // One request per hour per source, and the batch's plan counts each ticker's splits
        // requests too: AAPL's bars come from Polygon; MSFT's and IBM's raw bars from EODHD and
        // Alpha Vantage, with no slot left for their splits, so they fail at once rather than be
        // served on another basis; NVDA is planned at FMP, whose one slot goes to whichever
        // comes first, AAPL's splits or NVDA's bars (served unchecked); the rest wait (each may
        // wait an hour: max_wait).
        var environment = Binary.cleanEnvironment()
        for name in ["POLYGON", "FMP", "ALPHAVANTAGE", "EODHD"] { environment[name + "_LIMITS"] = "1/h" }
        let served = try await Served(["--sim", "--max-wait", "3600"], environment: environment)
        let client = try RawClient(port: Int(served.base.split(separator: ":").last ?? "") ?? 0)
        client.post(
            "/v1/batch",
            json: #"{"tickers":["AAPL","MSFT","IBM","NVDA","AMZN","GOOG","META","TSLA"],"days":10,"max_wait":3600}"#)
        // Those three answers first: a fetch still under way at SIGTERM would be cancelled too.
        let served3 = await client.received { $0.components(separatedBy: #"{"ticker":"#).count > 3 }
        var waiting = false
        for _ in 0..<2_000 where !waiting {
            let metrics = String(decoding: try await served.get("/metrics").body, as: UTF8.self)
            waiting = metrics.split(separator: "\n").contains {
                $0.hasPrefix("quantum_rate_limit_waits_total ") && !$0.hasSuffix(" 0")
            }
            if !waiting { try await Task.sleep(for: .milliseconds(5)) }
        }
        #expect(waiting)
        async let answer = client.received { _ in false }
        let (status, seconds) = await served.terminate()
        let text = served3 + (await answer)
        client.close()
        #expect(status == 0 && seconds < 5)
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
        // The chunked body ends properly, after the summary line.
        #expect(text.hasSuffix("\r\n0\r\n\r\n"), "\(text.suffix(300))")
        #expect(
            text.contains(#"{"summary":{"requested":8,"ok":1,"failed":2,"cancelled":5,"#)
                || text.contains(#"{"summary":{"requested":8,"ok":2,"failed":2,"cancelled":4,"#), "\(text)")
        #expect(text.components(separatedBy: #""outcome":"cancelled""#).count > 4)
    }

    @Test func keysSentToAProviderNeverShowInResponsesOrTheLog() async throws {
        let simulator = try await SimulatorServer.start(
            Simulator(options: SimulatorOptions(today: TradingDate("2026-11-25")!)))
        var environment = Binary.cleanEnvironment()
        for (name, key) in [
            ("POLYGON", "SECRETPOLY123"), ("FMP", "SECRETFMP456"), ("ALPHAVANTAGE", "SECRETAV789"),
            ("EODHD", "SECRETEOD000"),
        ] {
            environment[name + "_API_KEY"] = key
            environment[name + "_BASE_URL"] = simulator.baseURL
        }
        _ = await simulator.simulator.inject(Fault(.authfail), at: .polygon)
        _ = await simulator.simulator.inject(Fault(.error500), at: .fmp)
        let served = try await Served([], environment: environment)
        var seen = ""
        for path in [
            "/v1/candles/AAPL?days=20", "/v1/candles/MSFT?days=20&source=polygon", "/v1/sources", "/v1/limits",
            "/metrics",
        ] {
            let reply = try await served.get(path)
            seen += String(decoding: reply.body, as: UTF8.self) + reply.headers.map { $0.name + $0.value }.joined()
        }
        let (status, _) = await served.terminate()
        await simulator.stop()
        #expect(status == 0)
        #expect(seen.contains("auth_failed") && seen.contains("server_error"))
        for key in ["SECRETPOLY123", "SECRETFMP456", "SECRETAV789", "SECRETEOD000"] {
            #expect(!(seen + served.stderr).contains(key), "\(key) leaked")
        }
    }

    @Test func beyondLoopbackWithoutATokenIsRefusedInOneLine() async throws {
        let run = try await Binary.run(["serve", "--host", "0.0.0.0", "--sim"])
        #expect(run.status == 2)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines.first?.contains("QUANTUM_SERVE_TOKEN") == true)
    }

    @Test func aNegativeNumberIsRefusedWithTheOptionsOwnRange() async throws {
        for (arguments, said) in [
            (["--max-wait", "-1"], "error: --max-wait expects 0 to 3600 seconds, got -1"),
            (["--port", "-5"], "error: --port expects 0 to 65535, got -5"),
        ] {
            let run = try await Binary.run(["serve", "--sim"] + arguments)
            #expect(run.status == 2 && run.stderr.hasPrefix(said), "\(run.stderr)")
        }
    }

    @Test func withATokenAClientWithoutTheHeaderGets401() async throws {
        let served = try await Served(
            ["--sim"], environment: Binary.cleanEnvironment(["QUANTUM_SERVE_TOKEN": "e2e-token-42"]))
        #expect(try await served.get("/stock/AAPL").status == 401)
        #expect(try await served.get("/stock/AAPL", token: "e2e-token-42").status == 200)
        let (status, _) = await served.terminate()
        #expect(status == 0)
        #expect(!served.stderr.contains("e2e-token-42"))
    }
}
