import QuantumCore

/// EODHD's corporate actions: `/api/splits/{T}.{EX}` and `/api/div/{T}.{EX}` (oldest first, within
/// `from`/`to`; a dividend's `value` on today's share basis, `unadjustedValue` as declared; the 404
/// page for a symbol it does not list) and `/api/symbol-change-history` (US renames from
/// 2022-07-22, when its history starts, within `from`/`to`).
extension EODHDWire {
    static let splitsPrefix = "/api/splits/"
    static let dividendsPrefix = "/api/div/"
    static let symbolChangesPath = "/api/symbol-change-history"
    /// The first day of EODHD's symbol-change history.
    static let symbolChangesStart = TradingDate("2022-07-22")!

    /// Whether the request is for one of the corporate-action endpoints.
    static func isActions(_ path: String) -> Bool {
        path.hasPrefix(splitsPrefix) || path.hasPrefix(dividendsPrefix) || path == symbolChangesPath
    }

    func serveActions(_ request: ServerRequest, market: Market) -> ServerResponse {
        let from = Self.date(request, "from"), to = Self.date(request, "to")
        func within(_ day: TradingDate) -> Bool { day >= (from ?? day) && day <= (to ?? day) }
        if request.path == Self.symbolChangesPath {
            let rows = market.renames.filter {
                $0.change.date >= Self.symbolChangesStart && within($0.change.date)
                    && market.lists($0.change.newSymbol, at: .eodhd)
            }.map { rename in
                ActionText.object([
                    ("exchange", ActionText.quoted("US")),
                    ("old_symbol", ActionText.quoted(rename.change.oldSymbol)),
                    ("new_symbol", ActionText.quoted(rename.change.newSymbol)),
                    ("company_name", ActionText.quoted(rename.company)),
                    ("effective", ActionText.quoted(rename.change.date.description)),
                ])
            }
            return Self.json(200, "[" + rows.joined(separator: ",") + "]")
        }
        let splits = request.path.hasPrefix(Self.splitsPrefix)
        let symbol = request.path.dropFirst((splits ? Self.splitsPrefix : Self.dividendsPrefix).count)
        guard let ticker = Self.ticker(symbol, market: market) else { return notFound(request) }
        let rows: [String]
        if splits {
            rows = market.splits(ticker).filter { within($0.date) }.map { split in
                let ratio = ActionText.fixed(split.ratio.new, 6) + "/" + ActionText.fixed(split.ratio.old, 6)
                return ActionText.object([
                    ("date", ActionText.quoted(split.date.description)), ("split", ActionText.quoted(ratio)),
                ])
            }
        } else {
            rows = market.dividendRecords(ticker).filter { within($0.dividend.exDate) }.map { record in
                let dividend = record.dividend
                return ActionText.object([
                    ("date", ActionText.quoted(dividend.exDate.description)),
                    ("declarationDate", dividend.declarationDate.map { ActionText.quoted($0.description) }),
                    ("recordDate", dividend.recordDate.map { ActionText.quoted($0.description) }),
                    ("paymentDate", dividend.payDate.map { ActionText.quoted($0.description) }),
                    ("period", ActionText.quoted("Quarterly")),
                    ("value", WireNumber.plain(ActionText.rounded(record.splitAdjustedAmount, 4))),
                    ("unadjustedValue", WireNumber.plain(dividend.amount)),
                    ("currency", dividend.currency.map(ActionText.quoted)),
                ])
            }
        }
        return Self.json(200, "[" + rows.joined(separator: ",") + "]")
    }
}
