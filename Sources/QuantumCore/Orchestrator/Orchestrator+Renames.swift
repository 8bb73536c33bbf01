import Foundation

extension Orchestrator {
    /// The symbol change that made `ticker` out of another symbol within a few days of `date`
    /// (where every source's series of it starts), with the sources that report it; nil when none
    /// does.
    func renamed(into ticker: String, near date: TradingDate) async -> LedgerEvent? {
        await symbolChanges(of: ticker, asking: true).first { event in
            guard case .symbolChange(let change) = event.action else { return false }
            return change.newSymbol.uppercased() == ticker && abs(change.date.days(to: date)) <= 5
        }
    }

    /// The latest symbol change that took `ticker` away (the listing trades under another symbol
    /// since), for a ticker no source knows, from the corporate actions kept in the cache alone:
    /// a mistyped ticker is not worth a request (it would take a slot a fetch may need); nil when
    /// none is kept.
    func renamedAway(from ticker: String) async -> LedgerEvent? {
        await symbolChanges(of: ticker, asking: false).last { event in
            guard case .symbolChange(let change) = event.action else { return false }
            return change.oldSymbol.uppercased() == ticker && change.newSymbol.uppercased() != ticker
        }
    }

    /// The symbol changes reported for `ticker` (to it or from it), oldest first, with their
    /// sources. Read from the corporate actions kept in the cache when they include symbol
    /// changes (an `actions` command keeps them), else, when `asking`, from the first source in
    /// priority order that has a feed for them and a slot now (never waited for: this only
    /// explains a result), then kept. One source's answer is taken: a rename is not an event
    /// vendors invent.
    private func symbolChanges(of ticker: String, asking: Bool) async -> [LedgerEvent] {
        var reports: [ActionReport]?
        if let cache {
            reports = await cache.actionReports(ticker, covering: [.symbolChanges], now: time.wallNow())
        }
        if reports == nil, asking, Self.cacheOnly == nil {
            let today = time.today()
            for configured in sources
            where configured.enabled && configured.endpoint.key != nil
                && configured.source.actionRequest(
                    .symbolChanges, ticker: ticker, context: RequestContext(endpoint: configured.endpoint, today: today)
                )
                    != nil
            {
                let read = await actions(ticker, only: [configured.id], feeds: [.symbolChanges], maxWait: .zero)
                guard read.reports.contains(where: { $0.feeds.contains(.symbolChanges) }) else { continue }
                if let cache {
                    await cache.keep(read.reports, ticker: ticker, feeds: [.symbolChanges], readAt: time.wallNow())
                }
                reports = read.reports
                break
            }
        }
        guard let reports else { return [] }
        return ActionLedger.merge(ticker: ticker, reports: reports).events.filter {
            if case .symbolChange = $0.action { true } else { false }
        }
    }

    /// What a failure for a ticker no source knows adds when it was renamed: "FB has traded as
    /// META since 2022-06-09 (a symbol change reported by fmp): fetch META".
    static func renamedAwayNote(_ event: LedgerEvent, ticker: String) -> String? {
        guard case .symbolChange(let change) = event.action else { return nil }
        return "\(ticker) has traded as \(change.newSymbol) since \(change.date) (a symbol change reported by "
            + "\(event.sources.map(\.rawValue).joined(separator: ", "))): fetch \(change.newSymbol)"
    }

    /// The note on the days before a renamed ticker's first bar (`days`, ascending): "META traded
    /// as FB before 2022-06-09 (a symbol change reported by fmp): the 110 earlier trading day(s)
    /// of the range are its history under FB, which no source gave as META; they stay missing
    /// (`fetch FB --from 2022-01-03 --to 2022-06-08` asks for them)".
    static func renameNote(_ event: LedgerEvent, ticker: String, days: [TradingDate]) -> String? {
        guard case .symbolChange(let change) = event.action, let first = days.first, let last = days.last else {
            return nil
        }
        return "\(ticker) traded as \(change.oldSymbol) before \(change.date) (a symbol change reported by "
            + "\(event.sources.map(\.rawValue).joined(separator: ", "))): the \(days.count) earlier trading day(s) of "
            + "the range are its history under \(change.oldSymbol), which no source gave as \(ticker); they stay "
            + "missing (`fetch \(change.oldSymbol) --from \(first) --to \(last)` asks for them)"
    }
}
