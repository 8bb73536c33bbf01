import Foundation
import QuantumCore

/// `/v2/aggs/ticker/{T}/range/1/day/{from}/{to}`: bars stamped at 00:00 New York, pages of at
/// most `limit` bars linked by `next_url`, `results` left out of an empty answer (corporate
/// actions: `PolygonWire+Actions.swift`).
struct PolygonWire: ProviderWire {
    let id = SourceID.polygon
    /// Bars per page at most; below it the request's `limit` decides (Polygon's default is 5000).
    var pageSize = 50_000

    func matches(_ request: ServerRequest) -> Bool {
        request.path.hasPrefix("/v2/aggs/ticker/") || Self.isActions(request.path)
    }

    func key(of request: ServerRequest) -> String? { request.query("apiKey") }

    func serve(_ request: ServerRequest, market: Market, baseURL: String) -> ServerResponse {
        if Self.isActions(request.path) { return serveActions(request, market: market, baseURL: baseURL) }
        let parts = request.path.split(separator: "/").map(String.init)  // v2 aggs ticker T range 1 day from to
        guard parts.count == 9, parts[4] == "range", parts[5] == "1", parts[6] == "day" else {
            return Self.json(
                400,
                #"{"status":"ERROR","request_id":"\#(Self.requestID(request))","error":"Only 1/day ranges are simulated."}"#
            )
        }
        guard let from = Self.bound(parts[7]), let to = Self.bound(parts[8]) else {
            return Self.json(
                400,
                #"{"status":"ERROR","request_id":"\#(Self.requestID(request))","error":"Could not parse the time "#
                    + #"parameter: 'from'. Use YYYY-MM-DD or Unix MS Timestamps"}"#
            )
        }
        let ticker = Market.canonical(parts[3])
        let adjusted = request.query("adjusted")?.lowercased() != "false"
        var candles =
            market.lists(ticker, at: .polygon)
            ? market.candles(ticker, from: from, to: to, basis: adjusted ? .split : .raw) : []
        if request.query("sort") == "desc" { candles.reverse() }
        let limit = min(max(1, Int(request.query("limit") ?? "") ?? 5000), 50_000, pageSize)
        let offset = request.query("cursor").flatMap { Int($0.dropFirst(2)) } ?? 0  // cursor "o=N"
        let page = candles.dropFirst(offset).prefix(limit)
        var body =
            #"{"ticker":"\#(parts[3])","queryCount":\#(candles.count),"resultsCount":\#(page.count),"adjusted":\#(adjusted)"#
        if !page.isEmpty {
            body += #","results":["# + page.map(bar).joined(separator: ",") + "]"
        }
        body += #","status":"OK","request_id":"\#(Self.requestID(request))","count":\#(page.count)"#
        if offset + page.count < candles.count {
            let items =
                request.query.filter { $0.name != "apiKey" && $0.name != "cursor" } + [
                    ("cursor", "o=\(offset + page.count)")
                ]
            let query = items.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
            body += #","next_url":"\#(baseURL)\#(request.path)?\#(query)""#
        }
        return Self.json(200, body + "}")
    }

    private func bar(_ c: Candle) -> String {
        let t = NewYorkTime.midnightEpochMilliseconds(c.date)
        var text = #"{"v":\#(WireNumber.double(c.volume))"#
        if let vw = c.vwap { text += #","vw":\#(WireNumber.double(vw))"# }
        text +=
            #","o":\#(WireNumber.double(c.open)),"c":\#(WireNumber.double(c.close)),"h":\#(WireNumber.double(c.high)),"#
            + #""l":\#(WireNumber.double(c.low)),"t":\#(t)"#
        if let n = c.trades { text += #","n":\#(n)"# }
        return text + "}"
    }

    /// `YYYY-MM-DD` or a millisecond timestamp.
    static func bound(_ text: String) -> TradingDate? {
        if let date = TradingDate(text) { return date }
        return Int64(text).map { NewYorkTime.date(epochMilliseconds: $0) }
    }

    func missingKey(_ request: ServerRequest) -> ServerResponse {
        Self.json(
            401, #"{"status":"ERROR","request_id":"\#(Self.requestID(request))","error":"API Key was not provided"}"#)
    }

    func rateLimited(_ request: ServerRequest, retryAfter seconds: Int) -> ServerResponse {
        Self.json(
            429,
            #"{"status":"ERROR","request_id":"ratelimited","error":"You've exceeded the maximum requests per minute, "#
                + #"please wait or upgrade your subscription to continue. https://polygon.io/pricing"}"#
        )
    }

    func authFailed(_ request: ServerRequest) -> ServerResponse {
        Self.json(401, #"{"status":"ERROR","request_id":"\#(Self.requestID(request))","error":"Unknown API Key"}"#)
    }

    func notFound(_ request: ServerRequest) -> ServerResponse {
        Self.json(
            404, #"{"status":"NOT_FOUND","request_id":"\#(Self.requestID(request))","message":"Ticker not found."}"#)
    }

    func empty(_ request: ServerRequest) -> ServerResponse {
        if Self.isActions(request.path) { return emptyActions(request) }
        return Self.json(
            200,
            #"{"ticker":"","queryCount":0,"resultsCount":0,"adjusted":true,"status":"OK","#
                + #""request_id":"\#(Self.requestID(request))","count":0}"#
        )
    }

    func premium(_ request: ServerRequest) -> ServerResponse {
        Self.json(
            403,
            #"{"status":"NOT_AUTHORIZED","request_id":"\#(Self.requestID(request))","message":"Your plan doesn't "#
                + #"include this data timeframe. Please upgrade your plan at https://polygon.io/pricing"}"#
        )
    }
}
