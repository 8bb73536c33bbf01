/// What one source reported for one ticker: its actions, or nothing because it was not asked or
/// did not answer (then it is held to nothing).
public struct ActionReport: Sendable, Codable {
    public var source: SourceID
    /// The feeds it answered; a source is held to report an event only in a feed it answered.
    public var feeds: Set<ActionFeed>
    public var actions: [CorporateAction]

    public init(source: SourceID, feeds: Set<ActionFeed>, actions: [CorporateAction]) {
        self.source = source
        self.feeds = feeds
        self.actions = actions
    }
}

/// One event of a ticker's ledger: the action as used, and the sources that report it so.
public struct LedgerEvent: Sendable, Equatable {
    public var action: CorporateAction
    /// In priority order.
    public var sources: [SourceID]
}

/// Sources that report one event differently, or not at all. Never resolved silently: the ledger
/// uses the version most sources report (a tie goes to the highest-priority source) and says so.
public struct ActionDisagreement: Sendable, Equatable, CustomStringConvertible {
    public var kind: CorporateAction.Kind
    /// The date of the version used, or of the lone report when none is used.
    public var date: TradingDate
    /// Each version and who reports it: `"4-for-1 on 2020-08-31: polygon, fmp"`.
    public var versions: [String]
    /// Sources that answered that feed and do not report the event at all.
    public var missingAt: [SourceID]
    /// The version the ledger uses, or nil when the event is left out.
    public var used: String?

    public var description: String {
        var text = "\(date) \(kind.label): " + versions.joined(separator: "; ")
        if !missingAt.isEmpty { text += "; not reported by " + missingAt.map(\.rawValue).joined(separator: ", ") }
        text += used.map { " (used: \($0))" } ?? " (not used)"
        return text
    }
}

/// A ticker's corporate actions merged across sources: every event with the sources that report
/// it, and every disagreement between them.
///
/// Reports of one event are matched within a few days of each other (a split 5 calendar days,
/// a dividend or a symbol change 3: Polygon's symbol-change dates are approximate, and weekly
/// dividends are 7 days apart). Within a match, versions differ by date, by ratio (beyond what a
/// four-decimal factor can be off), by amount (beyond 0.1 % or 0.0001, as EODHD's four-decimal
/// `unadjustedValue` can be), by currency, or by symbols.
public struct ActionLedger: Sendable, Equatable {
    public var ticker: String
    /// Oldest first; splits before dividends on one day.
    public var events: [LedgerEvent]
    public var disagreements: [ActionDisagreement]

    public init(ticker: String, events: [LedgerEvent], disagreements: [ActionDisagreement]) {
        self.ticker = ticker
        self.events = events
        self.disagreements = disagreements
    }

    /// The splits used, oldest first.
    public var splits: [Split] {
        events.compactMap { if case .split(let split) = $0.action { split } else { nil } }
    }

    /// The cash dividends used, oldest first.
    public var dividends: [CashDividend] {
        events.compactMap { if case .dividend(let dividend) = $0.action { dividend } else { nil } }
    }

    /// The symbol changes used, oldest first.
    public var symbolChanges: [SymbolChange] {
        events.compactMap { if case .symbolChange(let change) = $0.action { change } else { nil } }
    }

    /// Merges the reports, given in the sources' priority order.
    public static func merge(ticker: String, reports: [ActionReport]) -> ActionLedger {
        let priority = reports.map(\.source)
        var events: [LedgerEvent] = []
        var disagreements: [ActionDisagreement] = []
        for kind in CorporateAction.Kind.allCases {
            let feed = kind.feed
            let answering = reports.filter { $0.feeds.contains(feed) }.map(\.source)
            var sightings: [(source: SourceID, action: CorporateAction)] = []
            for report in reports {
                var seen = Set<CorporateAction>()
                for action in report.actions where action.kind == kind && seen.insert(action).inserted {
                    sightings.append((report.source, action))
                }
            }
            sightings.sort { $0.action.date < $1.action.date }
            for cluster in clusters(sightings, window: kind.window) {
                let (event, disagreement) = resolve(cluster, kind: kind, answering: answering, priority: priority)
                if let event { events.append(event) }
                if let disagreement { disagreements.append(disagreement) }
            }
        }
        events.sort { ($0.action.date, $0.action.kind) < ($1.action.date, $1.action.kind) }
        disagreements.sort { ($0.date, $0.kind) < ($1.date, $1.kind) }
        return ActionLedger(ticker: ticker, events: events, disagreements: disagreements)
    }

    /// Groups sightings (oldest first) that are one event: within `window` days of the group's
    /// first, at most one per source.
    private static func clusters(
        _ sightings: [(source: SourceID, action: CorporateAction)], window: Int
    ) -> [[(source: SourceID, action: CorporateAction)]] {
        var clusters: [[(source: SourceID, action: CorporateAction)]] = []
        for sighting in sightings {
            if let index = clusters.lastIndex(where: { cluster in
                cluster[0].action.date.days(to: sighting.action.date) <= window
                    && cluster.allSatisfy { $0.source != sighting.source } && cluster[0].action.matches(sighting.action)
            }) {
                clusters[index].append(sighting)
            } else {
                clusters.append([sighting])
            }
        }
        return clusters
    }

