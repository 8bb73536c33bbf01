import QuantumCore

/// Holds what a REPL or script run accumulates — settings changed by commands, the sources'
/// health (limits, breakers), numbered cells — and executes commands against the orchestrator.
/// It never prints: it returns cells.
public actor Session {
    public private(set) var settings: Settings
    public private(set) var cells: [Cell] = []
    /// Whether the sources are the built-in simulator.
    public let simulated: Bool
    public let governor: SourceGovernor
    private let transport: any HTTPTransport
    private let faults: (any FaultControl)?
    private let time: TimeSource
    private let today: @Sendable () -> TradingDate
    private let random: @Sendable () -> Double
    /// Also applies `limits` elsewhere (the simulator enforces what the client is told).
    private let limitMirror: (@Sendable (SourceID, [RateWindow]) async -> Void)?

    public init(
        settings: Settings, transport: any HTTPTransport, simulated: Bool = false, faults: (any FaultControl)? = nil,
        store: (any GrantStore)? = nil, time: TimeSource = .continuous,
        today: @escaping @Sendable () -> TradingDate = NewYorkTime.today,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        limitMirror: (@Sendable (SourceID, [RateWindow]) async -> Void)? = nil
    ) {
        self.settings = settings
        self.transport = transport
        self.simulated = simulated
        self.faults = faults
        self.time = time
        self.today = today
        self.random = random
        self.limitMirror = limitMirror
        self.governor = SourceGovernor(limits: Dictionary(uniqueKeysWithValues: settings.sources.map { ($0.id, $0.limits) }), time: time, store: store)
    }

    /// The orchestrator as the current settings describe it, over the session's governor.
    var orchestrator: Orchestrator {
        let fetcher = SourceFetcher(transport: transport, redactor: Redactor(secrets: settings.secrets), timeout: settings.requestTimeout)
        return Orchestrator(sources: settings.configuredSources, fetcher: fetcher, governor: governor, simulated: simulated, time: time, today: today, random: random)
    }

    /// Runs a parsed command and records it as the next cell. `progress` hears each ticker of a batch.
    public func execute(_ command: Command, input: String, progress: @escaping @Sendable (BatchProgress) -> Void = { _ in }) async -> Cell {
        var failure: String?
        let output: CommandOutput
        switch command {
        case .fetch(let spec):
            let (from, to) = spec.range.resolve(today: today())
            let result = await orchestrator.fetch(BarQuery(ticker: spec.ticker, from: from, to: to, basis: spec.basis), pinned: spec.source)
            failure = result.error
            output = .fetch(result)
        case .batch(let spec):
            let (from, to) = spec.range.resolve(today: today())
            let started = time.now()
            let queries = spec.tickers.map { BarQuery(ticker: $0, from: from, to: to, basis: spec.basis) }
            let results = await orchestrator.batch(queries, pinned: spec.source, concurrency: spec.concurrency, progress: progress)
            let report = BatchReport(results: results, elapsed: started.duration(to: time.now()))
            if spec.strict, report.failed > 0 { failure = "\(report.failed) of \(report.results.count) tickers could not be served (--strict)" }
            if results.contains(where: { $0.attempts.contains { $0.outcome == .cancelled } }) { failure = failure ?? "the batch was cancelled" }
            output = .batch(report)
        case .sources(let action):
            output = await apply(action)
        case .limits(let source, let windows):
            if let source {
                settings = settings.applying(SettingsLayer(sources: [source: .init(limits: windows)]))
                await governor.setLimits(windows, for: source)
                await limitMirror?(source, windows)
            }
            output = .limits(await governor.status())
        case .set(.timeout(let timeout)):
            settings.requestTimeout = timeout
            output = .message("timeout = \(SettingValues.text(timeout)) per request")
        case .fault(let action):
            if let faults {
                switch action {
                case .list: break
                case .inject(let source, let fault): await faults.inject(fault, at: source)
                case .clear(let source): await faults.clear(source)
                }
                output = .faults(await faults.active(), label: faults.label)
            } else {
                let message = "fault injection is not available in this session"
                failure = message
                output = .message(message)
            }
        case .help(let topic):
            output = .help(HelpText.render(topic: topic))
        case .quit:
            output = .quit
        }
        let notices = await governor.drainNotices()
        let cell = Cell(number: cells.count + 1, input: input, command: command, output: output, failure: failure, notices: notices)
        cells.append(cell)
        return cell
    }

    private func apply(_ action: SourcesAction) async -> CommandOutput {
        var layer = SettingsLayer()
        switch action {
        case .list: break
        case .order(let order): layer.order = order
        case .enable(let id): layer.sources[id] = .init(enabled: true)
        case .disable(let id): layer.sources[id] = .init(enabled: false)
        }
        settings = settings.applying(layer)
        return .sources(settings.sources, status: await governor.status(), simulated: simulated)
    }
}
