import Foundation

/// The one long-lived engine: owns the settings, the sources, the rate governor (limits,
/// breakers, cool-downs, the retry budget), the cache, the transport and the clock for as long as
/// the program runs. The REPL, scripts, the bench and a server all drive one of these; many
/// callers may use it at once, and every fetch goes through its one governor.
public actor Engine {
    public private(set) var settings: Settings
    /// Whether the sources are the built-in simulator.
    public nonisolated let simulated: Bool
    /// Whether fetches use the cache at all (`set cache off`: neither read nor written).
    public private(set) var cacheEnabled: Bool
    /// A batch's concurrency unless it says otherwise.
    public private(set) var concurrency = 8
    /// Fault injection, when this engine has it.
    public nonisolated let faults: (any FaultControl)?
    let governor: SourceGovernor
    /// Where the governor's and the orchestrator's events go: front ends subscribe here (the
    /// REPL prints a command's own, `serve` logs and counts them).
    public nonisolated let events: EngineEvents
    let parts: EngineParts
    let cache: CandleCache?
    /// Tickers the sources said they do not know, shared by every fetch path this engine builds;
    /// remembered only once a front end sets its `lifetime` (`quantum serve` does).
    public nonisolated let unknownTickers = UnknownTickers()
    private(set) var orchestrator: Orchestrator
    /// Callers that shared a fetch under way, before the fetch path was last rebuilt.
    private var sharedEarlier = 0

    public init(_ parts: EngineParts) {
        self.parts = parts
        settings = parts.settings
        simulated = parts.simulated
        cacheEnabled = parts.cacheEnabled
        faults = parts.faults
        cache = parts.candleStore.map { CandleCache(store: $0, policy: parts.settings.cachePolicy) }
        let events = EngineEvents()
        let announce = parts.announce
        events.listen { event in
            if event.isSaidAsItHappens { announce(event.message) }
        }
        self.events = events
        governor = SourceGovernor(
            limits: Dictionary(uniqueKeysWithValues: parts.settings.sources.map { ($0.id, $0.limits) }),
            time: parts.time,
            ledger: parts.quotaLedger,
            quotaKeys: Dictionary(
                uniqueKeysWithValues: parts.settings.sources.map { ($0.id, QuotaKey(provider: $0.id, apiKey: $0.key)) }),
            events: events)
        orchestrator = Self.orchestrator(
            parts, settings: parts.settings, governor: governor, cache: cacheEnabled ? cache : nil,
            unknownTickers: unknownTickers)
    }

    static func orchestrator(
        _ parts: EngineParts, settings: Settings, governor: SourceGovernor, cache: CandleCache?,
        unknownTickers: UnknownTickers
    ) -> Orchestrator {
        let fetcher = SourceFetcher(
            transport: parts.transport, redactor: Redactor(secrets: settings.secrets), timeout: settings.requestTimeout)
        var orchestrator = Orchestrator(
            sources: settings.configuredSources, fetcher: fetcher, governor: governor, retry: parts.retry,
            simulated: parts.simulated, time: parts.time,
            random: parts.random, cache: cache)
        orchestrator.unknownTickers = unknownTickers
        return orchestrator
    }

    /// Rebuilds the fetch path after a settings change; the governor and cache carry on.
    private func settingsChanged() {
        // A fetch under way keeps the settings it started with: later requests do not join it.
        sharedEarlier += orchestrator.inFlight.shared
        orchestrator = Self.orchestrator(
            parts, settings: settings, governor: governor, cache: cacheEnabled ? cache : nil,
            unknownTickers: unknownTickers)
    }

    /// Today's date in New York, as this engine sees it.
    public nonisolated func today() -> TradingDate { parts.time.today() }

    /// The wall-clock time now, as this engine sees it.
    public nonisolated func now() -> Date { parts.time.wallNow() }

    // MARK: Fetching

    /// One ticker, with fallback in priority order (or only the pinned source), through the cache.
    /// Never throws: a ticker no source could serve is a result with a `failure`.
    public func fetch(_ request: FetchRequest) async -> FetchResult {
        let orchestrator = orchestrator
        return await orchestrator.fetch(request)
    }

    /// The request answered from the cache alone, asking no source and joining no fetch under
    /// way: nil when any part of it (a bar, the ledger a derived basis needs) is not cached, or
    /// the answer would not be a success. `quantum serve` answers these without queueing them
    /// behind fetch work.
    public func cachedAnswer(_ request: FetchRequest) async -> FetchResult? {
        let orchestrator = orchestrator
        return await orchestrator.cachedAnswer(request)
    }

    /// Many tickers, at most `concurrency` (default: the engine's) in flight. Results come back in
    /// input order; when the task is cancelled, finished results are kept and the rest are
    /// marked `cancelled`. `progress` hears each ticker as it finishes.
    public func batch(
        _ requests: [FetchRequest], concurrency: Int? = nil,
        progress: @escaping @Sendable (BatchProgress) -> Void = { _ in }
    ) async -> BatchReport {
        let orchestrator = orchestrator
        let started = parts.time.now()
        let rate = allowedRate(pinned: requests.first?.pinned)
        let results = await orchestrator.batch(requests, concurrency: concurrency ?? self.concurrency) { event in
            var event = event
            event.allowedRate = rate
            progress(event)
        }
        var report = BatchReport(results: results, elapsed: started.duration(to: parts.time.now()))
        report.qualities = results.map(quality(of:))
        return report
    }

    /// Fetches that joined an identical one under way instead of asking the sources, since the start.
    public func sharedFetches() -> Int {
        sharedEarlier + orchestrator.inFlight.shared
    }

    /// Times a request waited for a rate-limit slot, since the start.
    public func rateLimitWaits() async -> Int {
        await governor.waits
    }

    /// The quality report of a result, as of today.
    public nonisolated func quality(of result: FetchResult) -> QualityReport {
        QualityReport(result, today: parts.time.today())
    }

    /// Requests per second the usable sources allow together (each at its tightest window); nil
    /// when one has no limit.
    func allowedRate(pinned: SourceID?) -> Double? {
        var total = 0.0
        for s in settings.sources where s.enabled && s.key != nil && (pinned == nil || s.id == pinned) {
            guard let rate = s.limits.map({ Double($0.count) / $0.length.seconds }).min() else { return nil }
            total += rate
        }
        return total > 0 ? total : nil
    }

    // MARK: Sources and limits

    /// Every source in priority order with its health.
    public func sources() async -> SourcesReport {
        SourcesReport(sources: settings.sources, status: await governor.status(), simulated: simulated)
    }

    /// Each source's windows, cool-down and breaker.
    public func limits() async -> [SourceStatus] {
        await governor.status()
    }

    /// Sets a source's rolling windows at run time (`limits NAME 4/s`), here and in the
    /// simulator when this engine runs on one.
    public func setLimits(_ windows: [RateWindow], for source: SourceID) async {
        settings = settings.applying(SettingsLayer(sources: [source: .init(limits: windows)]))
        await governor.setLimits(windows, for: source)
        await parts.limitMirror?(source, windows)
        settingsChanged()
    }

    /// A new priority order; sources left out keep their relative order after the named ones.
    public func setOrder(_ order: [SourceID]) {
        settings = settings.applying(SettingsLayer(order: order))
        settingsChanged()
    }

    /// Switches a source on or off.
    public func setEnabled(_ enabled: Bool, for source: SourceID) async {
        settings = settings.applying(SettingsLayer(sources: [source: .init(enabled: enabled)]))
        // Enabling again also asks a source set aside for a refused key.
        if enabled { await governor.reinstate(source) }
        settingsChanged()
    }

    /// Why the cache's store cannot be used now (the team's database does not answer), naming
    /// it; nil when it can, or when there is no store.
    public func storeUnreachable() async -> String? {
        await parts.candleStore?.unreachable()
    }

    /// How long a source whose key was refused is set aside (nil: for the session).
    public func setKeyRefusalCoolDown(_ coolDown: Duration?) async {
        await governor.setKeyRefusalCoolDown(coolDown)
    }

    /// The per-request timeout.
    public func setRequestTimeout(_ timeout: Duration) {
        settings.requestTimeout = timeout
        settingsChanged()
    }

    /// A batch's default concurrency.
    public func setConcurrency(_ n: Int) {
        concurrency = max(1, n)
    }

    /// Whether fetches read and write the cache; false when this engine has none.
    @discardableResult
    public func setCacheEnabled(_ on: Bool) -> Bool {
        cacheEnabled = on
        settingsChanged()
        return cache != nil
    }

    /// The engine at a glance: simulated or live, the cache, every source's health.
    public func status() async -> EngineStatus {
        EngineStatus(
            simulated: simulated, cacheOpen: cache != nil, cacheEnabled: cacheEnabled, concurrency: concurrency,
            requestTimeout: settings.requestTimeout, sources: await governor.status())
    }

    // MARK: Cache

    /// What the cache holds; throws `EngineError.noCache` without one.
    public func cacheStats() async throws -> CacheStats {
        guard let cache else { throw EngineError.noCache }
        return try await cache.stats()
    }

    /// Forgets one ticker, or everything; returns how many candles went.
    public func clearCache(ticker: String?) async throws -> Int {
        guard let cache else { throw EngineError.noCache }
        return try await cache.clear(ticker: ticker)
    }
}

