import Foundation
import QuantumCore

/// `/api/eod/{TICKER}.{EXCHANGE}`: ascending bars with raw OHLC, `adjusted_close` for splits and
/// dividends, integer-valued prices written as integers; a 404 page that echoes the request
/// (corporate actions: `EODHDWire+Actions.swift`).
struct EODHDWire: ProviderWire {
    let id = SourceID.eodhd

    func matches(_ request: ServerRequest) -> Bool {
        request.path.hasPrefix("/api/eod/") || Self.isActions(request.path)
    }

    func key(of request: ServerRequest) -> String? { request.query("api_token") }

    /// The market's ticker for a symbol in a path (`AAPL.US`, `BRK-B.US`, `BHP.AU`), when EODHD lists it.
    static func ticker(_ pathSymbol: Substring, market: Market) -> String? {
        let symbol = String(pathSymbol).removingPercentEncoding ?? ""
        guard let dot = symbol.lastIndex(of: ".") else { return nil }
        let exchange = symbol[symbol.index(after: dot)...]
        let ticker = exchange == "US" ? Market.canonical(symbol) : symbol
        guard market.lists(ticker, at: .eodhd), exchange == "US" || Universe.international.contains(ticker) else {
            return nil
        }
        return ticker
    }

    func serve(_ request: ServerRequest, market: Market, baseURL: String) -> ServerResponse {
        if Self.isActions(request.path) { return serveActions(request, market: market) }
        guard let ticker = Self.ticker(request.path.dropFirst("/api/eod/".count), market: market) else {
            return notFound(request)
        }
        let from = Self.date(request, "from") ?? TradingDate("1990-01-01")!
        let to = Self.date(request, "to") ?? market.today
        var candles = market.candles(ticker, from: from, to: to, basis: .splitDividend)
        if request.query("order") == "d" { candles.reverse() }
        if request.query("fmt") != "json" {
            let rows = candles.map { c in
                "\(c.date),\(WireNumber.plain(c.open)),\(WireNumber.plain(c.high)),\(WireNumber.plain(c.low))"
                    + ",\(WireNumber.plain(c.close)),\(WireNumber.plain(c.adjustedClose ?? c.close)),\(WireNumber.plain(c.volume))"
            }
            return ServerResponse(
                status: 200, contentType: "text/csv",
                (["Date,Open,High,Low,Close,Adjusted_close,Volume"] + rows).joined(separator: "\n") + "\n")
        }
        let rows = candles.map { c in
            #"{"date":"\#(c.date)","open":\#(WireNumber.plain(c.open)),"high":\#(WireNumber.plain(c.high)),"#
                + #""low":\#(WireNumber.plain(c.low)),"close":\#(WireNumber.plain(c.close)),"#
                + #""adjusted_close":\#(WireNumber.plain(c.adjustedClose ?? c.close)),"volume":\#(WireNumber.plain(c.volume))}"#
        }
        return Self.json(200, "[" + rows.joined(separator: ",") + "]", headers: [("X-Ratelimit-Limit", "100000")])
    }

    func missingKey(_ request: ServerRequest) -> ServerResponse {
        ServerResponse(status: 401, contentType: "text/html; charset=UTF-8", "Unauthenticated")
    }

    func rateLimited(_ request: ServerRequest, retryAfter seconds: Int) -> ServerResponse {
        Self.json(
            429, #"{"error":"API rate limit exceeded"}"#,
            headers: [("Retry-After", String(max(1, seconds))), ("X-RateLimit-Remaining", "0")])
    }

    func authFailed(_ request: ServerRequest) -> ServerResponse { missingKey(request) }

    /// The real page echoes the request URL, token included; so does ours, to prove nobody shows it.
    func notFound(_ request: ServerRequest) -> ServerResponse {
        let url = request.path + "?" + request.query.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
        return ServerResponse(
            status: 404, contentType: "text/html; charset=UTF-8",
            "<!DOCTYPE html><html><head><title>Not Found</title></head><body><h1>Not Found</h1><p>The requested "
                + "URL \(url) was not found on this server.</p></body></html>"
        )
    }

    func empty(_ request: ServerRequest) -> ServerResponse { Self.json(200, "[]") }

    func premium(_ request: ServerRequest) -> ServerResponse {
        ServerResponse(status: 403, contentType: "text/html; charset=UTF-8", "Only EOD data allowed for free users")
    }
}
