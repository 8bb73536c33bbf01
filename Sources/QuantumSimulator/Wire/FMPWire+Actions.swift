import QuantumCore

/// FMP's corporate actions: `/stable/splits?symbol=` and `/stable/dividends?symbol=` (the whole
/// history, newest first; `[]` for a symbol it does not list) and `/stable/symbol-change` (every
/// rename, newest first). `limit` keeps the newest rows.
extension FMPWire {
    static let actionPaths: Set<String> = ["/stable/splits", "/stable/dividends", "/stable/symbol-change"]

    func serveActions(_ request: ServerRequest, market: Market) -> ServerResponse {
        let limit = request.query("limit").flatMap { Int($0) }.map { max(0, $0) } ?? Int.max
        if request.path == "/stable/symbol-change" {
            let rows = market.renames.reversed().filter { market.lists($0.change.newSymbol, at: .fmp) }.map { rename in
                ActionText.object([
                    ("date", ActionText.quoted(rename.change.date.description)),
                    ("companyName", ActionText.quoted(rename.company)),
                    ("oldSymbol", ActionText.quoted(rename.change.oldSymbol)),
                    ("newSymbol", ActionText.quoted(rename.change.newSymbol)),
                ])
            }
            return Self.json(200, "[" + rows.prefix(limit).joined(separator: ",") + "]")
        }
        guard let symbol = request.query("symbol"), !symbol.isEmpty else {
            return Self.json(400, #"{"Error Message":"Invalid or missing query parameter - symbol"}"#)
        }
        let ticker = Market.canonical(symbol)
        guard market.lists(ticker, at: .fmp) else { return Self.json(200, "[]") }
        let rows: [String]
        if request.path == "/stable/splits" {
            rows = market.splits(ticker).reversed().map { split in
                ActionText.object([
                    ("symbol", ActionText.quoted(symbol)),
                    ("date", ActionText.quoted(split.date.description)),
                    ("numerator", WireNumber.plain(split.ratio.new)),
                    ("denominator", WireNumber.plain(split.ratio.old)),
                    ("splitType", ActionText.quoted("stock-split")),
                ])
            }
        } else {
            rows = market.dividendRecords(ticker).reversed().map { record in
                let dividend = record.dividend
                // Missing dates are "", the yield a percentage of the close before the ex-date, annualised.
                func date(_ day: TradingDate?) -> String { ActionText.quoted(day?.description ?? "") }
                return ActionText.object([
                    ("symbol", ActionText.quoted(symbol)),
                    ("date", date(dividend.exDate)),
                    ("recordDate", date(dividend.recordDate)),
                    ("paymentDate", date(dividend.payDate)),
                    ("declarationDate", date(dividend.declarationDate)),
                    ("adjDividend", WireNumber.plain(ActionText.rounded(record.splitAdjustedAmount, 6))),
                    ("dividend", WireNumber.plain(dividend.amount)),
                    ("yield", WireNumber.plain(dividend.amount * 4 / record.closeBefore * 100)),
                    ("frequency", ActionText.quoted("Quarterly")),
                ])
            }
        }
        return Self.json(200, "[" + rows.prefix(limit).joined(separator: ",") + "]")
    }
}
