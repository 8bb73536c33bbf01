import Foundation
import QuantumCore
import QuantumHTTP
import QuantumRuntime
import QuantumSQLite
import QuantumSimulator

/// In-process figures for `scripts/bench`: decoding speed per provider on 20-year responses, a
/// cached fetch against a fetch from the simulator over loopback, and the quota ledgers' grant
/// cost. Prints one JSON object.
///
/// `quantum-bench [--quick] [--only ledger]`: `--only ledger` measures the ledgers alone (the
/// SQLite one across processes; the PostgreSQL one with `QUANTUM_TEST_DATABASE_URL`).
/// Build it in release: `swift build -c release --product quantum-bench`.
@main
struct QuantumBench {
    static func main() async throws {
        let arguments = CommandLine.arguments
        if let at = arguments.firstIndex(of: "--sqlite-ledger-worker"), arguments.count > at + 4,
            let start = Double(arguments[at + 2]), let count = Int(arguments[at + 3]), let pace = Int(arguments[at + 4])
        {
            try await SQLiteLedgerBench.worker(path: arguments[at + 1], start: start, count: count, pace: pace)
            return
        }
        let only = arguments.firstIndex(of: "--only").flatMap { arguments.count > $0 + 1 ? arguments[$0 + 1] : nil }
        guard only == nil || only == "ledger" else { throw BenchError("--only knows one piece: ledger") }
        print(try await measure(quick: arguments.contains("--quick"), ledgerOnly: only == "ledger"))
    }

