/// The unified answer for one ticker: its candles and where they came from, or why none came.
public struct FetchResult: Sendable {
    public var ticker: String
    /// The requested range.
    public var from: TradingDate
    public var to: TradingDate
    /// The source that served the candles; nil when none could.
    public var source: SourceID?
    public var basis: PriceBasis?
    /// Ascending, without duplicates, within the requested range.
    public var candles: [Candle]
    /// Every source consulted, in order, including skipped ones.
    public var attempts: [Attempt]
    /// Data-quality notes: validation findings, provider warnings.
    public var warnings: [String]
    /// One sentence saying why no source served the ticker; nil on success.
    public var error: String?
    /// What was wrong with the series as the source sent it (nil when nothing was fetched).
    public var issues: SeriesIssues?
    /// How many of the candles came from the local cache rather than a provider.
    public var cached = 0
    /// Whether the sources were the built-in simulator.
    public var simulated: Bool
    public var elapsed: Duration

    public var ok: Bool { source != nil }

    /// Not served because the user cancelled before a source answered.
    public var wasCancelled: Bool { !ok && attempts.last?.outcome == .cancelled }

    /// Served after another source failed or had no room (sources without a key or switched
    /// off by configuration do not count).
    public var isFallback: Bool {
        guard ok else { return false }
        return attempts.dropLast().contains { $0.outcome.sentRequest || $0.outcome == .skippedRateLimit || $0.outcome == .skippedCircuitOpen }
    }

    public init(
        ticker: String, from: TradingDate, to: TradingDate, source: SourceID? = nil, basis: PriceBasis? = nil,
        candles: [Candle] = [], attempts: [Attempt] = [], warnings: [String] = [], error: String? = nil,
        cached: Int = 0, simulated: Bool = false, elapsed: Duration = .zero
    ) {
        self.ticker = ticker
        self.from = from
        self.to = to
        self.source = source
        self.basis = basis
        self.candles = candles
        self.attempts = attempts
        self.warnings = warnings
        self.error = error
        self.cached = cached
        self.simulated = simulated
        self.elapsed = elapsed
    }
}
