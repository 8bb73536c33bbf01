/// A source as configured for this session: the adapter, where it lives, and whether to use it.
public struct ConfiguredSource: Sendable {
    public var source: any DataSource
    public var endpoint: SourceEndpoint
    public var enabled: Bool

    public init(source: any DataSource, endpoint: SourceEndpoint, enabled: Bool = true) {
        self.source = source
        self.endpoint = endpoint
        self.enabled = enabled
    }

    public var id: SourceID { source.id }
}

/// Serves a ticker from the first source, in priority order, that can: every source consulted
/// is recorded as an attempt, and a ticker nobody served fails with a sentence saying why.
public struct Orchestrator: Sendable {
    public var sources: [ConfiguredSource]
    public var fetcher: SourceFetcher
    public var simulated: Bool
    /// Today's date in New York; a seam so tests are independent of the wall clock.
    public var today: @Sendable () -> TradingDate

    public init(sources: [ConfiguredSource], fetcher: SourceFetcher, simulated: Bool = false, today: @escaping @Sendable () -> TradingDate = NewYorkTime.today) {
        self.sources = sources
        self.fetcher = fetcher
        self.simulated = simulated
        self.today = today
    }

    /// Fetches one ticker; with `pinned`, only that source is asked and its answer is final.
    public func fetch(_ query: BarQuery, pinned: SourceID? = nil) async -> FetchResult {
        let clock = ContinuousClock()
        let started = clock.now
        var result = FetchResult(ticker: query.ticker, from: query.from, to: query.to, simulated: simulated)
        let today = today()
        let candidates = pinned.map { id in sources.filter { $0.id == id } } ?? sources
        var lastFailure: (SourceID, SourceFailure)?
        for configured in candidates {
            if Task.isCancelled {
                result.attempts.append(Attempt(source: configured.id, outcome: .cancelled))
                continue
            }
            if !configured.enabled {
                result.attempts.append(Attempt(source: configured.id, outcome: .skippedDisabled, message: "disabled"))
                continue
            }
            if configured.endpoint.key == nil {
                result.attempts.append(Attempt(source: configured.id, outcome: .skippedNoKey, message: "no \(configured.id.environmentPrefix)_API_KEY"))
                continue
            }
            let context = RequestContext(endpoint: configured.endpoint, today: today)
            let fetched = await fetcher.fetch(query, from: configured.source, context: context)
            result.attempts.append(fetched.attempt)
            if let failure = fetched.failure {
                lastFailure = (configured.id, failure)
                continue
            }
            result.source = configured.id
            result.basis = fetched.basis
            result.candles = fetched.candles
            result.warnings = fetched.warnings
            break
        }
        if !result.ok {
            result.error = Self.explain(query.ticker, attempts: result.attempts, last: lastFailure)
        }
        result.elapsed = started.duration(to: clock.now)
        return result
    }

    /// "no source could serve AAPL: eodhd not_found (404 "Ticker Not Found"); tried polygon rate_limited, …"
    static func explain(_ ticker: String, attempts: [Attempt], last: (SourceID, SourceFailure)?) -> String {
        guard !attempts.isEmpty else { return "no source is configured for \(ticker)" }
        let trail = attempts.map { "\($0.source.rawValue) \($0.outcome.rawValue)" }.joined(separator: ", ")
        guard let (id, failure) = last else {
            return "no source could serve \(ticker): none was tried (\(trail))"
        }
        let status = failure.status.map { "\($0) " } ?? ""
        return "no source could serve \(ticker): last, \(id.rawValue) said \(failure.outcome.rawValue) (\(status)\"\(failure.message)\"); attempts: \(trail)"
    }
}