    nonisolated static func measure(quick: Bool, ledgerOnly: Bool = false) async throws -> String {
        var figures: [(String, String)] = []
        if !ledgerOnly {
            let today = TradingDate("2026-11-25")!
            let server = try await SimulatorServer.start(Simulator(options: SimulatorOptions(today: today)))
            figures = try await AsyncHTTPTransport.with { transport in
                try await decoding(server: server, transport: transport, today: today, seconds: quick ? 0.3 : 1.0)
                    + caching(server: server, transport: transport, today: today, rounds: quick ? 200 : 1000)
            }
            await server.stop()
        }
        figures += try await LedgerBench.figures(quick: quick) + SQLiteLedgerBench.figures(quick: quick)
        return "{" + figures.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    /// Candles and response bytes decoded per second, per provider, from one 20-year response each.
    static func decoding(server: SimulatorServer, transport: AsyncHTTPTransport, today: TradingDate, seconds: Double)
        async throws -> [(String, String)]
    {
        let from = TradingDate("2004-12-01")!, to = TradingDate("2024-11-29")!
        // A ticker listed for the whole 20 years (some of the market's are listed later).
        var query = BarQuery(ticker: "MSFT", from: from, to: to)
        for ticker in Market.syntheticTickers(20) {
            query = BarQuery(ticker: ticker, from: from, to: to)
            if server.simulator.market.candles(ticker, from: from, to: to, basis: .raw).count > 5000 { break }
        }
        var perProvider: [String] = []
        var slowest = Double.infinity
        var slowestBytes = Double.infinity
        for id in ProviderRegistry.ids {
            let source = dataSource(for: id)
            let context = RequestContext(endpoint: SourceEndpoint(baseURL: server.baseURL, key: "bench"), today: today)
            let response = try await transport.get(source.request(for: query, context: context), timeout: .seconds(30))
            guard case .success(let page) = source.interpret(response, for: query, context: context) else {
                throw BenchError("\(id.rawValue): the 20-year response did not decode")
            }
            let clock = ContinuousClock()
            var rounds = 0
            let started = clock.now
            while started.duration(to: clock.now).seconds < seconds {
                _ = source.interpret(response, for: query, context: context)
                rounds += 1
            }
            let elapsed = started.duration(to: clock.now).seconds
            let rate = Double(page.candles.count * rounds) / elapsed
            let bytesRate = Double(response.body.count * rounds) / elapsed
            slowest = min(slowest, rate)
            slowestBytes = min(slowestBytes, bytesRate)
            perProvider.append(
                "\"\(id.rawValue)\":{\"candles_per_s\":\(Int(rate)),\"bytes_per_s\":\(Int(bytesRate)),"
                    + "\"candles\":\(page.candles.count),\"bytes\":\(response.body.count)}")
        }
        return [
            ("decode_ticker", "\"\(query.ticker)\""),
            ("decode_candles_per_s", "{" + perProvider.joined(separator: ",") + "}"),
            ("decode_candles_per_s_min", String(Int(slowest))),
            ("decode_bytes_per_s_min", String(Int(slowestBytes))),
        ]
    }

    /// A one-year fetch served by the cache (the file, as a new process finds it, and warm) against
    /// the same fetch from the simulator over loopback, a cached fetch of a London listing against
    /// the US one, and a cached `split+dividend` fetch against a cached `raw` one; each the median of its rounds, so that a build on the other core for
    /// part of the run does not decide the figure.
    static func caching(server: SimulatorServer, transport: AsyncHTTPTransport, today: TradingDate, rounds: Int)
        async throws -> [(String, String)]
    {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quantum-bench-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let request = FetchRequest(ticker: "AAPL", from: TradingDate("2025-11-03")!, to: TradingDate("2026-10-30")!)
        var settings = Settings.defaults
        // No limits: the figure is the cost of a fetch, not the wait for a slot.
        for i in settings.sources.indices { settings.sources[i].limits = [] }
        func engine(cacheEnabled: Bool = true, store: any CandleStore = MemoryCandleStore()) -> Engine {
            Runtime.simulated(
                settings: settings, server: server, transport: transport, cacheEnabled: cacheEnabled,
                candleStore: store,
                today: { today })
        }
        let live = engine(cacheEnabled: false)
        _ = await live.fetch(request)
        let fetched = try await medianMicroseconds(rounds) {
            guard await live.fetch(request).ok else { throw BenchError("the simulator fetch failed") }
        }
        let path = folder + "/candles.sqlite"
        _ = await engine(store: try SQLiteCandleStore(path: path)).fetch(request)
        // A new process opens the file: a fresh store each round.
        let cold = try await medianMicroseconds(rounds) {
            let result = await engine(store: try SQLiteCandleStore(path: path)).fetch(request)
            guard result.isWhollyFromCache else { throw BenchError("the cache did not serve the fetch") }
        }
        let warmCache = engine(store: try SQLiteCandleStore(path: path))
        _ = await warmCache.fetch(request)
        let warm = try await medianMicroseconds(rounds) {
            let result = await warmCache.fetch(request)
            guard result.isWhollyFromCache else { throw BenchError("the cache did not serve the fetch") }
        }
        // The same range on a derived basis, from the warm cache and the ledger read once: the
        // split-and-dividend adjustment against the raw one (the path it extends).
        func cachedMicroseconds(_ basis: BasisPreference) async throws -> Double {
            var asked = request
            asked.basis = basis
            _ = await warmCache.fetch(asked)
            return try await medianMicroseconds(rounds) {
                let result = await warmCache.fetch(asked)
                guard result.ok, result.isWhollyFromCache else { throw BenchError("the cache did not serve \(basis)") }
            }
        }
        // A listing whose days are judged by another exchange's calendar (London) against the US
        // one, both as served, from the warm cache: the calendar's lookups should cost nothing.
        let london = FetchRequest(ticker: "VOD.LSE", from: request.from, to: request.to)
        _ = await warmCache.fetch(london)
        let nonUS = try await medianMicroseconds(rounds) {
            guard await warmCache.fetch(london).isWhollyFromCache else { throw BenchError("VOD.LSE was not cached") }
        }
        let raw = try await cachedMicroseconds(.raw)
        let adjusted = try await cachedMicroseconds(.splitDividend)
        return [
            ("cached_raw_fetch_us", String(format: "%.1f", raw)),
            ("cached_split_dividend_fetch_us", String(format: "%.1f", adjusted)),
            ("cached_split_dividend_vs_raw", String(format: "%.2f", adjusted / raw)),
            ("cached_non_us_fetch_us", String(format: "%.1f", nonUS)),
            ("cached_non_us_vs_us", String(format: "%.2f", nonUS / warm)),
            ("simulator_fetch_us", String(format: "%.1f", fetched)), ("cached_fetch_us", String(format: "%.1f", warm)),
            ("cached_fetch_new_process_us", String(format: "%.1f", cold)),
            ("cache_speedup", String(format: "%.1f", fetched / warm)),
            ("cache_speedup_new_process", String(format: "%.1f", fetched / cold)),
        ]
    }

    static func medianMicroseconds(_ rounds: Int, _ body: () async throws -> Void) async throws -> Double {
        let clock = ContinuousClock()
        var times: [Double] = []
        for _ in 0..<rounds {
            let started = clock.now
            try await body()
            times.append(started.duration(to: clock.now).seconds * 1e6)
        }
        return times.sorted()[rounds / 2]
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
