/// What a streamed batch keeps of one ticker once its candles are in the file: the source, basis,
/// row count, first and last date, attempts and cached count inline, and the rarer things
/// (warnings, notes, missing and filled days, the failure) boxed, so that a pull of tens of
/// thousands of tickers holds a few hundred bytes per ticker whatever the range.
public struct TickerSummary: Sendable {
    public var ticker: String
    public var source: SourceID?
    public var basis: PriceBasis?
    public var simulated: Bool
    /// Candles served (the rows of this ticker in the file).
    public var rows: Int
    public var first: TradingDate?
    public var last: TradingDate?
    /// Candles that came from the local cache.
    public var cached: Int
    /// Every source consulted, in order.
    public var attempts: [Attempt] { onlyAttempt.map { [$0] } ?? moreAttempts }
    public var elapsed: Duration
    /// Everything else a result said, nil when it said nothing more.
    public var details: Details?
    /// The one attempt of most tickers, kept inline (an array of one is an allocation per ticker).
    private var onlyAttempt: Attempt?
    private var moreAttempts: [Attempt]

    /// The parts of a result most tickers do not have.
    public final class Details: Sendable {
        public let warnings: [String]
        public let notes: [String]
        public let missing: [TradingDate]
        public let fills: [Fill]
        public let failure: FetchFailure?
        public let basisChange: BasisChange?
        public let noSession: Bool
        public let expectedThrough: TradingDate?

        init(_ r: FetchResult) {
            warnings = r.warnings
            notes = r.notes
            missing = r.missing
            fills = r.fills
            failure = r.failure
            basisChange = r.basisChange
            noSession = r.noSession
            expectedThrough = r.expectedThrough
        }
    }

    public init(_ r: FetchResult) {
        ticker = r.ticker
        source = r.source
        basis = r.basis
        simulated = r.simulated
        rows = r.ok ? r.candles.count : 0
        first = r.ok ? r.candles.first?.date : nil
        last = r.ok ? r.candles.last?.date : nil
        cached = r.cached
        onlyAttempt = r.attempts.count == 1 ? r.attempts[0] : nil
        moreAttempts = r.attempts.count == 1 ? [] : r.attempts
        elapsed = r.elapsed
        let plain =
            r.warnings.isEmpty && r.notes.isEmpty && r.missing.isEmpty && r.fills.isEmpty && r.failure == nil
            && r.basisChange == nil && !r.noSession
        details = plain ? nil : Details(r)
    }

    public var ok: Bool { source != nil || details?.noSession == true }
    public var error: String? { details?.failure?.message }
    public var missing: [TradingDate] { details?.missing ?? [] }
    public var isComplete: Bool { ok && missing.isEmpty }
    public var wasCancelled: Bool {
        !ok && (onlyAttempt?.outcome == .cancelled || moreAttempts.contains { $0.outcome == .cancelled })
    }

    /// The result again, with `candles` (read back from the file) in place of the rows; `request`
    /// is the batch's request for this ticker.
    public func result(request: FetchRequest, candles: [Candle]) -> FetchResult {
        var r = FetchResult(
            request: request, source: source, basis: basis, candles: candles, attempts: attempts,
            warnings: details?.warnings ?? [], failure: details?.failure, cached: cached, simulated: simulated,
            elapsed: elapsed)
        r.missing = missing
        r.fills = details?.fills ?? []
        r.notes = details?.notes ?? []
        r.basisChange = details?.basisChange
        r.noSession = details?.noSession ?? false
        r.expectedThrough = details?.expectedThrough
        return r
    }

    /// Served after another source failed or had no room (as `FetchResult.isFallback`).
    public var isFallback: Bool { ok && onlyAttempt == nil && FetchResult.fellBack(moreAttempts) }
}
