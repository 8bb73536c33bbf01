import Foundation
import QuantumSimulator
import QuantumTestSupport
import Testing
@testable import QuantumCore
import QuantumHTTP

/// The whole fetch path over real loopback HTTP: AsyncHTTPClient → a local server → decode.
@Suite(.timeLimit(.minutes(1))) struct LoopbackFetchTests {
    let today = TradingDate("2026-11-25")!

    func orchestrator(
        _ transport: AsyncHTTPTransport, base: String, keys: [SourceID: String], timeout: Duration = .seconds(5)
    ) -> Engine {
        stubEngine(transport, keys: keys, baseURL: base, timeout: timeout, today: today)
    }

    func owned(_ id: SourceID, _ fragment: String) -> OwnFixtures.Case {
        OwnFixtures.cases(id).first { $0.name.contains(fragment) }!
    }

    @Test(.enabled(if: Fixtures.available, "../shared/fixtures is not beside the checkout"))
    func recordedPolygonResponseGivesNewYorkDates() async throws {
        let body = try Fixtures.bytes("polygon", "openbb_aggs_AAPL_1day_2023-01-01_2023-01-10_asc.json")
        let log = RequestLog()
        try await withStubServer({ request in
            await log.append(request)
            return ServerResponse(status: 200, headers: [("Content-Type", "application/json")], body: body)
        }) { server in
            try await AsyncHTTPTransport.with { transport in
                let query = BarQuery(ticker: "AAPL", from: TradingDate("2023-01-01")!, to: TradingDate("2023-01-10")!)
                let result = await orchestrator(transport, base: server.baseURL, keys: [.polygon: "pk-123"]).fetch(
                    query, pinned: .polygon)
                #expect(result.ok && result.source == .polygon && result.basis == .split)
                #expect(
                    result.candles.map(\.date.description) == [
                        "2023-01-03", "2023-01-04", "2023-01-05", "2023-01-06", "2023-01-09", "2023-01-10",
                    ])
                #expect(result.candles.first?.volume == 112_117_471)
                #expect(result.attempts.map(\.outcome) == [.ok])
            }
        }
        let request = try #require(await log.requests.first)
        #expect(request.path == "/v2/aggs/ticker/AAPL/range/1/day/2023-01-01/2023-01-10")
        #expect(
            request.query("apiKey") == "pk-123" && request.query("adjusted") == "true" && request.query("sort") == "asc"
        )
    }

    @Test func polygonPagesAreFollowedWithTheKey() async throws {
        let log = RequestLog()
        try await withStubServer({ request in
            await log.append(request)
            let page2 = request.query("cursor") == "p2"
            let t = page2 ? 1_673_326_800_000 : 1_673_240_400_000
            let next =
                page2
                ? ""
                : #","next_url":"https://api.polygon.io/v2/aggs/ticker/AAPL/range/1/day/1673240400000/2023-01-10?cursor=p2""#
            return ServerResponse(
                status: 200,
                #"{"ticker":"AAPL","results":[{"v":1e6,"o":1,"h":2,"l":0.5,"c":1.5,"t":\#(t)}],"status":"OK"\#(next)}"#)
        }) { server in
            try await AsyncHTTPTransport.with { transport in
                let query = BarQuery(ticker: "AAPL", from: TradingDate("2023-01-09")!, to: TradingDate("2023-01-10")!)
                // A generous timeout: on a loaded machine a page timed out and was asked again.
                let engine = orchestrator(
                    transport, base: server.baseURL, keys: [.polygon: "pk-123"], timeout: .seconds(60))
                let result = await engine.fetch(query)
                #expect(result.candles.map(\.date.description) == ["2023-01-09", "2023-01-10"])
            }
        }
        let requests = await log.requests
        #expect(requests.count == 2)
        #expect(requests.allSatisfy { $0.query("apiKey") == "pk-123" })
        #expect(requests.last?.path == "/v2/aggs/ticker/AAPL/range/1/day/1673240400000/2023-01-10")
    }

    @Test func fallsBackThroughEveryKindOfRefusal() async throws {
        let eodhdOK =
            #"[{"date":"2024-07-02","open":10,"high":11,"low":9,"close":10.5,"adjusted_close":10.4,"volume":1000}]"#
        try await withStubServer({ request in
            if request.path.hasPrefix("/v2/aggs") { return ServerResponse(status: 429, "") }
            if request.path.hasPrefix("/stable") {
                return ServerResponse(status: 401, String(decoding: owned(.fmp, "401_auth").body, as: UTF8.self))
            }
            if request.path == "/query" {
                return ServerResponse(
                    status: 200, String(decoding: owned(.alphavantage, "outputsize_full").body, as: UTF8.self))
            }
            return ServerResponse(status: 200, eodhdOK)
        }) { server in
            try await AsyncHTTPTransport.with { transport in
                let keys: [SourceID: String] = [.polygon: "p", .fmp: "f", .alphavantage: "a", .eodhd: "e"]
                let query = BarQuery(ticker: "AAPL", from: TradingDate("2024-07-01")!, to: TradingDate("2024-07-05")!)
                let result = await orchestrator(transport, base: server.baseURL, keys: keys).fetch(query)
                #expect(result.ok && result.source == .eodhd && result.isFallback && result.basis == .raw)
                #expect(result.attempts.map(\.outcome) == [.rateLimited, .authFailed, .unsupported, .ok])
                #expect(result.attempts.map(\.status) == [429, 401, 200, 200])
                #expect(result.candles.first?.adjustedClose == 10.4)
            }
        }
    }

    @Test func aTickerNobodyServesFailsWithItsReasons() async throws {
        try await withStubServer({ request in
            if request.path.hasPrefix("/api/eod") {
                return ServerResponse(
                    status: 404, contentType: "text/html", "<html>\(request.query("api_token") ?? "")</html>")
            }
            return ServerResponse(status: 500, contentType: "text/html", "<html>boom</html>")
        }) { server in
            try await AsyncHTTPTransport.with { transport in
                let keys: [SourceID: String] = [.polygon: "p-key", .eodhd: "e-key-secret"]
                let query = BarQuery(ticker: "NOPE", from: TradingDate("2024-07-01")!, to: TradingDate("2024-07-05")!)
                let result = await orchestrator(transport, base: server.baseURL, keys: keys).fetch(query)
                #expect(!result.ok && result.source == nil && result.candles.isEmpty)
                #expect(result.attempts.map(\.outcome) == [.serverError, .skippedNoKey, .skippedNoKey, .notFound])
                let error = try #require(result.error)
                #expect(error.hasPrefix("no source could serve NOPE: last, eodhd said not_found (404"))
                #expect(
                    error.contains(
                        "polygon server_error, fmp skipped_no_key, alphavantage skipped_no_key, eodhd not_found"))
                #expect(!error.contains("e-key-secret"))
            }
        }
    }

    @Test func aSlowServerIsATimeout() async throws {
        try await withStubServer({ _ in
            try? await Task.sleep(for: .seconds(1))
            return ServerResponse(status: 200, "[]")
        }) { server in
            try await AsyncHTTPTransport.with { transport in
                let query = BarQuery(ticker: "AAPL", from: TradingDate("2024-07-01")!, to: TradingDate("2024-07-05")!)
                let result = await orchestrator(
                    transport, base: server.baseURL, keys: [.fmp: "f"], timeout: .milliseconds(200)
                ).fetch(query, pinned: .fmp)
                // The server answers after a second; a timeout outcome means the deadline cut it short.
                #expect(result.attempts.map(\.outcome) == [.timeout])
            }
        }
    }

    /// The timeout bounds the whole exchange, the body included (yfinance#882): a body that
    /// drips a byte at a time, or stops after 40 bytes, is a timeout, and the next source serves.
    @Test(arguments: [BodyPacing.drip(every: .milliseconds(100)), .stall(after: 40, for: .seconds(3))])
    func aBodyThatStallsIsATimeoutAndTheNextSourceServes(_ pacing: BodyPacing) async throws {
        let bars = [MockProviders.bar("2024-03-04", close: 170), MockProviders.bar("2024-03-05", close: 171)]
        try await withStubServer({ request in
            if request.path.hasPrefix("/v2/aggs/") {
                var slow = ServerResponse(status: 200, MockProviders.body(.polygon, "AAPL", bars))
                slow.pacing = pacing
                return slow
            }
            return ServerResponse(status: 200, MockProviders.body(.fmp, "AAPL", bars))
        }) { server in
            try await AsyncHTTPTransport.with { transport in
                let query = BarQuery(ticker: "AAPL", from: TradingDate("2024-03-04")!, to: TradingDate("2024-03-05")!)
                let engine = stubEngine(
                    transport, sources: [.polygon, .fmp], keys: [.polygon: "p", .fmp: "f"], baseURL: server.baseURL,
                    timeout: .seconds(1), today: today)
                let result = await engine.fetch(query)
                #expect(result.attempts.map(\.outcome) == [.timeout, .ok], "\(result.attempts)")
                #expect(result.source == .fmp && result.candles.map(\.close) == [170, 171])
                #expect(result.attempts.first?.message?.hasPrefix("no response within 1.0s") == true)
            }
        }
    }

    @Test func aClosedPortIsANetworkError() async throws {
        let server = try await LoopbackServer.start { _ in ServerResponse(status: 200, "[]") }
        let base = server.baseURL
        await server.stop()
        try await AsyncHTTPTransport.with { transport in
            let query = BarQuery(ticker: "AAPL", from: TradingDate("2024-07-01")!, to: TradingDate("2024-07-05")!)
            let result = await orchestrator(transport, base: base, keys: [.fmp: "f"]).fetch(query, pinned: .fmp)
            #expect(result.attempts.map(\.outcome) == [.networkError])
            #expect(result.attempts.first?.message?.isEmpty == false)
        }
    }
}
