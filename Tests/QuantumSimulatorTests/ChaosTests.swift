import QuantumTestSupport
import Testing
@testable import QuantumCore
import QuantumHTTP
@testable import QuantumScript
@testable import QuantumSimulator

/// A 1,000-ticker batch while every provider fails 30 % of requests at random (429, 500, 502,
/// 503, truncated bodies, dropped connections), under limits both ends enforce.
@Suite(.timeLimit(.minutes(3))) struct ChaosTests {
    @Test func everyTickerOnceServedExactlyOrExplained() async throws {
        let today = TradingDate("2026-11-25")!
        let limits: [SourceID: [RateWindow]] = Dictionary(
            uniqueKeysWithValues: ProviderRegistry.ids.map { ($0, [RateWindow(count: 400, length: .seconds(1))]) })
        var options = SimulatorOptions(today: today)
        options.limits = limits
        options.faults = ProviderRegistry.ids.map { ($0, Fault(.flaky(0.3))) }
        let server = try await SimulatorServer.start(Simulator(options: options))
        let tickers = Market.syntheticTickers(1000)
        let (from, to) = (TradingDate("2026-09-01")!, TradingDate("2026-09-30")!)
        try await AsyncHTTPTransport.with { transport in
            var settings = Settings.defaults.pointed(at: server.baseURL)
            for i in settings.sources.indices { settings.sources[i].limits = limits[settings.sources[i].id] ?? [] }
            settings.requestTimeout = .seconds(5)
            let session = Session(
                engine: TestEngines.simulated(
                    server, transport: transport, settings: settings, cacheEnabled: false, today: today))
            let cell = await session.execute(
                .batch(BatchSpec(tickers: tickers, range: .dates(from: from, to: to), concurrency: 16)), input: "batch")
            guard case .batch(let report) = cell.output else { Issue.record("not a batch"); return }

            #expect(report.results.map(\.ticker) == tickers)
            for result in report.results {
                if let source = result.source, let basis = result.basis {
                    let truth = server.simulator.market.candles(
                        result.ticker, from: from, to: to,
                        basis: basis == .raw && source == .eodhd ? .splitDividend : basis)
                    #expect(
                        result.candles.map(Bar.init) == truth.map(Bar.init), "\(result.ticker) from \(source.rawValue)")
                } else {
                    #expect(result.error != nil && !result.attempts.isEmpty, "\(result.ticker)")
                }
            }
            // Some tickers had to fall back, and most were served.
            #expect(report.fallbacks > 100 && report.ok > 900)
        }
        let stats = server.simulator.stats()
        #expect(stats.values.reduce(0) { $0 + $1.violations } == 0)
        #expect(stats.values.reduce(0) { $0 + $1.faults } > 200)
        await server.stop()
    }
}

/// The fields every provider carries, for comparing a served series with the market's.
struct Bar: Equatable, CustomStringConvertible {
    var date: TradingDate
    var ohlcv: [Double]

    init(_ c: Candle) {
        date = c.date
        ohlcv = [c.open, c.high, c.low, c.close, c.volume]
    }

    var description: String { "\(date) \(ohlcv)" }
}
