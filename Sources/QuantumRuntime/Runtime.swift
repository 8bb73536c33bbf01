import Foundation
import QuantumCore
import QuantumHTTP
import QuantumPostgres
import QuantumSQLite
import QuantumSimulator
import ServiceLifecycle

/// The composition root: the one place that assembles an `Engine` from the adapters — the live
/// providers over AsyncHTTPClient with the SQLite cache and quota ledger (or a team's PostgreSQL
/// ones, when `QUANTUM_DATABASE_URL` / `database_url` names a database), or the built-in simulator
/// on loopback with an in-memory cache. The executable, the bench and the tests all start here.
public enum Runtime {
    /// How to assemble an engine.
    public struct Options: Sendable {
        /// Use the simulator even when keys are configured.
        public var simulate: Bool
        /// Whether fetches use the cache (`--no-cache`: neither read nor written).
        public var cacheEnabled: Bool
        /// Where the cache and the quota ledger live (`XDG_CACHE_HOME`, `XDG_STATE_HOME`, `HOME`).
        public var environment: [String: String]
        /// The simulator's market day; nil for today in New York.
        public var simulatorToday: TradingDate?

        public init(
            simulate: Bool = false, cacheEnabled: Bool = true,
            environment: [String: String] = ProcessInfo.processInfo.environment, simulatorToday: TradingDate? = nil
        ) {
            self.simulate = simulate
            self.cacheEnabled = cacheEnabled
            self.environment = environment
            self.simulatorToday = simulatorToday
        }
    }

    /// Runs `body` with an engine for `settings` — the simulator's when `options.simulate` or
    /// when no key is configured — while the parts it needs run as services of one lifecycle
    /// (`Lifecycle.foreground`), and stops them after. `note` hears one-line notices for stderr (the
    /// simulator's address, a cache that could not be opened). Throws `DatabaseUnavailable` when
    /// the configured database cannot be used at start (nothing is fetched without the ledger it
    /// names).
    public static func withEngine<T: Sendable>(
        settings: Settings, options: Options = Options(), note: @escaping @Sendable (String) -> Void = { _ in },
        _ body: (Engine) async throws -> T
    ) async throws -> T {
        try await assemble(settings: settings, options: options, note: note) { engine, services in
            try await Lifecycle.foreground.run(services) { _ in try await body(engine) }
        }
    }

    /// Runs the server `make` builds over an engine for `settings` (as `withEngine` assembles it) in
    /// one lifecycle with the parts that engine needs — the server last, so it stops first — and
    /// `body` with the server while they run (until a signal, with `Lifecycle.untilSignalled`).
    public static func serve<Server: Service, T: Sendable>(
        settings: Settings, options: Options = Options(), lifecycle: Lifecycle,
        note: @escaping @Sendable (String) -> Void = { _ in }, server make: (Engine) throws -> Server,
        _ body: (Server, Running) async throws -> T
    ) async throws -> T {
        // The server logs the engine's events itself (a wait for a slot among them): no second note.
        try await assemble(settings: settings, options: options, note: note, announce: { _ in }) { engine, services in
            let server: Server
            do {
                server = try make(engine)
            } catch {
                // The parts already started stop as they would have after serving.
                try? await Lifecycle.foreground.run(services) { _ in }
                throw error
            }
            return try await lifecycle.run(services + [server]) { running in try await body(server, running) }
        }
    }

    /// Assembles the engine and the services it needs (the simulator's server, the PostgreSQL
    /// pool), each already bound or connected, for `body` to run in a lifecycle. `announce` hears
    /// the engine's waits for a rate-limit slot as they begin (`note`, unless the caller logs them).
    static func assemble<T: Sendable>(
        settings: Settings, options: Options, note: @escaping @Sendable (String) -> Void,
        announce: (@Sendable (String) -> Void)? = nil, _ body: (Engine, [any Service]) async throws -> T
    ) async throws -> T {
        // A newer calendar file in the config folder (`calendar update FILE`) replaces the built-in one.
        if let problem = ExchangeCalendars.useUserFile(environment: options.environment) { note(problem) }
        let announce = announce ?? note
        return try await AsyncHTTPTransport.with { transport in
            if options.simulate || !settings.hasAnyKey {
                var simulatorOptions = SimulatorOptions(today: options.simulatorToday ?? NewYorkTime.today())
                // Without a fixed day the market follows New York's, so a server left running gains each day's bar.
                if options.simulatorToday == nil { simulatorOptions.clock = { NewYorkTime.today() } }
                // The simulator enforces the limits the client is configured with, as a provider would.
                simulatorOptions.limits = Dictionary(uniqueKeysWithValues: settings.sources.map { ($0.id, $0.limits) })
                let server = try await SimulatorServer.start(Simulator(options: simulatorOptions))
                let engine = simulated(
                    settings: settings, server: server, transport: transport, cacheEnabled: options.cacheEnabled,
                    announce: announce)
                let why = options.simulate ? "--sim" : "no API key is configured"
                note("simulated market on \(server.baseURL) (\(why)); results are marked simulated")
                return try await body(engine, [server])
            }
            guard let url = settings.databaseURL else {
                return try await body(
                    live(settings: settings, transport: transport, options: options, note: note, announce: announce), []
                )
            }
            let database = try await PostgresDatabase.connect(url, operationTimeout: PostgresDatabase.operationTimeout)
            let shared = SharedStores(
                candleStore: PostgresCandleStore(database: database),
                quotaLedger: PostgresQuotaLedger(database: database, flightLimit: flightLimit(settings)))
            return try await body(
                live(
                    settings: settings, transport: transport, options: options, shared: shared, note: note,
                    announce: announce), [database]
            )
        }
    }

