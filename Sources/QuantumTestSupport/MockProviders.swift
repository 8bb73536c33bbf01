import Foundation
import QuantumCore
import Synchronization

/// The four providers as a transport, answering each in its own wire format from bars a test
/// sets per source and ticker, for the kinds of provider behaviour the data-trust tests need: a
/// transient empty answer, a re-adjusted history, odd rows, a row cap, a spent quota. Every
/// request is counted per source.
public final class MockProviders: HTTPTransport {
    /// A hook that answers instead of the bars: return nil to answer normally.
    public typealias Override = @Sendable (_ request: MockRequest) -> ProviderResponse?

    private struct State {
        var bars: [SourceID: [String: [Candle]]] = [:]
        var overrides: [SourceID: Override] = [:]
        var requests: [SourceID: [MockRequest]] = [:]
        var rowCap: [SourceID: Int] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// Sets the bars `source` has for `ticker` (any order).
    public func set(_ source: SourceID, _ ticker: String, _ candles: [Candle]) {
        state.withLock { $0.bars[source, default: [:]][ticker] = candles.sorted { $0.date < $1.date } }
    }

    /// Answers `source`'s requests through `override` first.
    public func override(_ source: SourceID, _ override: Override?) {
        state.withLock { $0.overrides[source] = override }
    }

    /// Answers at most the latest `cap` rows of a range (as FMP's stable endpoint does).
    public func capRows(_ source: SourceID, at cap: Int) {
        state.withLock { $0.rowCap[source] = cap }
    }

    /// Requests `source` received.
    public func requests(_ source: SourceID) -> [MockRequest] {
        state.withLock { $0.requests[source] ?? [] }
    }

    public func get(_ request: ProviderRequest, timeout: Duration) async throws(TransportError) -> ProviderResponse {
        guard let parsed = MockRequest(request.url) else { return ProviderResponse(status: 404, text: "no such path") }
        let (override, bars, cap) = state.withLock { state in
            state.requests[parsed.source, default: []].append(parsed)
            return (
                state.overrides[parsed.source], state.bars[parsed.source]?[parsed.ticker], state.rowCap[parsed.source]
            )
        }
        if let answer = override?(parsed) { return answer }
        guard let bars else { return Self.notFound(parsed) }
        var inRange = bars.filter { bar in
            (parsed.from.map { bar.date >= $0 } ?? true) && (parsed.to.map { bar.date <= $0 } ?? true)
        }
        if let cap, inRange.count > cap { inRange = Array(inRange.suffix(cap)) }
        return ProviderResponse(status: 200, text: Self.body(parsed.source, parsed.ticker, inRange))
    }

