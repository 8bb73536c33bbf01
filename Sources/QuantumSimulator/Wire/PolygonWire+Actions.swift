import Foundation
import QuantumCore

/// Polygon's corporate actions: `/stocks/v1/splits` and `/stocks/v1/dividends` (one `ticker`'s
/// rows by date as `sort` asks, pages of `limit` linked by `next_url`; none for a ticker it does
/// not list) and `/vX/reference/tickers/{T}/events` (the symbols a listing traded under, newest
/// first; 404 for a ticker it does not list).
extension PolygonWire {
    static let splitsPath = "/stocks/v1/splits"
    static let dividendsPath = "/stocks/v1/dividends"

    static func isEvents(_ path: String) -> Bool {
        path.hasPrefix("/vX/reference/tickers/") && path.hasSuffix("/events")
    }

    /// Whether the request is for one of the corporate-action endpoints.
    static func isActions(_ path: String) -> Bool {
        path == splitsPath || path == dividendsPath || isEvents(path)
    }

    func serveActions(_ request: ServerRequest, market: Market, baseURL: String) -> ServerResponse {
        if Self.isEvents(request.path) { return events(request, market: market) }
        guard let symbol = request.query("ticker"), !symbol.isEmpty else {
            return Self.json(
                400,
                #"{"status":"ERROR","request_id":"\#(Self.requestID(request))","#
                    + #""error":"Only queries for one ticker (ticker=) are simulated."}"#
            )
        }
        let ticker = Market.canonical(symbol)
        let splits = request.path == Self.splitsPath
        var rows: [String] = []
        if market.lists(ticker, at: .polygon) {
            rows = splits ? splitRows(ticker, market: market) : dividendRows(ticker, market: market)
        }
        // Oldest first unless the first sort key is descending (the splits' default).
        let sort = request.query("sort") ?? (splits ? "execution_date.desc" : "ticker.asc")
        if sort.split(separator: ",").first?.hasSuffix(".desc") == true { rows.reverse() }
        let limit = min(max(1, Int(request.query("limit") ?? "") ?? 100), 5000)
        let offset = request.query("cursor").flatMap { Int($0.dropFirst(2)) } ?? 0  // cursor "o=N"
        let page = rows.dropFirst(offset).prefix(limit)
        var body = #"{"request_id":"\#(Self.requestID(request))","results":["# + page.joined(separator: ",") + "]"
        if offset + page.count < rows.count {
            let items =
                request.query.filter { $0.name != "apiKey" && $0.name != "cursor" } + [
                    ("cursor", "o=\(offset + page.count)")
                ]
            let query = items.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
            body += #","next_url":"\#(baseURL)\#(request.path)?\#(query)""#
        }
        return Self.json(200, body + #","status":"OK"}"#)
    }

    /// Oldest first; each with the factor prices before it are multiplied by (it and every later split).
    private func splitRows(_ ticker: String, market: Market) -> [String] {
        let splits = market.splits(ticker)
        return splits.indices.map { i in
            let split = splits[i]
            let factor = splits[i...].reduce(1.0) { $0 / $1.ratio.value }
            return ActionText.object([
                ("adjustment_type", ActionText.quoted(split.ratio.isReverse ? "reverse_split" : "forward_split")),
                ("execution_date", ActionText.quoted(split.date.description)),
                ("historical_adjustment_factor", WireNumber.double(ActionText.rounded(factor, 6))),
                ("id", ActionText.quoted("E" + ActionText.hexID("\(ticker) split \(split.date)"))),
                ("split_from", WireNumber.plain(split.ratio.old)),
                ("split_to", WireNumber.plain(split.ratio.new)),
                ("ticker", ActionText.quoted(ticker)),
            ])
        }
    }

    /// Oldest first; amounts as declared, with the dividend factor of the prices before each.
    private func dividendRows(_ ticker: String, market: Market) -> [String] {
        market.dividendRecords(ticker).map { record in
            let dividend = record.dividend
            return ActionText.object([
                ("cash_amount", WireNumber.plain(dividend.amount)),
                ("currency", dividend.currency.map(ActionText.quoted)),
                ("declaration_date", dividend.declarationDate.map { ActionText.quoted($0.description) }),
                ("distribution_type", ActionText.quoted("recurring")),
                ("ex_dividend_date", ActionText.quoted(dividend.exDate.description)),
                ("frequency", "4"),
                ("historical_adjustment_factor", WireNumber.double(ActionText.rounded(record.factorBefore, 6))),
                ("id", ActionText.quoted("E" + ActionText.hexID("\(ticker) dividend \(dividend.exDate)"))),
                ("pay_date", dividend.payDate.map { ActionText.quoted($0.description) }),
                ("record_date", dividend.recordDate.map { ActionText.quoted($0.description) }),
                ("split_adjusted_cash_amount", WireNumber.plain(ActionText.rounded(record.splitAdjustedAmount, 6))),
                ("ticker", ActionText.quoted(ticker)),
            ])
        }
    }

    /// The symbols the listing traded under, newest first, each from its first session.
    private func events(_ request: ServerRequest, market: Market) -> ServerResponse {
        let id = request.path.dropFirst("/vX/reference/tickers/".count).dropLast("/events".count)
        let ticker = Market.canonical(String(id).removingPercentEncoding ?? "")
        guard market.lists(ticker, at: .polygon), let history = market.symbolHistory(ticker) else {
            return notFound(request)
        }
        let types = request.query("types")?.split(separator: ",").map(String.init) ?? ["ticker_change"]
        let events =
            types.contains("ticker_change")
            ? history.map {
                #"{"ticker_change":{"ticker":"\#($0.symbol)"},"type":"ticker_change","date":"\#($0.date)"}"#
            }
            : []
        let name = market.renames.last { $0.change.newSymbol == ticker }.map { ActionText.quoted($0.company) }
        let results = ActionText.object([("name", name), ("events", "[" + events.joined(separator: ",") + "]")])
        return Self.json(200, #"{"results":\#(results),"status":"OK","request_id":"\#(Self.requestID(request))"}"#)
    }

    /// An empty answer of a corporate-action endpoint.
    func emptyActions(_ request: ServerRequest) -> ServerResponse {
        let id = Self.requestID(request)
        if Self.isEvents(request.path) {
            return Self.json(200, #"{"results":{"events":[]},"status":"OK","request_id":"\#(id)"}"#)
        }
        return Self.json(200, #"{"request_id":"\#(id)","results":[],"status":"OK"}"#)
    }
}
