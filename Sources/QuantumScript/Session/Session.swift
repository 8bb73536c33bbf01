import QuantumCore

/// Holds what a REPL or script run accumulates — settings changed by commands, numbered cells —
/// and executes commands against the orchestrator. It never prints: it returns cells.
public actor Session {
    public private(set) var settings: Settings
    public private(set) var cells: [Cell] = []
    /// Whether the sources are the built-in simulator.
    public let simulated: Bool
    private let transport: any HTTPTransport
    private let faults: (any FaultControl)?
    private let today: @Sendable () -> TradingDate

    public init(
        settings: Settings, transport: any HTTPTransport, simulated: Bool = false, faults: (any FaultControl)? = nil,
        today: @escaping @Sendable () -> TradingDate = NewYorkTime.today
    ) {
        self.settings = settings
        self.transport = transport
        self.simulated = simulated
        self.faults = faults
        self.today = today
    }

    /// The orchestrator as the current settings describe it.
    var orchestrator: Orchestrator {
        let fetcher = SourceFetcher(transport: transport, redactor: Redactor(secrets: settings.secrets), timeout: settings.requestTimeout)
        return Orchestrator(sources: settings.configuredSources, fetcher: fetcher, simulated: simulated, today: today)
    }

    /// Runs a parsed command and records it as the next cell.
    public func execute(_ command: Command, input: String) async -> Cell {
        var failure: String?
        let output: CommandOutput
        switch command {
        case .fetch(let spec):
            let (from, to) = spec.range.resolve(today: today())
            let query = BarQuery(ticker: spec.ticker, from: from, to: to, basis: spec.basis)
            let result = await orchestrator.fetch(query, pinned: spec.source)
            failure = result.error
            output = .fetch(result)
        case .sources(let action):
            output = apply(action)
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
        let cell = Cell(number: cells.count + 1, input: input, command: command, output: output, failure: failure)
        cells.append(cell)
        return cell
    }

    private func apply(_ action: SourcesAction) -> CommandOutput {
        var layer = SettingsLayer()
        switch action {
        case .list: break
        case .order(let order): layer.order = order
        case .enable(let id): layer.sources[id] = .init(enabled: true)
        case .disable(let id): layer.sources[id] = .init(enabled: false)
        }
        settings = settings.applying(layer)
        return .sources(settings.sources, simulated: simulated)
    }
}