    /// A provider's success body holding `candles`, in its own format and order.
    public static func body(_ source: SourceID, _ ticker: String, _ candles: [Candle]) -> String {
        func n(_ x: Double) -> String { NumberText.shortest(x) }
        switch source {
        case .polygon:
            guard !candles.isEmpty else { return #"{"status":"OK","resultsCount":0,"results":null}"# }
            let rows = candles.map { c in
                #"{"v":\#(n(c.volume)),"vw":\#(n(c.close)),"o":\#(n(c.open)),"c":\#(n(c.close)),"h":\#(n(c.high)),"#
                    + #""l":\#(n(c.low)),"t":\#(NewYorkTime.midnightEpochMilliseconds(c.date)),"n":1}"#
            }
            return
                #"{"ticker":"\#(ticker)","queryCount":\#(rows.count),"resultsCount":\#(rows.count),"adjusted":true,"#
                + #""results":[\#(rows.joined(separator: ","))],"status":"OK","request_id":"mock","count":\#(rows.count)}"#
        case .fmp:
            return "["
                + candles.reversed().map { c in
                    #"{"symbol":"\#(ticker)","date":"\#(c.date)","open":\#(n(c.open)),"high":\#(n(c.high)),"#
                        + #""low":\#(n(c.low)),"close":\#(n(c.close)),"volume":\#(n(c.volume)),"change":0,"#
                        + #""changePercent":0,"vwap":\#(n(c.close))}"#
                }.joined(separator: ",") + "]"
        case .alphavantage:
            let days = candles.reversed().map { c in
                #""\#(c.date)":{"1. open":"\#(n(c.open))","2. high":"\#(n(c.high))","3. low":"\#(n(c.low))","4. "#
                    + #"close":"\#(n(c.close))","5. volume":"\#(n(c.volume))"}"#
            }
            return
                #"{"Meta Data":{"1. Information":"Daily Prices (open, high, low, close) and Volumes","2. "#
                + #"Symbol":"\#(ticker)","3. Last Refreshed":"\#(candles.last?.date.description ?? "")","4. "#
                + #"Output Size":"Full size","5. Time Zone":"US/Eastern"},"Time Series (Daily)":{\#(days.joined(separator: ","))}}"#
        default:
            return "["
                + candles.map { c in
                    #"{"date":"\#(c.date)","open":\#(n(c.open)),"high":\#(n(c.high)),"low":\#(n(c.low)),"#
                        + #""close":\#(n(c.close)),"adjusted_close":\#(n(c.adjustedClose ?? c.close)),"volume":\#(n(c.volume))}"#
                }.joined(separator: ",") + "]"
        }
    }

    /// Each provider's answer for a ticker it does not list.
    static func notFound(_ request: MockRequest) -> ProviderResponse {
        switch request.source {
        case .polygon: ProviderResponse(status: 200, text: #"{"status":"OK","resultsCount":0,"results":null}"#)
        case .fmp: ProviderResponse(status: 200, text: "[]")
        case .alphavantage:
            ProviderResponse(
                status: 200,
                text:
                    #"{"Error Message":"Invalid API call. Please retry or visit the documentation "#
                    + #"(https://www.alphavantage.co/documentation/) for TIME_SERIES_DAILY."}"#
            )
        default: ProviderResponse(status: 404, text: "Ticker Not Found.")
        }
    }

    /// A bar with the given close (open and the range around it), dated `date`.
    public static func bar(_ date: String, close: Double, volume: Double = 1_000_000) -> Candle {
        Candle(
            date: TradingDate(date)!, open: close, high: close * 1.01, low: close * 0.99, close: close, volume: volume)
    }

    /// Bars on every NYSE trading day from `from` through `to`, closes from `close` up by 0.1 a day.
    public static func bars(from: String, to: String, close: Double = 100) -> [Candle] {
        NYSECalendar.tradingDays(from: TradingDate(from)!, through: TradingDate(to)!).enumerated().map { i, day in
            bar(day.description, close: close + Double(i) / 10)
        }
    }
}

/// A request to a mocked provider, as the provider reads it.
public struct MockRequest: Sendable {
    public var source: SourceID
    /// As the user wrote it (`BRK.B`, `AAPL`).
    public var ticker: String
    /// The requested range; nil where the provider's request has none (Alpha Vantage).
    public var from: TradingDate?
    public var to: TradingDate?
    public var url: String

    init?(_ url: String) {
        self.url = url
        let parts = url.split(separator: "?", maxSplits: 1)
        let path = parts.first.map(String.init) ?? ""
        var query: [String: String] = [:]
        for item in (parts.count > 1 ? parts[1] : "").split(separator: "&") {
            let kv = item.split(separator: "=", maxSplits: 1).map(String.init)
            if kv.count == 2 { query[kv[0]] = kv[1].removingPercentEncoding ?? kv[1] }
        }
        if let range = path.range(of: "/v2/aggs/ticker/") {
            let rest = path[range.upperBound...].split(separator: "/").map(String.init)
            guard rest.count >= 6 else { return nil }
            source = .polygon
            ticker = rest[0].removingPercentEncoding ?? rest[0]
            from = TradingDate(rest[4])
            to = TradingDate(rest[5])
        } else if path.hasSuffix("/stable/historical-price-eod/full") {
            source = .fmp
            ticker = (query["symbol"] ?? "").replacingOccurrences(of: "-", with: ".")
            from = query["from"].flatMap(TradingDate.init)
            to = query["to"].flatMap(TradingDate.init)
        } else if path.hasSuffix("/query") {
            source = .alphavantage
            ticker = query["symbol"] ?? ""
        } else if let range = path.range(of: "/api/eod/") {
            source = .eodhd
            var symbol = String(path[range.upperBound...])
            if symbol.hasSuffix(".US") { symbol = String(symbol.dropLast(3)).replacingOccurrences(of: "-", with: ".") }
            ticker = symbol
            from = query["from"].flatMap(TradingDate.init)
            to = query["to"].flatMap(TradingDate.init)
        } else {
            return nil
        }
    }
}
