/// The unified answer for one ticker: its candles and where they came from, or why none came.
/// It keeps its request, and what it means (served wholly from the cache, a fallback, a basis
/// change) is worked out once, in the core, for every renderer.
public struct FetchResult: Sendable {
    public var request: FetchRequest
    /// The source that served the candles; nil when none could.
    public var source: SourceID?
    public var basis: PriceBasis?
    /// Ascending, without duplicates, within the requested range.
    public var candles: [Candle]
    /// Every source consulted, in order, including skipped ones.
    public var attempts: [Attempt]
    /// Data-quality notes: validation findings, provider warnings.
    public var warnings: [String]
    /// Why no source served the ticker, or (kind `cancelled`, with `source` set) why the bars
    /// served are only part of the range; nil on success.
    public var failure: FetchFailure?
    /// What was wrong with the series as the source sent it (nil when nothing was fetched).
    public var issues: SeriesIssues?
    /// How many of the candles came from the local cache rather than a provider.
    public var cached = 0
    /// Whether this caller joined an identical fetch already under way (its attempts were sent
    /// for the caller that started it), so counting them again would count requests twice.
    public var joinedFetchUnderWay = false
    /// Set when the basis served differs from what the preferred source serves for the request.
    public var basisChange: BasisChange?
    /// How a basis computed here (`split+dividend`) was derived; nil for a basis as served.
    public var adjustment: Adjustment?
    /// Trading days of the range (through the last finished session) with no bar from any
    /// source, ascending. Empty for a complete result, and when the listing's calendar is
    /// unknown (gaps cannot be judged).
    public var missing: [TradingDate] = []
    /// The other sources asked for the days the serving one had no bar for (same basis), and
    /// the days each filled (none when it had nothing either).
    public var fills: [Fill] = []
    /// Things to know that are not data problems: today's unfinished bar left out, no session in
    /// the range, an unknown exchange calendar.
    public var notes: [String] = []
    /// No trading session falls in the range (a holiday, a weekend, the future): served, empty.
    public var noSession = false
    /// The last day a bar was due: the range's end, or the last finished session before it.
    public var expectedThrough: TradingDate?
    /// Set when no source served because each one left was at its rate limit for longer than
    /// the request may wait (`FetchRequest.maxWait`): how soon the earliest slot frees.
    public var slotFreesIn: Duration?
    /// Whether the sources were the built-in simulator.
    public var simulated: Bool
    public var elapsed: Duration

    public var ticker: String { request.ticker }
    /// The requested range.
    public var from: TradingDate { request.from }
    public var to: TradingDate { request.to }

    public var ok: Bool { source != nil || noSession }

    /// No source knows the ticker: at least one said it does not, and every other one asked (or
    /// remembered saying so) had no bars of it; sources that could not be asked for want of a
    /// key, being disabled or not carrying the listing aside. (Polygon and FMP answer an unknown
    /// ticker with no bars, as for a range before its listing.) `quantum serve` answers it 404.
    public var noSourceKnowsTicker: Bool {
        // Each source's last word (one passed over for want of a slot may be asked after).
        var last: [SourceID: Outcome] = [:]
        for attempt in attempts { last[attempt.source] = attempt.outcome }
        let asked = last.values.filter { ![.skippedNoKey, .skippedDisabled, .skippedListing].contains($0) }
        return !ok && asked.contains(.notFound) && asked.allSatisfy { $0 == .notFound || $0 == .noData }
    }

    /// Served with a bar for every trading day due.
    public var isComplete: Bool { ok && missing.isEmpty }

    /// The calendar the listing trades on.
    public var calendar: ListingCalendar { request.calendar }

    /// The source of each candle, in order: the serving one, or the one that filled its day.
    public var candleSources: [SourceID?] {
        guard !fills.isEmpty else { return Array(repeating: source, count: candles.count) }
        var filled: [TradingDate: SourceID] = [:]
        for fill in fills { for date in fill.dates { filled[date] = fill.source } }
        return candles.map { filled[$0.date] ?? source }
    }

    /// One sentence saying why no source served the ticker; nil on success.
    public var error: String? { failure?.message }

    /// Why the result holds no candles, one sentence for every renderer of a ticker (`show`,
    /// `chart`, `quality`): the failure (a cancellation included), no session in the range, or a
    /// source that served none; nil when it holds some.
    public var whyNoCandles: String? {
        guard candles.isEmpty else { return nil }
        if noSession { return notes.first ?? "no session in the range" }
        if let error { return error }
        guard let source else { return "no source served it" }
        return "\(source.rawValue) served no bars between \(from) and \(to)"
    }

    /// Cut short by a cancellation (Ctrl-C, a client gone): not served because the user
    /// cancelled before a source answered, or served only in part (the cached bars of a range
    /// whose other days were still being fetched), with the failure saying so.
    public var wasCancelled: Bool {
        failure?.kind == .cancelled || (!ok && attempts.contains { $0.outcome == .cancelled })
    }

    /// Served entirely from the local cache: no request was sent.
    public var isWhollyFromCache: Bool { ok && cached == candles.count && attempts.allSatisfy(\.fromCache) }

    /// Served after another source failed or had no room (sources without a key or switched
    /// off by configuration do not count).
    public var isFallback: Bool { ok && Self.fellBack(attempts) }

    /// Whether a source before the serving one (the last attempt) failed or had no room.
    static func fellBack(_ attempts: [Attempt]) -> Bool {
        attempts.dropLast().contains {
            $0.outcome.sentRequest || $0.outcome == .skippedRateLimit || $0.outcome == .skippedCircuitOpen
        }
    }

    public init(
        request: FetchRequest, source: SourceID? = nil, basis: PriceBasis? = nil, candles: [Candle] = [],
        attempts: [Attempt] = [], warnings: [String] = [], failure: FetchFailure? = nil, cached: Int = 0,
        simulated: Bool = false, elapsed: Duration = .zero
    ) {
        self.request = request
        self.source = source
        self.basis = basis
        self.candles = candles
        self.attempts = attempts
        self.warnings = warnings
        self.failure = failure
        self.cached = cached
        self.simulated = simulated
        self.elapsed = elapsed
    }

    /// A result for a plain range request; `error` makes it a failure of the `exhausted` kind.
    public init(
        ticker: String, from: TradingDate, to: TradingDate, source: SourceID? = nil, basis: PriceBasis? = nil,
        candles: [Candle] = [], attempts: [Attempt] = [], warnings: [String] = [], error: String? = nil,
        cached: Int = 0,
        simulated: Bool = false
    ) {
        self.init(
            request: FetchRequest(ticker: ticker, from: from, to: to), source: source, basis: basis, candles: candles,
            attempts: attempts, warnings: warnings,
            failure: error.map {
                FetchFailure(.exhausted(last: attempts.last?.source, outcome: attempts.last?.outcome), message: $0)
            },
            cached: cached, simulated: simulated)
    }
}

/// Days one source filled in a result another source served.
public struct Fill: Sendable, Equatable {
    public var source: SourceID
    public var dates: [TradingDate]
    /// The attempt that asked for them.
    public var attempt: Attempt

    public init(source: SourceID, dates: [TradingDate], attempt: Attempt) {
        self.source = source
        self.dates = dates
        self.attempt = attempt
    }
}