    private static func resolve(
        _ cluster: [(source: SourceID, action: CorporateAction)], kind: CorporateAction.Kind,
        answering: [SourceID], priority: [SourceID]
    ) -> (LedgerEvent?, ActionDisagreement?) {
        // Versions: sightings that agree on the date and the value.
        var versions: [(action: CorporateAction, sources: [SourceID])] = []
        for sighting in cluster {
            if let index = versions.firstIndex(where: { $0.action.agrees(with: sighting.action) }) {
                versions[index].sources.append(sighting.source)
                versions[index].action = versions[index].action.filled(from: sighting.action)
            } else {
                versions.append((sighting.action, [sighting.source]))
            }
        }
        func rank(_ source: SourceID) -> Int { priority.firstIndex(of: source) ?? priority.count }
        for index in versions.indices { versions[index].sources.sort { rank($0) < rank($1) } }
        versions.sort {
            ($0.sources.count, -rank($0.sources[0])) > ($1.sources.count, -rank($1.sources[0]))
        }
        let reporting = Set(cluster.map(\.source))
        let missing = answering.filter { !reporting.contains($0) }.sorted { rank($0) < rank($1) }
        let best = versions[0]
        // Used when more than half of the sources that answered report it this way. A tie against
        // silence keeps it (a vendor's gap is likelier than an invented event); a tie between two
        // versions goes to the one the highest-priority answering source reports.
        let answered = max(answering.count, 1)
        let firstAnswering = answering.min { rank($0) < rank($1) }
        let used =
            2 * best.sources.count > answered
            || 2 * best.sources.count == answered
                && (versions.count == 1 || firstAnswering.map(best.sources.contains) ?? true)
        let event = used ? LedgerEvent(action: best.action, sources: best.sources) : nil
        guard versions.count > 1 || !missing.isEmpty else { return (event, nil) }
        let disagreement = ActionDisagreement(
            kind: kind, date: best.action.date,
            versions: versions.map { "\($0.action.summary): " + $0.sources.map(\.rawValue).joined(separator: ", ") },
            missingAt: missing, used: used ? best.action.summary : nil)
        return (event, disagreement)
    }
}

extension CorporateAction.Kind {
    var feed: ActionFeed {
        switch self {
        case .split: .splits
        case .dividend: .dividends
        case .symbolChange: .symbolChanges
        }
    }

    /// How many calendar days apart two reports of one event may be dated.
    var window: Int { self == .split ? 5 : 3 }
}

extension CorporateAction {
    /// Whether two reports may be one event (same kind; a symbol change also the same symbols).
    func matches(_ other: CorporateAction) -> Bool {
        switch (self, other) {
        case (.split, .split), (.dividend, .dividend): true
        case (.symbolChange(let a), .symbolChange(let b)):
            a.oldSymbol.uppercased() == b.oldSymbol.uppercased() || a.newSymbol.uppercased() == b.newSymbol.uppercased()
        default: false
        }
    }

    /// Whether two reports of one event say the same thing: same date and, within rounding, same value.
    func agrees(with other: CorporateAction) -> Bool {
        guard date == other.date else { return false }
        switch (self, other) {
        case (.split(let a), .split(let b)):
            return a.ratio.agrees(with: b.ratio)
        case (.dividend(let a), .dividend(let b)):
            let currencies = [a.currency, b.currency].compactMap { $0?.uppercased() }
            return abs(a.amount - b.amount) <= max(0.0001, 0.001 * max(a.amount, b.amount))
                && Set(currencies).count <= 1
        case (.symbolChange(let a), .symbolChange(let b)):
            return a.oldSymbol.uppercased() == b.oldSymbol.uppercased()
                && a.newSymbol.uppercased() == b.newSymbol.uppercased()
        default:
            return false
        }
    }

    /// This report with what it leaves out (a dividend's currency, declaration, record and pay
    /// dates) taken from another report of the same version.
    func filled(from other: CorporateAction) -> CorporateAction {
        guard case .dividend(var mine) = self, case .dividend(let theirs) = other else { return self }
        mine.currency = mine.currency ?? theirs.currency
        mine.declarationDate = mine.declarationDate ?? theirs.declarationDate
        mine.recordDate = mine.recordDate ?? theirs.recordDate
        mine.payDate = mine.payDate ?? theirs.payDate
        return .dividend(mine)
    }

    /// `4-for-1 on 2020-08-31`, `0.24 USD ex 1999-05-06`, `FB → META on 2022-06-09`.
    public var summary: String {
        switch self {
        case .split(let split): "\(split.ratio) on \(split.date)"
        case .dividend(let dividend):
            "\(NumberText.shortest(dividend.amount))\(dividend.currency.map { " " + $0 } ?? "") ex \(dividend.exDate)"
        case .symbolChange(let change): "\(change.oldSymbol) → \(change.newSymbol) on \(change.date)"
        }
    }
}
