import Foundation
import QuantumCore

/// Holds what a REPL or script run accumulates — settings changed by commands, the sources'
/// health (limits, breakers), numbered cells, a recording in progress — and executes commands
/// against the orchestrator. It never prints: it returns cells.
public actor Session {
    public private(set) var settings: Settings
    public private(set) var cells: [Cell] = []
    /// Whether the sources are the built-in simulator.
    public let simulated: Bool
    public let governor: SourceGovernor
    /// Whether fetches use the cache at all (`set cache off`: neither read nor written).
    public private(set) var usesCache = true
    /// A batch's concurrency unless it says otherwise.
    public private(set) var concurrency = 8
    private let transport: any HTTPTransport
    private let faults: (any FaultControl)?
    private let cache: CandleCache?
    private let time: TimeSource
    private let today: @Sendable () -> TradingDate
    private let random: @Sendable () -> Double
    /// Also applies `limits` elsewhere (the simulator enforces what the client is told).
    private let limitMirror: (@Sendable (SourceID, [RateWindow]) async -> Void)?
    private var recorder: Recorder?

    public init(
        settings: Settings, transport: any HTTPTransport, simulated: Bool = false, faults: (any FaultControl)? = nil,
        store: (any GrantStore)? = nil, cache: CandleCache? = nil, usesCache: Bool = true, time: TimeSource = .continuous,
        today: @escaping @Sendable () -> TradingDate = NewYorkTime.today,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        limitMirror: (@Sendable (SourceID, [RateWindow]) async -> Void)? = nil
    ) {
        self.settings = settings
        self.transport = transport
        self.simulated = simulated
        self.faults = faults
        self.cache = cache
        self.usesCache = usesCache
        self.time = time
        self.today = today
        self.random = random
        self.limitMirror = limitMirror
        self.governor = SourceGovernor(limits: Dictionary(uniqueKeysWithValues: settings.sources.map { ($0.id, $0.limits) }), time: time, store: store)
    }

    /// The orchestrator as the current settings describe it, over the session's governor.
    var orchestrator: Orchestrator {
        let fetcher = SourceFetcher(transport: transport, redactor: Redactor(secrets: settings.secrets), timeout: settings.requestTimeout)
        return Orchestrator(
            sources: settings.configuredSources, fetcher: fetcher, governor: governor, simulated: simulated, time: time, today: today,
            random: random, cache: usesCache ? cache : nil)
    }

    /// Runs a parsed command and records it as the next cell. `progress` hears each ticker of a batch.
    public func execute(_ command: Command, input: String, progress: @escaping @Sendable (BatchProgress) -> Void = { _ in }) async -> Cell {
        var cell = Cell(number: cells.count + 1, input: input, command: command, output: .quit)
        var replay: Command? = command
        switch command {
        case .fetch(let spec):
            let (from, to) = spec.range.resolve(today: today())
            let query = BarQuery(ticker: spec.ticker, from: from, to: to, basis: spec.basis)
            let result = await orchestrator.fetch(query, pinned: spec.source, useCache: !spec.noCache)
            cell.failure = result.error
            cell.output = .fetch(result, quality: QualityReport(result, today: today(), preferred: preferred(spec.basis, pinned: spec.source)))
            var resolved = spec
            resolved.range = .dates(from: from, to: to)
            replay = .fetch(resolved)
        case .batch(let spec):
            let (from, to) = spec.range.resolve(today: today())
            let started = time.now()
            let queries = spec.tickers.map { BarQuery(ticker: $0, from: from, to: to, basis: spec.basis) }
            let rate = allowedRate(pinned: spec.source)
            let results = await orchestrator.batch(
                queries, pinned: spec.source, useCache: !spec.noCache, concurrency: spec.concurrency ?? concurrency
            ) { event in
                var event = event
                event.allowedRate = rate
                progress(event)
            }
            let report = BatchReport(results: results, elapsed: started.duration(to: time.now()))
            if spec.strict, report.failed > 0 { cell.failure = "\(report.failed) of \(report.results.count) tickers could not be served (--strict)" }
            if results.contains(where: { $0.attempts.contains { $0.outcome == .cancelled } }) { cell.failure = cell.failure ?? "the batch was cancelled" }
            cell.output = .batch(report)
            var resolved = spec
            resolved.range = .dates(from: from, to: to)
            replay = .batch(resolved)
        case .sources(let action):
            cell.output = await apply(action)
        case .limits(let source, let windows):
            if let source {
                settings = settings.applying(SettingsLayer(sources: [source: .init(limits: windows)]))
                await governor.setLimits(windows, for: source)
                await limitMirror?(source, windows)
            }
            cell.output = .limits(await governor.status())
        case .set(let setting):
            cell.output = .message(apply(setting))
        case .fault(let action):
            if let faults {
                switch action {
                case .list: break
                case .inject(let source, let fault): await faults.inject(fault, at: source)
                case .clear(let source): await faults.clear(source)
                }
                cell.output = .faults(await faults.active(), label: faults.label)
            } else {
                cell.failure = "fault injection is not available in this session"
                cell.output = .message(cell.failure ?? "")
            }
        case .show(let ref, let rows):
            withResults(ref, into: &cell) { .show($0, rows: rows) }
        case .chart(let ref, let width, let height):
            withResults(ref, into: &cell) { .chart($0, width: width, height: height) }
        case .quality(let ref):
            withResults(ref, into: &cell) { results in
                .quality(results.map { QualityReport($0, today: today(), preferred: preferred(.any, pinned: nil)) })
            }
        case .export(let format, let path, let refs):
            await export(format, path: path, refs: refs, into: &cell)
        case .expect(let expectation):
            do {
                let (passed, detail) = check(expectation, against: try results(expectation.ref))
                cell.output = .expectation(expectation, passed: passed, detail: detail)
                if !passed { cell.unmet = detail }
            } catch {
                cell.failure = error.message
                cell.output = .message(error.message)
            }
        case .record(let action):
            replay = nil
            record(action, into: &cell)
        case .save(let path):
            replay = nil
            save(to: path, into: &cell)
        case .history:
            replay = nil
            cell.output = .history(cells.map { ($0.number, $0.input) })
        case .cache(let action):
            await cacheCommand(action, into: &cell)
        case .run(let path):
            // The script runner runs a script's commands as cells of their own.
            cell.failure = "run \(path): scripts are run by the script runner, not as one cell"
            cell.output = .message(cell.failure ?? "")
        case .help(let topic):
            replay = nil
            cell.output = .help(HelpText.render(topic: topic))
        case .quit:
            replay = nil
        }
        cell.notices = await governor.drainNotices()
        if let replay, let recorder {
            if let problem = recorder.write(replay, cell: cell.number) {
                cell.notices.append(problem)
                self.recorder = nil
            }
        }
        cells.append(cell)
        return cell
    }

    /// Requests per second the usable sources allow together (each at its tightest window); nil
    /// when one has no limit.
    private func allowedRate(pinned: SourceID?) -> Double? {
        var total = 0.0
        for s in settings.sources where s.enabled && s.key != nil && (pinned == nil || s.id == pinned) {
            guard let rate = s.limits.map({ Double($0.count) / $0.length.seconds }).min() else { return nil }
            total += rate
        }
        return total > 0 ? total : nil
    }

    /// Records a command that could not run (a script it names does not parse) as a failed cell.
    public func reject(_ command: Command, input: String, because message: String) -> Cell {
        let cell = Cell(number: cells.count + 1, input: input, command: command, output: .message(message), failure: message)
        cells.append(cell)
        return cell
    }

    /// The source a fetch would try first for `basis`, and the basis it serves there.
    private func preferred(_ basis: BasisPreference, pinned: SourceID?) -> (source: SourceID, basis: PriceBasis)? {
        for s in settings.sources where s.enabled && s.key != nil && (pinned == nil || s.id == pinned) {
            if let served = dataSource(for: s.id).basis(for: basis) { return (s.id, served) }
        }
        return nil
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

    private func apply(_ setting: Setting) -> String {
        switch setting {
        case .timeout(let timeout):
            settings.requestTimeout = timeout
            return "timeout = \(SettingValues.text(timeout)) per request"
        case .concurrency(let n):
            concurrency = n
            return "concurrency = \(n) tickers at once"
        case .cache(let on):
            usesCache = on
            guard cache != nil else { return "cache = \(on ? "on" : "off") (no cache is open in this session)" }
            return on ? "cache = on: cached bars are served, only missing days are fetched" : "cache = off: every fetch asks the providers, and nothing is cached"
        }
    }

    /// Runs `body` on a reference's results, or fails the cell with why they cannot be found.
    private func withResults(_ ref: Ref?, into cell: inout Cell, _ body: ([FetchResult]) -> CommandOutput) {
        do {
            cell.output = body(try results(ref))
        } catch {
            cell.failure = error.message
            cell.output = .message(error.message)
        }
    }

    private func export(_ format: ExportFormat, path: String, refs: [Ref], into cell: inout Cell) async {
        do {
            var selected: [FetchResult] = []
            for ref in refs.isEmpty ? [nil] : refs.map(Optional.some) { selected += try results(ref) }
            let manifest = try Exporter.write(selected, format: format, to: path, created: time.wallNow())
            cell.output = .export(manifest)
        } catch let error as RefError {
            cell.failure = error.message
            cell.output = .message(error.message)
        } catch {
            cell.failure = "\(error)"
            cell.output = .message("\(error)")
        }
    }

    private func cacheCommand(_ action: CacheAction, into cell: inout Cell) async {
        guard let cache else {
            cell.output = .message("no cache is open in this session")
            return
        }
        do {
            switch action {
            case .stats:
                cell.output = .cache(try await cache.stats())
            case .clear(let ticker):
                let removed = try await cache.clear(ticker: ticker)
                cell.output = .message("removed \(removed) cached candle(s)\(ticker.map { " of \($0)" } ?? "")")
            }
        } catch {
            cell.failure = "the cache could not be read: \(error)"
            cell.output = .message(cell.failure ?? "")
        }
    }

    private func record(_ action: RecordAction, into cell: inout Cell) {
        switch action {
        case .start(let path):
            if let current = recorder {
                cell.failure = "already recording to \(current.path); 'record stop' first"
                cell.output = .message(cell.failure ?? "")
                return
            }
            do {
                recorder = try Recorder(path: path, settings: settings, simulated: simulated, started: time.wallNow())
                cell.output = .message("recording to \(path): each command is written as it runs; 'record stop' ends it")
            } catch {
                cell.failure = "cannot record to \(path): \((error as? FileTargetError)?.reason ?? error.localizedDescription)"
                cell.output = .message(cell.failure ?? "")
            }
        case .stop:
            guard let current = recorder else {
                cell.output = .message("not recording")
                return
            }
            recorder = nil
            cell.output = .message("recorded \(current.written) command(s) to \(current.path); replay with: quantum run \(current.path)")
        }
    }

    private func save(to path: String, into cell: inout Cell) {
        let notebook = Notebook.render(cells, simulated: simulated, settings: settings, saved: time.wallNow())
        do {
            try FileTarget.writeAtomically(Array(notebook.utf8), to: path)
            cell.output = .message("saved \(cells.count) cell(s) to \(path)")
        } catch {
            cell.failure = "cannot save to \(path): \(error.reason)"
            cell.output = .message(cell.failure ?? "")
        }
    }
}