/// The sources as `sources` lists them.
public struct SourcesReport: Sendable {
    public var sources: [SourceSettings]
    public var status: [SourceStatus]
    public var simulated: Bool

    public init(sources: [SourceSettings], status: [SourceStatus], simulated: Bool) {
        self.sources = sources
        self.status = status
        self.simulated = simulated
    }
}

/// An engine's state at a glance.
public struct EngineStatus: Sendable {
    public var simulated: Bool
    public var cacheOpen: Bool
    public var cacheEnabled: Bool
    public var concurrency: Int
    public var requestTimeout: Duration
    public var sources: [SourceStatus]
}

/// A batch's results with their tally.
public struct BatchReport: Sendable {
    public var results: [FetchResult]
    public var elapsed: Duration
    /// Each result's quality report, in order (as `fetch` gives its one); empty when not judged.
    public var qualities: [QualityReport] = []

    public init(results: [FetchResult], elapsed: Duration) {
        self.results = results
        self.elapsed = elapsed
    }

    /// Tickers served whole or in part, not cut short by a cancellation.
    public var ok: Int { results.count { $0.ok && !$0.wasCancelled } }
    /// Tickers the batch did not finish because it was cancelled.
    public var cancelled: Int { results.filter(\.wasCancelled).count }
    public var failed: Int { results.count - ok - cancelled }
    public var fallbacks: Int { results.filter(\.isFallback).count }
}

/// What an engine could not do, in one sentence.
public enum EngineError: Error, Sendable, CustomStringConvertible {
    case noCache
    case noFaultInjection

    public var description: String {
        switch self {
        case .noCache: "no cache is open in this session"
        case .noFaultInjection: "fault injection is not available in this session"
        }
    }
}