    /// The candle store and quota ledger every instance of a team shares.
    public struct SharedStores: Sendable {
        public var candleStore: any CandleStore
        public var quotaLedger: any QuotaLedger

        public init(candleStore: any CandleStore, quotaLedger: any QuotaLedger) {
            self.candleStore = candleStore
            self.quotaLedger = quotaLedger
        }
    }

    /// How long a shared grant with no answer counts as in flight: the request timeout and a
    /// minute, at least the default.
    static func flightLimit(_ settings: Settings) -> Duration {
        max(QuotaArithmetic.defaultFlightLimit, settings.requestTimeout + .seconds(60))
    }

    /// An engine on the simulator at `server`: every source pointed at it with a stand-in key, an
    /// in-memory cache (simulated bars never mix with providers' data, and a script on the
    /// simulator runs the same way every time), the simulator's fault board, and `limits`
    /// mirrored to it. The bench passes a SQLite store to time the cache a new process opens.
    public static func simulated(
        settings: Settings, server: SimulatorServer, transport: any HTTPTransport, cacheEnabled: Bool = true,
        candleStore: any CandleStore = MemoryCandleStore(), time: TimeSource = .continuous,
        today: (@Sendable () -> TradingDate)? = nil, announce: @escaping @Sendable (String) -> Void = { _ in }
    ) -> Engine {
        let simulator = server.simulator
        return Engine(
            EngineParts(
                settings: settings.pointed(at: server.baseURL), transport: transport, simulated: true,
                candleStore: candleStore, quotaLedger: MemoryQuotaLedger(), faults: simulator,
                limitMirror: { source, windows in simulator.setLimits(windows, for: source) },
                cacheEnabled: cacheEnabled,
                time: time, today: today ?? { simulator.market.today }, announce: announce))
    }

    /// An engine on the providers: client-side fault injection, and `shared` stores, else the
    /// SQLite cache and quota ledger in the user's folders (without them, a note, and no cache or
    /// a per-process count).
    public static func live(
        settings: Settings, transport: any HTTPTransport, options: Options = Options(), shared: SharedStores? = nil,
        note: @escaping @Sendable (String) -> Void = { _ in }, announce: (@Sendable (String) -> Void)? = nil
    ) -> Engine {
        let injecting = FaultInjectingTransport(
            wrapping: transport,
            baseURLs: Dictionary(uniqueKeysWithValues: settings.sources.map { ($0.id, $0.baseURL) }))
        return Engine(
            EngineParts(
                settings: settings, transport: injecting, simulated: false,
                candleStore: shared?.candleStore ?? candleStore(environment: options.environment, note: note),
                quotaLedger: shared?.quotaLedger
                    ?? quotaLedger(environment: options.environment, flightLimit: flightLimit(settings), note: note),
                faults: injecting,
                cacheEnabled: options.cacheEnabled, announce: announce ?? note))
    }

    /// The candle cache in the user's cache folder; without it, every fetch asks the providers.
    static func candleStore(environment: [String: String], note: (String) -> Void) -> (any CandleStore)? {
        guard let path = SQLiteCandleStore.defaultPath(environment: environment) else { return nil }
        do {
            return try SQLiteCandleStore(path: path)
        } catch {
            note("cannot open the cache at \(path) (\(error)); fetching without it")
            return nil
        }
    }

    /// The quota ledger in the user's state folder, counting every window for every process on the
    /// machine; without it, limits count per process.
    static func quotaLedger(environment: [String: String], flightLimit: Duration, note: (String) -> Void)
        -> (any QuotaLedger)?
    {
        guard let path = SQLiteQuotaLedger.defaultPath(environment: environment) else { return nil }
        do {
            return try SQLiteQuotaLedger(path: path, flightLimit: flightLimit)
        } catch {
            note("cannot open \(path) (\(error)); limits are counted for this run only")
            return nil
        }
    }
}
