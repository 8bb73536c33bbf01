extension ResultJSON {
    /// The members of an actions result (`actions`, `GET /v1/actions/{ticker}`): `ticker`, `from`,
    /// `to` (null when unbounded), `events` (oldest first, within the range), `disagreements`,
    /// `attempts` (one per source and feed), `warnings`, `simulated`, `error`.
    ///
    /// An event: `kind` (`split`, `dividend`, `symbol_change`), `date` (a split's first session on
    /// the new basis, a dividend's ex-date, a symbol change's effective date), `sources`; a split
    /// adds `ratio` (new shares per old share: 4 for 4-for-1, 0.1 for 1-for-10) and `ratio_text`;
    /// a dividend `amount` (per share, as declared on that date) and `currency` (null when the
    /// provider does not say), `declaration_date`, `record_date`, `pay_date` (null when not
    /// given); a symbol change `old_symbol` and `new_symbol`.
    public static func actions(_ result: ActionsResult, from: TradingDate?, to: TradingDate?) -> [(String, String)] {
        let disagreements = result.ledger.disagreements.filter { item in
            (from.map { item.date >= $0 } ?? true) && (to.map { item.date <= $0 } ?? true)
        }
        return [
            ("ticker", JSONWriter.string(result.ticker)),
            ("from", JSONWriter.optional(from?.description)),
            ("to", JSONWriter.optional(to?.description)),
            ("events", JSONWriter.array(result.events(from: from, to: to).map(event))),
            ("disagreements", JSONWriter.array(disagreements.map(disagreement))),
            (
                "attempts",
                JSONWriter.array(
                    result.attempts.map { item in
                        JSONWriter.object([
                            ("source", JSONWriter.string(item.attempt.source.rawValue)),
                            ("feed", JSONWriter.string(item.feed.rawValue)),
                            ("outcome", JSONWriter.string(item.attempt.outcome.rawValue)),
                            ("status", JSONWriter.optional(item.attempt.status)),
                            ("message", JSONWriter.optional(item.attempt.message)),
                            ("ms", String(item.attempt.milliseconds)),
                        ])
                    })
            ),
            ("warnings", JSONWriter.array(result.warnings.map(JSONWriter.string))),
            ("simulated", String(result.simulated)),
            ("error", JSONWriter.optional(result.failure?.message)),
        ]
    }

    static func event(_ event: LedgerEvent) -> String {
        var members: [(String, String)] = [
            ("kind", JSONWriter.string(event.action.kind.rawValue)),
            ("date", JSONWriter.string(event.action.date.description)),
        ]
        switch event.action {
        case .split(let split):
            members += [
                ("ratio", JSONWriter.number(split.ratio.value)),
                ("ratio_text", JSONWriter.string(split.ratio.description)),
            ]
        case .dividend(let dividend):
            members += [
                ("amount", JSONWriter.number(dividend.amount)),
                ("currency", JSONWriter.optional(dividend.currency)),
                ("declaration_date", JSONWriter.optional(dividend.declarationDate?.description)),
                ("record_date", JSONWriter.optional(dividend.recordDate?.description)),
                ("pay_date", JSONWriter.optional(dividend.payDate?.description)),
            ]
        case .symbolChange(let change):
            members += [
                ("old_symbol", JSONWriter.string(change.oldSymbol)),
                ("new_symbol", JSONWriter.string(change.newSymbol)),
            ]
        }
        members.append(("sources", JSONWriter.array(event.sources.map { JSONWriter.string($0.rawValue) })))
        return JSONWriter.object(members)
    }

    static func disagreement(_ item: ActionDisagreement) -> String {
        JSONWriter.object([
            ("kind", JSONWriter.string(item.kind.rawValue)),
            ("date", JSONWriter.string(item.date.description)),
            ("versions", JSONWriter.array(item.versions.map(JSONWriter.string))),
            ("missing_at", JSONWriter.array(item.missingAt.map { JSONWriter.string($0.rawValue) })),
            ("used", JSONWriter.optional(item.used)),
            ("text", JSONWriter.string(item.description)),
        ])
    }
}
