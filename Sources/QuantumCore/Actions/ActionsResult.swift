/// One request of an actions fetch: which feed of which source, and how it went.
public struct ActionAttempt: Sendable, Equatable {
    public var feed: ActionFeed
    public var attempt: Attempt

    public init(feed: ActionFeed, attempt: Attempt) {
        self.feed = feed
        self.attempt = attempt
    }
}

/// A ticker's corporate actions as every source asked reported them, merged into one ledger.
public struct ActionsResult: Sendable {
    public var ticker: String
    /// The events (all of them: a basis needs every later one) and the disagreements.
    public var ledger: ActionLedger
    /// Every request, in priority order of the sources, feeds in order.
    public var attempts: [ActionAttempt]
    /// What the sources said besides their actions (a spin-off booked as a split, rows skipped).
    public var warnings: [String]
    /// Set when no source answered the split or the dividend feed (there is no ledger to trust),
    /// or when the fetch was cancelled before every source answered (the events lack a report).
    public var failure: FetchFailure?
    public var simulated: Bool
    /// What each source reported, as merged into `ledger` (what the cache keeps).
    var reports: [ActionReport] = []

    /// The sources whose split and dividend feeds both answered.
    public var answered: [SourceID] { answered([.splits, .dividends]) }

    /// The sources whose `feeds` all answered.
    func answered(_ feeds: Set<ActionFeed>) -> [SourceID] {
        var seen: [SourceID] = []
        for attempt in attempts where !seen.contains(attempt.attempt.source) {
            let own = attempts.filter { $0.attempt.source == attempt.attempt.source }
            if feeds.allSatisfy({ feed in
                own.contains { $0.feed == feed && $0.attempt.outcome == .ok }
            }) {
                seen.append(attempt.attempt.source)
            }
        }
        return seen
    }

    /// The events dated within the range (all of them when unbounded).
    public func events(from: TradingDate?, to: TradingDate?) -> [LedgerEvent] {
        ledger.events.filter { event in
            (from.map { event.action.date >= $0 } ?? true) && (to.map { event.action.date <= $0 } ?? true)
        }
    }
}

extension ActionsResult {
    /// The ledger merged from reports kept in the cache (no request was sent).
    init(kept reports: [ActionReport], ticker: String, simulated: Bool) {
        self.init(
            ticker: ticker, ledger: ActionLedger.merge(ticker: ticker, reports: reports), attempts: [], warnings: [],
            failure: nil, simulated: simulated)
        self.reports = reports
    }
}

extension ActionsResult {
    /// Said when the ledger is empty and some sources said they do not know the ticker: the
    /// others' "no events" may mean the same (a vendor answers a filter for a symbol it does not
    /// know with nothing), so an empty ledger is not shown as a ticker with no corporate actions
    /// without that doubt. Nil otherwise.
    var unknownTickerDoubt: String? {
        guard failure == nil, ledger.events.isEmpty else { return nil }
        let priced = attempts.filter { $0.feed != .symbolChanges }
        var unknown: [String] = []
        for attempt in priced where attempt.attempt.outcome == .notFound {
            if !unknown.contains(attempt.attempt.source.rawValue) { unknown.append(attempt.attempt.source.rawValue) }
        }
        let empty = answered([.splits, .dividends]).map(\.rawValue).filter { !unknown.contains($0) }
        guard !unknown.isEmpty, !empty.isEmpty else { return nil }
        return "\(Self.listed(unknown)) \(unknown.count == 1 ? "does" : "do") not know \(ticker), and "
            + "\(Self.listed(empty)) reported no events — which a vendor also answers for a symbol it does not "
            + "know: check the symbol (`fetch \(ticker)` says whether any source has its bars)"
    }

    private static func listed(_ names: [String]) -> String {
        guard let last = names.last, names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " and " + last
    }
}
