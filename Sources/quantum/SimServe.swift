import ArgumentParser
import CEditLine
import Foundation
import QuantumCore
import QuantumRuntime
import QuantumScript
import QuantumSimulator

/// `quantum sim serve`: the provider simulator as a standalone server, until Ctrl-C or SIGTERM.
struct SimServe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quantum sim serve",
        abstract:
            "The provider simulator on loopback: the four providers' daily-bar endpoints, /_sim/stats and /_sim/faults."
    )

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(parsing: .unconditional, help: "The port (0 picks a free one).")
    var port = 8765

    @Option(help: ArgumentHelp("Delay added to every answer, e.g. 80ms.", valueName: "DURATION"))
    var latency: String?

    @Option(
        name: .customLong("limit"),
        help: ArgumentHelp("A server-side limit, e.g. polygon=5/min (repeatable).", valueName: "SOURCE=SPEC"))
    var limits: [String] = []

    @Option(
        name: .customLong("fault"),
        help: ArgumentHelp(
            "A fault in force from the start, e.g. \"polygon ratelimit x3\" (repeatable).", valueName: "SOURCE KIND"))
    var faults: [String] = []

    @Option(help: ArgumentHelp("The market's last day (default: today in New York).", valueName: "DATE"))
    var today: String?

    @Option(
        parsing: .unconditional,
        help: "Polygon bars per page at most, before next_url (the request's limit otherwise decides).")
    var polygonPageSize = 50_000

    @Flag(help: "Refuse Alpha Vantage outputsize=full as premium, as for a free key.")
    var alphavantageFree = false

    func options() throws -> SimulatorOptions {
        guard (0...65_535).contains(port) else { throw ValidationError("--port expects 0 to 65535, got \(port)") }
        guard (1...1_000_000).contains(polygonPageSize) else {
            throw ValidationError("--polygon-page-size expects 1 to 1000000, got \(polygonPageSize)")
        }
        var options = SimulatorOptions(today: NewYorkTime.today())
        // Without --today the market follows New York's day, so a server left running gains each day's bar.
        options.clock = { NewYorkTime.today() }
        if let today {
            guard let date = TradingDate(today) else {
                throw ValidationError("--today expects YYYY-MM-DD, got '\(today)'")
            }
            options.today = date
            options.clock = nil
        }
        if let latency {
            guard let delay = SettingValues.duration(latency) else {
                throw ValidationError("--latency expects a duration such as 80ms, got '\(latency)'")
            }
            options.latency = delay
        }
        for item in limits {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let id = SourceID(rawValue: parts[0]), let windows = RateWindow.list(parts[1])
            else {
                throw ValidationError("--limit expects SOURCE=SPEC such as polygon=5/min, got '\(item)'")
            }
            options.limits[id] = windows
        }
        for item in faults {
            let words = item.split(separator: " ").map(String.init)
            guard let name = words.first, let id = SourceID(rawValue: name) else {
                throw ValidationError("--fault expects \"SOURCE KIND …\", got '\(item)'")
            }
            switch Fault.parse(Array(words.dropFirst())) {
            case .success(let fault): options.faults.append((id, fault))
            case .failure(let error): throw ValidationError("--fault '\(item)': \(error.message)")
            }
        }
        options.polygonPageSize = polygonPageSize
        options.alphaVantageFull = !alphavantageFree
        return options
    }

    /// Serves until Ctrl-C or SIGTERM; a port that cannot be had is a usage error, said plainly.
    func run(console: Console) async throws -> RunStatus {
        let simulator: Simulator
        do {
            simulator = Simulator(options: try options())
        } catch {
            console.error("error: \(error)")
            return .usage
        }
        let server: SimulatorServer
        do {
            server = try await SimulatorServer.start(simulator, host: host, port: port)
        } catch {
            let why =
                "\(error)".contains("in use")
                ? "the address is already in use (another simulator? --port 0 picks a free port)" : "\(error)"
            console.error("error: cannot listen on \(host):\(port): \(why)")
            return .usage
        }
        let base = server.baseURL
        print(
            """
            quantum simulator listening on \(base) (market through \(server.simulator.market.today))
              Polygon        \(base)/v2/aggs/ticker/AAPL/range/1/day/2024-01-02/2024-01-31?apiKey=any
              FMP            \(base)/stable/historical-price-eod/full?symbol=AAPL&apikey=any
              Alpha Vantage  \(base)/query?function=TIME_SERIES_DAILY&symbol=AAPL&apikey=any
              EODHD          \(base)/api/eod/AAPL.US?fmt=json&api_token=any
              counters       \(base)/_sim/stats
            Point quantum at it: POLYGON_BASE_URL=\(base) FMP_BASE_URL=\(base) ALPHAVANTAGE_BASE_URL=\(base) EODHD_BASE_URL=\(base)
            Ctrl-C stops it.
            """)
        quantum_flush_stdout()
        try await Runtime.Lifecycle.untilSignalled().run([server]) { running in await running.untilStopped() }
        console.error("simulator stopped")
        return .ok
    }
}
