import QuantumTestSupport
import Testing
@testable import QuantumCore
import QuantumHTTP
@testable import QuantumScript
@testable import QuantumSimulator

/// A batch over four sources whose servers enforce the same strict rolling limits as the client:
/// every ticker served, and the servers count not one request over a limit.
@Suite(.timeLimit(.minutes(1))) struct BatchUnderLimitsTests {
    @Test func aBatchNeverExceedsAWindowAtTheServer() async throws {
        let today = TradingDate("2026-11-25")!
        let limits: [SourceID: [RateWindow]] = [
            .polygon: [RateWindow(count: 4, length: .seconds(1))], .fmp: [RateWindow(count: 3, length: .seconds(1))],
            .alphavantage: [RateWindow(count: 2, length: .seconds(1))],
            .eodhd: [RateWindow(count: 1, length: .seconds(1))],
        ]
        var options = SimulatorOptions(today: today)
        options.limits = limits
        let server = try await SimulatorServer.start(Simulator(options: options))
        try await AsyncHTTPTransport.with { transport in
            var settings = Settings.defaults.pointed(at: server.baseURL)
            for i in settings.sources.indices { settings.sources[i].limits = limits[settings.sources[i].id] ?? [] }
            let session = Session(
                engine: TestEngines.simulated(
                    server, transport: transport, settings: settings, cacheEnabled: false, today: today))
            let tickers = Array(Market.wellKnownTickers.prefix(30))
            let cell = await session.execute(
                .batch(BatchSpec(tickers: tickers, range: .dates(from: TradingDate("2026-10-01")!, to: today))),
                input: "batch")
            guard case .batch(let report) = cell.output else { Issue.record("not a batch"); return }
            #expect(report.ok == tickers.count && report.results.map(\.ticker) == tickers)
            #expect(!report.results.flatMap(\.attempts).contains { $0.outcome == .rateLimited })
        }
        let stats = server.simulator.stats()
        #expect(stats.values.reduce(0) { $0 + $1.violations } == 0)
        #expect(stats.values.reduce(0) { $0 + $1.requests } >= 30)
        await server.stop()
    }

    /// Under a tight limit the first tickers of the list take the free slots, on every run: which
    /// source serves which ticker does not depend on which task ran first.
    @Test func theTickersServedUnderATightLimitAreTheSameOnEveryRun() async throws {
        let today = TradingDate("2026-11-25")!
        let server = try await SimulatorServer.start(Simulator(options: SimulatorOptions(today: today)))
        try await AsyncHTTPTransport.with { transport in
            var settings = Settings.defaults.pointed(at: server.baseURL)
            for i in settings.sources.indices {
                settings.sources[i].limits =
                    settings.sources[i].id == .polygon ? [RateWindow(count: 3, length: .seconds(60))] : []
            }
            let tickers = Market.syntheticTickers(8)
            for _ in 0..<4 {
                let session = Session(
                    engine: TestEngines.simulated(
                        server, transport: transport, settings: settings, cacheEnabled: false, today: today))
                let cell = await session.execute(
                    .batch(
                        BatchSpec(
                            tickers: tickers, range: .dates(from: TradingDate("2026-10-01")!, to: today), concurrency: 8
                        )),
                    input: "batch")
                guard case .batch(let report) = cell.output else { Issue.record("not a batch"); return }
                #expect(
                    report.results.map(\.source) == Array(repeating: .polygon, count: 3)
                        + Array(repeating: .fmp, count: 5))
            }
        }
        await server.stop()
    }

    /// Under per-second limits every source has its turn at its rate, and which source serves
    /// each ticker is planned in list order from the limits (`BatchPlan`), never from when
    /// answers happen to come back: three runs route alike, and the servers count no violation.
    @Test func aBatchUnderPerSecondLimitsIsRoutedTheSameOnEveryRun() async throws {
        let today = TradingDate("2026-11-25")!
        let limits: [SourceID: [RateWindow]] = [
            .polygon: [RateWindow(count: 4, length: .seconds(1))], .fmp: [RateWindow(count: 3, length: .seconds(1))],
            .alphavantage: [RateWindow(count: 2, length: .seconds(1))],
            .eodhd: [RateWindow(count: 2, length: .seconds(1))],
        ]
        var options = SimulatorOptions(today: today)
        options.limits = limits
        var runs: [[SourceID?]] = []
        try await AsyncHTTPTransport.with { transport in
            for _ in 0..<3 {
                // A provider of its own each run, so no run starts in the last one's windows.
                let server = try await SimulatorServer.start(Simulator(options: options))
                var settings = Settings.defaults.pointed(at: server.baseURL)
                for i in settings.sources.indices { settings.sources[i].limits = limits[settings.sources[i].id] ?? [] }
                let tickers = Market.syntheticTickers(12)
                let session = Session(
                    engine: TestEngines.simulated(
                        server, transport: transport, settings: settings, cacheEnabled: false, today: today))
                let cell = await session.execute(
                    .batch(BatchSpec(tickers: tickers, range: .dates(from: TradingDate("2026-10-01")!, to: today))),
                    input: "batch")
                await server.stop()
                guard case .batch(let report) = cell.output else { Issue.record("not a batch"); return }
                #expect(report.ok == tickers.count)
                #expect(server.simulator.stats().values.reduce(0) { $0 + $1.violations } == 0)
                #expect(!report.results.flatMap(\.attempts).contains { $0.outcome == .rateLimited })
                runs.append(report.results.map(\.source))
            }
        }
        #expect(runs.count == 3 && Set(runs.map { $0.map { $0?.rawValue ?? "-" } }).count == 1)
    }
}
