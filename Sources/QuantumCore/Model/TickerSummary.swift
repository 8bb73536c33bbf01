/// What a streamed batch keeps of one ticker once its candles are in the file: the source, basis,
/// row count, first and last date, cached count and (for most tickers) its one attempt, packed
/// into 64 bytes; the rarer things (several attempts, an attempt's message, warnings, notes,
/// missing and filled days, the failure) are boxed in `details`. A pull of 20,000 tickers holds
/// about 1.3 MB of summaries whatever the range.
public struct TickerSummary: Sendable {
    public let ticker: String
    private let elapsedNanoseconds: Int64
    private let rowCount: Int32
    private let cachedCount: Int32
    /// Days since 1970-01-01 of the first and last candle; `noDay` when there is none.
    private let firstDay: Int32
    private let lastDay: Int32
    /// Everything else a result said, nil when it said nothing more.
    public let details: Details?
    private let attemptMilliseconds: Int32
    /// HTTP status of the inline attempt + 1 (0: no response).
    private let attemptStatus: UInt16
    private let sourceCode: UInt8
    private let basisCode: UInt8
    private let attemptSourceCode: UInt8
    /// `noCode` when the attempts are in `details` (several, or one with a message).
    private let attemptOutcomeCode: UInt8
    private let flags: UInt8

    private static let noCode = UInt8.max
    private static let noDay = Int32.min
    private static let simulatedFlag: UInt8 = 1
    private static let fromCacheFlag: UInt8 = 2

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
        /// The corporate actions the basis was computed with (each row's factor is in the file).
        public let adjustmentEvents: [LedgerEvent]
        /// The attempts when they are not the one inline attempt.
        let attempts: [Attempt]

        init(_ r: FetchResult, attempts: [Attempt]) {
            warnings = r.warnings
            notes = r.notes
            missing = r.missing
            fills = r.fills
            failure = r.failure
            basisChange = r.basisChange
            noSession = r.noSession
            expectedThrough = r.expectedThrough
            adjustmentEvents = r.adjustment?.events ?? []
            self.attempts = attempts
        }
    }

    public init(_ r: FetchResult) {
        ticker = r.ticker
        let served = r.ok ? r.candles : []
        rowCount = Int32(clamping: served.count)
        cachedCount = Int32(clamping: r.cached)
        firstDay = served.first?.date.daysSinceEpoch ?? Self.noDay
        lastDay = served.last?.date.daysSinceEpoch ?? Self.noDay
        let (seconds, attoseconds) = r.elapsed.components
        elapsedNanoseconds = seconds &* 1_000_000_000 &+ attoseconds / 1_000_000_000
        sourceCode = Self.code(r.source)
        basisCode = r.basis.flatMap { PriceBasis.allCases.firstIndex(of: $0) }.map(UInt8.init) ?? Self.noCode
        let only = r.attempts.count == 1 ? r.attempts[0] : nil
        let inline = only.flatMap(Self.packable)
        attemptSourceCode = Self.code(inline?.source)
        attemptOutcomeCode =
            inline.flatMap { Outcome.allCases.firstIndex(of: $0.outcome) }.map(UInt8.init) ?? Self.noCode
        attemptStatus = inline?.status.map { UInt16($0 + 1) } ?? 0
        attemptMilliseconds = Int32(clamping: inline?.milliseconds ?? 0)
        flags = (r.simulated ? Self.simulatedFlag : 0) | (inline?.fromCache == true ? Self.fromCacheFlag : 0)
        let plain =
            r.warnings.isEmpty && r.notes.isEmpty && r.missing.isEmpty && r.fills.isEmpty && r.failure == nil
            && r.basisChange == nil && !r.noSession && (r.adjustment?.events.isEmpty ?? true)
        details = plain && inline != nil ? nil : Details(r, attempts: inline == nil ? r.attempts : [])
    }

    /// The attempt when it fits inline: no message, a status and a duration of ordinary size.
    private static func packable(_ a: Attempt) -> Attempt? {
        guard a.message == nil, (a.status ?? 0) >= 0, (a.status ?? 0) < Int(UInt16.max),
            a.milliseconds >= 0, a.milliseconds <= Int(Int32.max)
        else { return nil }
        return a
    }

    private static func code(_ source: SourceID?) -> UInt8 {
        source.flatMap { ProviderRegistry.ids.firstIndex(of: $0) }.map(UInt8.init) ?? noCode
    }

    private static func source(_ code: UInt8) -> SourceID? {
        code == noCode ? nil : ProviderRegistry.ids[Int(code)]
    }

    private static func day(_ days: Int32) -> TradingDate? {
        days == noDay ? nil : TradingDate(daysSinceEpoch: days)
    }

    public var source: SourceID? { Self.source(sourceCode) }
    public var basis: PriceBasis? { basisCode == Self.noCode ? nil : PriceBasis.allCases[Int(basisCode)] }
    public var simulated: Bool { flags & Self.simulatedFlag != 0 }
    /// Candles served (the rows of this ticker in the file).
    public var rows: Int { Int(rowCount) }
    public var first: TradingDate? { Self.day(firstDay) }
    public var last: TradingDate? { Self.day(lastDay) }
    /// Candles that came from the local cache.
    public var cached: Int { Int(cachedCount) }
    public var elapsed: Duration { .nanoseconds(elapsedNanoseconds) }

    /// Every source consulted, in order.
    public var attempts: [Attempt] {
        guard attemptOutcomeCode != Self.noCode, let source = Self.source(attemptSourceCode) else {
            return details?.attempts ?? []
        }
        var attempt = Attempt(
            source: source, outcome: Outcome.allCases[Int(attemptOutcomeCode)],
            status: attemptStatus == 0 ? nil : Int(attemptStatus) - 1, milliseconds: Int(attemptMilliseconds))
        attempt.fromCache = flags & Self.fromCacheFlag != 0
        return [attempt]
    }

    public var ok: Bool { source != nil || details?.noSession == true }
    public var error: String? { details?.failure?.message }
    public var missing: [TradingDate] { details?.missing ?? [] }
    public var isComplete: Bool { ok && missing.isEmpty }
    public var wasCancelled: Bool {
        details?.failure?.kind == .cancelled || (!ok && attempts.contains { $0.outcome == .cancelled })
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
    public var isFallback: Bool { ok && attemptOutcomeCode == Self.noCode && FetchResult.fellBack(attempts) }
}
