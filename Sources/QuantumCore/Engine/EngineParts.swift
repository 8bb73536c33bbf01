import Foundation

/// Everything an `Engine` is built from: the settings and the seams (transport, persistence,
/// faults, time, randomness). The composition root fills it with the live adapters or the
/// simulator's; tests fill it with fakes.
public struct EngineParts: Sendable {
    public var settings: Settings
    public var transport: any HTTPTransport
    /// Whether the sources are the built-in simulator (every result is marked so).
    public var simulated: Bool
    /// Where fetched candles are kept; nil for none.
    public var candleStore: (any CandleStore)?
    /// Where windows are counted across processes (every window, or those of an hour or more:
    /// see `QuotaLedger.countsEveryWindow`); nil to count them in this process only.
    public var quotaLedger: (any QuotaLedger)?
    /// Fault injection: the simulator's board, or a client-side transport wrapper.
    public var faults: (any FaultControl)?
    /// Also applies `limits` elsewhere (the simulator enforces what the client is told).
    public var limitMirror: (@Sendable (SourceID, [RateWindow]) async -> Void)?
    /// Whether fetches use the cache at all (`set cache off`: neither read nor written).
    public var cacheEnabled: Bool
    /// The clock: now, waits, today and whether a session has closed.
    public var time: TimeSource
    /// Uniform draws in [0, 1) for backoff jitter.
    public var random: @Sendable () -> Double
    /// Retries of transient failures at one source.
    public var retry: RetryPolicy
    /// Hears, as they happen, the messages of events a person waiting should know now (a wait
    /// longer than a second for a rate-limit slot; see `EngineEvent.isSaidAsItHappens`). The
    /// executable prints them on stderr. Every event also goes to `Engine.events`.
    public var announce: @Sendable (String) -> Void

    /// `today` and `sessionIsOver`, when given, replace the clock's (see `TimeSource.with`).
    public init(
        settings: Settings, transport: any HTTPTransport, simulated: Bool = false,
        candleStore: (any CandleStore)? = nil,
        quotaLedger: (any QuotaLedger)? = nil, faults: (any FaultControl)? = nil,
        limitMirror: (@Sendable (SourceID, [RateWindow]) async -> Void)? = nil, cacheEnabled: Bool = true,
        time: TimeSource = .continuous, today: (@Sendable () -> TradingDate)? = nil,
        sessionIsOver: (@Sendable (TradingDate, ListingCalendar) -> Bool)? = nil,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }, retry: RetryPolicy = RetryPolicy(),
        announce: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.settings = settings
        self.transport = transport
        self.simulated = simulated
        self.candleStore = candleStore
        self.quotaLedger = quotaLedger
        self.faults = faults
        self.limitMirror = limitMirror
        self.cacheEnabled = cacheEnabled
        self.time = time.with(today: today, sessionIsOver: sessionIsOver)
        self.random = random
        self.retry = retry
        self.announce = announce
    }
}
