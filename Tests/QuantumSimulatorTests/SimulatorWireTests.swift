import Foundation
import QuantumHTTP
import QuantumTestSupport
import Testing
@testable import QuantumCore
@testable import QuantumSimulator

/// The real adapters fetch through the simulator over loopback and get exactly the market's
/// candles, on each provider's own basis.
@Suite struct SimulatorWireTests {
    static let today = TradingDate("2026-11-25")!

    func withSimulator(
        _ options: SimulatorOptions = SimulatorOptions(today: today), timeout: Duration = .seconds(5),
        _ body: (SimulatorServer, Engine) async throws -> Void
    ) async throws {
        let server = try await SimulatorServer.start(Simulator(options: options))
        do {
            try await AsyncHTTPTransport.with { transport in
                let engine = TestEngines.simulated(
                    server, transport: transport, unlimited: true, timeout: timeout, cacheEnabled: false,
                    today: Self.today)
                try await body(server, engine)
            }
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    static let basis: [SourceID: PriceBasis] = [
        .polygon: .split, .fmp: .split, .alphavantage: .raw, .eodhd: .splitDividend,
    ]

    @Test(arguments: ProviderRegistry.ids)
    func adaptersDecodeTheSimulatorExactly(_ id: SourceID) async throws {
        try await withSimulator { server, engine in
            let query = BarQuery(ticker: "AAPL", from: TradingDate("2024-05-01")!, to: TradingDate("2024-08-30")!)
            let result = await engine.fetch(
                FetchRequest(ticker: query.ticker, from: query.from, to: query.to, pinned: id))
            #expect(result.ok && result.source == id)
            var expected = server.simulator.market.candles(
                "AAPL", from: query.from, to: query.to, basis: Self.basis[id]!)
            if id == .fmp {
                expected = expected.map {
                    var c = $0; c.trades = nil; return c
                }
            }
            if id == .alphavantage || id == .eodhd {
                expected = expected.map {
                    var c = $0; c.vwap = nil; c.trades = nil; if id == .alphavantage { c.adjustedClose = nil }; return c
                }
            }
            #expect(result.candles == expected)
            #expect(result.warnings.isEmpty)
        }
    }

    @Test func polygonPagesThroughNextURL() async throws {
        var options = SimulatorOptions(today: Self.today)
        options.polygonPageSize = 7
        // A generous timeout: a page slowed by a loaded machine must not be retried, or the count is off.
        try await withSimulator(options, timeout: .seconds(60)) { server, engine in
            let query = BarQuery(ticker: "MSFT", from: TradingDate("2024-01-02")!, to: TradingDate("2024-02-29")!)
            let result = await engine.fetch(
                FetchRequest(ticker: query.ticker, from: query.from, to: query.to, pinned: .polygon))
            #expect(
                result.candles == server.simulator.market.candles("MSFT", from: query.from, to: query.to, basis: .split)
            )
            #expect(result.candles.count == 41)
            #expect(server.simulator.stats()[.polygon]?.requests == 6)
        }
    }

    @Test func theSameRequestGivesTheSameBytes() async throws {
        try await withSimulator { server, _ in
            try await AsyncHTTPTransport.with { transport in
                for path in [
                    "/v2/aggs/ticker/AAPL/range/1/day/2024-01-02/2024-03-01?adjusted=true&apiKey=k",
                    "/stable/historical-price-eod/full?symbol=AAPL&from=2024-01-02&to=2024-03-01&apikey=k",
                    "/query?function=TIME_SERIES_DAILY&symbol=AAPL&outputsize=full&apikey=k",
                    "/api/eod/AAPL.US?fmt=json&from=2024-01-02&to=2024-03-01&api_token=k",
                ] {
                    let a = try await transport.get(ProviderRequest(url: server.baseURL + path), timeout: .seconds(5))
                    let b = try await transport.get(ProviderRequest(url: server.baseURL + path), timeout: .seconds(5))
                    #expect(a.status == 200 && a.body == b.body && a.body.count > 1000, "\(path)")
                }
                // The second of each was the stored answer, not rendered again.
                #expect(server.simulator.renderedHits == 4)
            }
        }
    }

    @Test func renderedAnswersAreKeptWithinTheirBoundOldestFirst() {
        let bodies = RenderedBodies(capacity: 10)
        func key(_ path: String) -> RenderedBodies.Key {
            RenderedBodies.Key(source: .polygon, path: path, query: [], today: Self.today, baseURL: "b")
        }
        var renders = 0
        func answer(_ path: String, bytes: Int) -> [UInt8] {
            bodies.response(for: key(path)) {
                renders += 1
                return ServerResponse(status: 200, body: Array(repeating: 1, count: bytes))
            }.body
        }
        #expect(answer("/a", bytes: 6).count == 6 && answer("/a", bytes: 6).count == 6 && renders == 1)
        // A second answer past the bound sends the oldest away.
        _ = answer("/b", bytes: 6)
        _ = answer("/b", bytes: 6)
        #expect(renders == 2)
        _ = answer("/a", bytes: 6)
        #expect(renders == 3 && bodies.hits == 2)
        // An answer larger than the bound is never kept.
        _ = answer("/big", bytes: 11)
        _ = answer("/big", bytes: 11)
        #expect(renders == 5)
    }

    @Test func requestsWithoutAKeyGetTheProvidersOwnRefusal() async throws {
        try await withSimulator { server, _ in
            try await AsyncHTTPTransport.with { transport in
                let polygon = try await transport.get(
                    ProviderRequest(url: server.baseURL + "/v2/aggs/ticker/AAPL/range/1/day/2024-01-02/2024-01-05"),
                    timeout: .seconds(5))
                #expect(
                    polygon.status == 401
                        && String(decoding: polygon.body, as: UTF8.self).contains("API Key was not provided"))
                let eodhd = try await transport.get(
                    ProviderRequest(url: server.baseURL + "/api/eod/AAPL.US?fmt=json"), timeout: .seconds(5))
                #expect(eodhd.status == 401 && String(decoding: eodhd.body, as: UTF8.self) == "Unauthenticated")
            }
        }
    }
}
