import QuantumCore

/// `/stable/historical-price-eod/full`: a flat array, newest first, split-adjusted (corporate
/// actions: `FMPWire+Actions.swift`).
struct FMPWire: ProviderWire {
    let id = SourceID.fmp

    func matches(_ request: ServerRequest) -> Bool {
        request.path == "/stable/historical-price-eod/full" || Self.actionPaths.contains(request.path)
    }

    func key(of request: ServerRequest) -> String? { request.query("apikey") }

    func serve(_ request: ServerRequest, market: Market, baseURL: String) -> ServerResponse {
        if Self.actionPaths.contains(request.path) { return serveActions(request, market: market) }
        guard let symbol = request.query("symbol"), !symbol.isEmpty else {
            return Self.json(400, #"{"Error Message":"Invalid or missing query parameter - symbol"}"#)
        }
        let ticker = Market.canonical(symbol)
        let to = Self.date(request, "to") ?? market.today
        let from = Self.date(request, "from") ?? to.adding(days: -5 * 365)
        guard market.lists(ticker, at: .fmp) else { return Self.json(200, "[]") }
        let candles = market.candles(ticker, from: from, to: to, basis: .split)
        var rows: [String] = []
        rows.reserveCapacity(candles.count)
        for (i, c) in candles.enumerated().reversed() {
            let previous = i > 0 ? candles[i - 1].close : c.open
            let change = ((c.close - previous) * 10_000).rounded() / 10_000
            let percent = previous == 0 ? 0 : ((change / previous * 100) * 100_000).rounded() / 100_000
            rows.append(
                #"{"symbol":"\#(symbol)","date":"\#(c.date)","open":\#(WireNumber.plain(c.open)),"#
                    + #""high":\#(WireNumber.plain(c.high)),"low":\#(WireNumber.plain(c.low)),"#
                    + #""close":\#(WireNumber.plain(c.close)),"volume":\#(WireNumber.plain(c.volume)),"#
                    + #""change":\#(WireNumber.plain(change)),"changePercent":\#(WireNumber.plain(percent)),"#
                    + #""vwap":\#(WireNumber.plain(c.vwap ?? c.close))}"#
            )
        }
        return Self.json(200, "[" + rows.joined(separator: ",") + "]")
    }

    func missingKey(_ request: ServerRequest) -> ServerResponse {
        Self.json(
            401,
            #"{"Error Message":"Invalid API KEY. Feel free to create a Free API Key or visit "#
                + #"https://site.financialmodelingprep.com/faqs?search=why-is-my-api-key-invalid for more information."}"#
        )
    }

    func rateLimited(_ request: ServerRequest, retryAfter seconds: Int) -> ServerResponse {
        Self.json(
            429,
            #"{"Error Message":"Limit Reach . Please upgrade your plan or visit our documentation for more details at "#
                + #"https://site.financialmodelingprep.com/"}"#
        )
    }

    func authFailed(_ request: ServerRequest) -> ServerResponse { missingKey(request) }

    func notFound(_ request: ServerRequest) -> ServerResponse { Self.json(200, "[]") }

    func empty(_ request: ServerRequest) -> ServerResponse { Self.json(200, "[]") }

    func premium(_ request: ServerRequest) -> ServerResponse {
        Self.json(
            402,
            #"{"Error Message":"Premium Query Parameter: This value set for 'symbol' is not available under your "#
                + #"current subscription please visit our subscription page to upgrade your plan at "#
                + #"https://site.financialmodelingprep.com/developer/docs/pricing"}"#
        )
    }
}
