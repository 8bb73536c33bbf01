import Foundation
import QuantumCore
import QuantumServer
import QuantumSimulator
import QuantumTestSupport
import Testing

/// Many clients, one governor: identical requests share a fetch, limits hold at the provider, the
/// server's own queue says 429, tokens guard non-loopback use, nothing leaks a key.
@Suite struct ServeSharingTests {
    @Test func manyClientsUnderProviderLimitsCostOneUpstreamFetchPerTicker() async throws {
        // The free plans, but FMP's Starter (300/min): room for the splits each ticker's split
        // basis is checked with, beside its bars.
        var settings = Settings.defaults
        for i in settings.sources.indices where settings.sources[i].id == .fmp {
            settings.sources[i].limits = [RateWindow(count: 300, length: .seconds(60))]
        }
        try await ServerHarness.with(
            settings: settings,
            simulatorOptions: { options in
                options.limits = Dictionary(uniqueKeysWithValues: settings.sources.map { ($0.id, $0.limits) })
            }
        ) { h in
            let tickers = (1...40).map { "SYN\(1000 + $0)" }
            let paths = (tickers + tickers).map { "/v1/candles/\($0)?from=2024-01-02&to=2024-01-31" }
            let statuses = try await withThrowingTaskGroup(of: [Int].self) { group in
                for client in 0..<20 {
                    group.addTask {
                        var statuses: [Int] = []
                        for path in paths.enumerated().filter({ $0.offset % 20 == client }).map(\.element) {
                            statuses.append(try await h.get(path).status)
                        }
                        return statuses
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(statuses.count == 80 && statuses.allSatisfy { $0 == 200 })
            let stats = h.simulator.simulator.stats()
            #expect(stats.values.reduce(0) { $0 + $1.violations } == 0)
            // Per ticker, the bars and the splits they are adjusted with: from one source, or two
            // when the first reports none.
            #expect((2 * tickers.count...3 * tickers.count).contains(h.upstreamRequests))
        }
    }

    @Test func concurrentIdenticalRequestsJoinOneFetch() async throws {
        try await ServerHarness.with(simulatorOptions: { $0.faults = [(.polygon, Fault(.timeout, scope: .next(1)))] }) {
            h in
            // The first request is held at the simulator, so the others arrive while it is under way.
            let path = "/v1/candles/IBM?from=2024-01-02&to=2024-01-31&source=polygon"
            async let replies = withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<30 { group.addTask { try await h.get(path).status } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(await until { await h.engine.sharedFetches() == 29 })
            // Thirty clients wait, and the provider has been asked once (the request it holds).
            #expect(await until { h.upstreamRequests == 1 })
            await h.simulator.stop()
            let statuses = try await replies
            #expect(statuses.count == 30 && Set(statuses).count == 1)
            // The 29 that joined sent nothing of their own: the one fetch's attempt is counted once.
            let metrics = try await h.get("/metrics").body
            let counted = metrics.split(separator: "\n")
                .filter { $0.hasPrefix(#"quantum_source_requests_total{source="polygon""#) }
                .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }.reduce(0, +)
            #expect(counted == 1, "\(metrics)")
        }
    }

    @Test func pastTheQueueBoundClientsGet429WithRetryAfter() async throws {
        try await ServerHarness.with(
            simulatorOptions: { $0.faults = [(.polygon, Fault(.timeout, scope: .next(1)))] },
            configure: { $0.maxQueue = 1 }
        ) { h in
            async let held = h.get("/v1/candles/IBM?days=10&source=polygon")
            #expect(await until { h.upstreamRequests == 1 })
            let turnedAway = try await h.get("/v1/candles/MSFT?days=10")
            #expect(turnedAway.status == 429 && turnedAway.header("Retry-After") == "1")
            #expect((turnedAway.object["error"] as? String)?.contains("in flight") == true)
            let batch = try await h.post("/v1/batch", json: #"{"tickers":["MSFT"],"days":5}"#)
            #expect(batch.status == 429)
            #expect(try await h.get("/healthz").status == 200)
            await h.simulator.stop()
            _ = try await held
            #expect(try await h.get("/metrics").body.contains(#"quantum_http_rejected_total{reason="queue_full"} 2"#))
        }
    }

    @Test func beyondLoopbackATokenIsRequired() async throws {
        #expect(ServerOptions(host: "0.0.0.0").refusal?.contains("QUANTUM_SERVE_TOKEN") == true)
        #expect(ServerOptions(host: "127.0.0.1").refusal == nil)
        #expect(ServerOptions(host: "::1").refusal == nil)
        #expect(ServerOptions(host: "0.0.0.0", token: BearerToken("s3cret")).refusal == nil)
        #expect(BearerToken(" \n") == nil)
    }

    @Test func withATokenEveryDataRouteNeedsIt() async throws {
        try await ServerHarness.with(configure: { $0.token = BearerToken("tok-123\n") }) { h in
            for path in ["/v1/candles/AAPL?days=5", "/stock/AAPL", "/v1/sources", "/v1/limits", "/metrics", "/readyz"] {
                let none = try await h.get(path)
                #expect(none.status == 401, "\(path)")
                #expect(none.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
                #expect(try await h.get(path, headers: [("Authorization", "Bearer tok-12")]).status == 401)
                #expect(try await h.get(path, headers: [("Authorization", "Basic tok-123")]).status == 401)
                #expect(try await h.get(path, headers: [("Authorization", "Bearer tok-123")]).status == 200)
            }
            #expect(try await h.post("/v1/batch", json: #"{"tickers":["AAPL"]}"#).status == 401)
            for open in ["/", "/healthz", "/openapi.json"] { #expect(try await h.get(open).status == 200) }
            #expect(!h.log.all.joined().contains("tok-123"))
        }
    }

    @Test func keysAppearInNoResponseHeaderLogOrMetric() async throws {
        var settings = Settings.defaults
        settings.sources[0].key = "SECRETPOLY123"
        try await ServerHarness.with(settings: settings) { h in
            _ = try await h.engine.injectFault(Fault(.authfail), at: .fmp)
            var seen: [ServerHarness.Reply] = []
            seen.append(try await h.get("/v1/candles/AAPL?days=10&source=fmp&apikey=SECRETPOLY123"))
            seen.append(try await h.get("/v1/candles/AAPL?days=10&source=fmp"))
            seen.append(try await h.get("/v1/candles/AAPL?days=10"))
            seen.append(try await h.post("/v1/batch", json: #"{"tickers":["AAPL","MSFT"],"days":10}"#))
            for path in ["/v1/sources", "/v1/limits", "/metrics", "/readyz", "/stock/AAPL"] {
                seen.append(try await h.get(path))
            }
            let text = seen.map { $0.body + $0.headers.map { $0.0 + $0.1 }.joined() }.joined() + h.log.all.joined()
            for key in ["SECRETPOLY123", "sim-polygon", "sim-fmp"] { #expect(!text.contains(key), "\(key) leaked") }
        }
    }

    @Test func accessLogHasOneLinePerRequestWithoutQueryValuesItDoesNotKnow() async throws {
        try await ServerHarness.with { h in
            _ = try await h.get("/v1/candles/AAPL?days=5&token=hunter2")
            _ = try await h.get("/v1/candles/AAPL?days=5")
            _ = try await h.get("/nowhere")
            let lines = h.log.all.filter { $0.hasPrefix("info GET") }
            #expect(lines.count == 3)
            #expect(lines.first?.hasPrefix("info GET /v1/candles/AAPL?") == true)
            #expect(lines.first?.contains("token=…") == true && lines.first?.contains("days=5") == true)
            #expect(lines.first?.contains(" 400 ") == true)
            #expect(lines[1].contains(" 200 ") && lines[1].hasSuffix("source=polygon"))
            #expect(lines[2].contains(" 404 ") && lines[2].hasSuffix("source=-"))
            #expect(!h.log.all.joined().contains("hunter2"))
        }
    }

    @Test func metricsCountRequestsSourcesCacheHitsAndLatency() async throws {
        try await ServerHarness.with { h in
            _ = try await h.get("/v1/candles/AAPL?from=2024-01-02&to=2024-01-05")
            _ = try await h.get("/v1/candles/AAPL?from=2024-01-02&to=2024-01-05")
            let metrics = try await h.get("/metrics")
            #expect(metrics.status == 200 && metrics.header("Content-Type")?.hasPrefix("text/plain") == true)
            let text = metrics.body
            #expect(text.contains(#"quantum_http_requests_total{route="/v1/candles/{ticker}",status="200"} 2"#))
            #expect(text.contains(#"quantum_source_requests_total{source="polygon",outcome="ok"} 1"#))
            #expect(text.contains(#"quantum_cache_hits_total{kind="whole"} 1"#))
            #expect(text.contains(#"quantum_fetch_duration_seconds_count{outcome="ok"} 2"#))
            #expect(text.contains("quantum_http_requests_in_flight 1.0"))
            #expect(text.contains("quantum_rate_limit_waits_total 0"))
            #expect(text.contains("quantum_fetches_shared_total 0"))
        }
    }

    /// A source passed over (disabled, no key, no slot, circuit open) sent no request: it is in the
    /// result's attempts but not in the request count.
    @Test func metricsCountOnlyRequestsSent() async throws {
        try await ServerHarness.with { h in
            await h.engine.setEnabled(false, for: .polygon)
            let reply = try await h.get("/v1/candles/AAPL?from=2024-01-02&to=2024-01-05")
            #expect(reply.status == 200 && reply.object["source"] as? String == "fmp")
            let text = try await h.get("/metrics").body
            #expect(!text.contains(#"quantum_source_requests_total{source="polygon""#), "\(text)")
            #expect(text.contains(#"quantum_source_requests_total{source="fmp",outcome="ok"} 1"#))
        }
    }
}
