import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import QuantumTestSupport
import Testing
@testable import QuantumCore
import QuantumHTTP
@testable import QuantumSimulator

/// Every provider × every fault kind: classified right, fallen back from, no hang (the time
/// limit fails a hung test; a `timeout` outcome means the client's deadline, not the server, ended it).
@Suite(.timeLimit(.minutes(1))) struct FaultMatrixTests {
    static let today = TradingDate("2026-11-25")!

    static let expected: [(String, [SourceID: Outcome])] = [
        ("down", [.polygon: .networkError, .fmp: .networkError, .alphavantage: .networkError, .eodhd: .networkError]),
        ("error500", [.polygon: .serverError, .fmp: .serverError, .alphavantage: .serverError, .eodhd: .serverError]),
        ("ratelimit", [.polygon: .rateLimited, .fmp: .rateLimited, .alphavantage: .rateLimited, .eodhd: .rateLimited]),
        ("timeout", [.polygon: .timeout, .fmp: .timeout, .alphavantage: .timeout, .eodhd: .timeout]),
        ("badjson", [.polygon: .badResponse, .fmp: .badResponse, .alphavantage: .badResponse, .eodhd: .badResponse]),
        ("authfail", [.polygon: .authFailed, .fmp: .authFailed, .alphavantage: .authFailed, .eodhd: .authFailed]),
        ("notfound", [.polygon: .notFound, .fmp: .noData, .alphavantage: .notFound, .eodhd: .notFound]),
        ("empty", [.polygon: .noData, .fmp: .noData, .alphavantage: .noData, .eodhd: .noData]),
        ("premium", [.polygon: .unsupported, .fmp: .unsupported, .alphavantage: .unsupported, .eodhd: .unsupported]),
        ("slow 50ms", [.polygon: .ok, .fmp: .ok, .alphavantage: .ok, .eodhd: .ok]),
    ]

    @Test(arguments: ProviderRegistry.ids)
    func eachFaultIsClassifiedAndFallenBackFrom(_ id: SourceID) async throws {
        var options = SimulatorOptions(today: Self.today)
        options.hangLimit = .seconds(2)
        let server = try await SimulatorServer.start(Simulator(options: options))
        try await AsyncHTTPTransport.with { transport in
            // The faulty source first, then one healthy one to fall back to.
            let fallback: SourceID = id == .eodhd ? .polygon : .eodhd
            var settings = Settings.defaults.pointed(at: server.baseURL).applying(SettingsLayer(order: [id, fallback]))
            for i in settings.sources.indices where ![id, fallback].contains(settings.sources[i].id) {
                settings.sources[i].enabled = false
            }
            let request = FetchRequest(ticker: "AAPL", from: TradingDate("2024-05-01")!, to: TradingDate("2024-05-31")!)
            for (text, outcomes) in Self.expected {
                let fault = try Fault.parse(text.split(separator: " ").map(String.init)).get()
                server.simulator.faults.clear(nil)
                server.simulator.faults.inject(fault, at: id)
                // A short deadline where the server never answers; elsewhere room for a loaded machine.
                let timeout: Duration = text == "timeout" ? .milliseconds(400) : .seconds(5)
                // A fresh engine per fault: a refused key or an opened circuit would carry over.
                let engine = TestEngines.simulated(
                    server, transport: transport, settings: settings, unlimited: true, timeout: timeout,
                    cacheEnabled: false, today: Self.today)
                let result = await engine.fetch(request)
                #expect(
                    result.attempts.first?.source == id && result.attempts.first?.outcome == outcomes[id],
                    "\(id) \(text)")
                #expect(result.ok, "\(id) \(text)")
                #expect(result.source == (outcomes[id] == .ok ? id : fallback), "\(id) \(text)")
            }
        }
        await server.stop()
    }

    /// `flaky 1` fails every request in one of the transient ways; each is classified as such and
    /// fallen back from.
    @Test(arguments: ProviderRegistry.ids)
    func flakyFailuresAreTransientAndFallenBackFrom(_ id: SourceID) async throws {
        let server = try await SimulatorServer.start(Simulator(options: SimulatorOptions(today: Self.today)))
        try await AsyncHTTPTransport.with { transport in
            let fallback: SourceID = id == .eodhd ? .polygon : .eodhd
            var settings = Settings.defaults.pointed(at: server.baseURL).applying(SettingsLayer(order: [id, fallback]))
            for i in settings.sources.indices where ![id, fallback].contains(settings.sources[i].id) {
                settings.sources[i].enabled = false
            }
            server.simulator.faults.inject(Fault(.flaky(1)), at: id)
            for ticker in ["AAPL", "MSFT", "NVDA", "AMZN", "META"] {
                let engine = TestEngines.simulated(
                    server, transport: transport, settings: settings, unlimited: true, timeout: .seconds(2),
                    cacheEnabled: false, today: Self.today)
                let result = await engine.fetch(
                    FetchRequest(ticker: ticker, from: TradingDate("2024-05-01")!, to: TradingDate("2024-05-31")!))
                let first = try #require(result.attempts.first)
                #expect(
                    first.source == id
                        && [.rateLimited, .serverError, .badResponse, .networkError].contains(first.outcome),
                    "\(id) \(first.outcome)")
                #expect(result.source == fallback)
            }
        }
        await server.stop()
    }

    @Test func serverSideLimitsCountViolations() async throws {
        var options = SimulatorOptions(today: Self.today)
        options.limits[.fmp] = [RateWindow(count: 3, length: .seconds(60))]
        let server = try await SimulatorServer.start(Simulator(options: options))
        try await AsyncHTTPTransport.with { transport in
            // Whole histories: the timeout bounds the body too, so it is generous on a loaded machine.
            for _ in 0..<5 {
                _ = try await transport.get(
                    ProviderRequest(url: server.baseURL + "/stable/historical-price-eod/full?symbol=AAPL&apikey=k"),
                    timeout: .seconds(60))
            }
            let stats = try await transport.get(
                ProviderRequest(url: server.baseURL + "/_sim/stats"), timeout: .seconds(60))
            let text = String(decoding: stats.body, as: UTF8.self)
            #expect(text.contains(#""fmp":{"requests":5,"served":3,"violations":2,"faults":0}"#))
        }
        await server.stop()
    }

    @Test func faultsCanBeSetOverHTTP() async throws {
        let server = try await SimulatorServer.start(Simulator(options: SimulatorOptions(today: Self.today)))
        try await AsyncHTTPTransport.with { transport in
            let set = try await post(server.baseURL + "/_sim/faults", #"{"source":"polygon","fault":"ratelimit x2"}"#)
            #expect(set.contains(#"{"source":"polygon","fault":"ratelimit x2"}"#))
            let first = try await transport.get(
                ProviderRequest(
                    url: server.baseURL + "/v2/aggs/ticker/AAPL/range/1/day/2024-01-02/2024-01-05?apiKey=k"),
                timeout: .seconds(60))
            #expect(first.status == 429)
            let bad = try await post(server.baseURL + "/_sim/faults", #"{"source":"polygon","fault":"meteor"}"#)
            #expect(bad.contains("unknown fault"))
        }
        await server.stop()
    }

    private func post(_ url: String, _ body: String) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            var request = URLRequest(url: URL(string: url)!)
            request.httpMethod = "POST"
            request.httpBody = Data(body.utf8)
            URLSession.shared.dataTask(with: request) { data, _, error in
                if let error {
                    continuation.resume(throwing: error)
                } else {
                    continuation.resume(returning: String(decoding: data ?? Data(), as: UTF8.self))
                }
            }.resume()
        }
    }
}
