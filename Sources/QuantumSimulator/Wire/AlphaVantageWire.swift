import QuantumCore

/// `/query?function=TIME_SERIES_DAILY`: HTTP 200 for everything, string values, newest first,
/// `compact` = the latest 100 sessions (corporate actions: `AlphaVantageWire+Actions.swift`).
struct AlphaVantageWire: ProviderWire {
    let id = SourceID.alphavantage
    /// Whether `outputsize=full` is allowed (it is premium for free keys).
    var fullAllowed = true

    func matches(_ request: ServerRequest) -> Bool { request.path == "/query" }

    func key(of request: ServerRequest) -> String? { request.query("apikey") }

    func serve(_ request: ServerRequest, market: Market, baseURL: String) -> ServerResponse {
        if Self.actionFunction(request) != nil { return serveActions(request, market: market) }
        guard request.query("function") == "TIME_SERIES_DAILY", let symbol = request.query("symbol"), !symbol.isEmpty
        else {
            return notFound(request)
        }
        let ticker = Market.canonical(symbol)
        guard market.lists(ticker, at: .alphavantage) else { return notFound(request) }
        let compact = request.query("outputsize") != "full"
        if !compact && !fullAllowed { return premium(request) }
        var candles = market.candles(ticker, from: TradingDate("1999-11-01")!, to: market.today, basis: .raw)
        if compact { candles = Array(candles.suffix(100)) }
        guard let last = candles.last else { return notFound(request) }
        var body = """
            {
                "Meta Data": {
                    "1. Information": "Daily Prices (open, high, low, close) and Volumes",
                    "2. Symbol": "\(symbol)",
                    "3. Last Refreshed": "\(last.date)",
                    "4. Output Size": "\(compact ? "Compact" : "Full size")",
                    "5. Time Zone": "US/Eastern"
                },
                "Time Series (Daily)": {
            """
        body += candles.reversed().map { c in
            """

                    "\(c.date)": {
                        "1. open": "\(WireNumber.fixed4(c.open))",
                        "2. high": "\(WireNumber.fixed4(c.high))",
                        "3. low": "\(WireNumber.fixed4(c.low))",
                        "4. close": "\(WireNumber.fixed4(c.close))",
                        "5. volume": "\(WireNumber.plain(c.volume))"
                    }
            """
        }.joined(separator: ",")
        return Self.json(200, body + "\n    }\n}")
    }

    private static func notice(_ key: String, _ text: String) -> ServerResponse {
        json(200, "{\n    \"\(key)\": \"\(text)\"\n}")
    }

    func missingKey(_ request: ServerRequest) -> ServerResponse {
        Self.notice(
            "Error Message",
            "the parameter apikey is invalid or missing. Please claim your free API key on "
                + "(https://www.alphavantage.co/support/#api-key). It should take less than 20 seconds."
        )
    }

    /// The burst notice for a wait within the hour; for a longer one (a day window) the daily
    /// notice, which (as the real one does) echoes the key.
    func rateLimited(_ request: ServerRequest, retryAfter seconds: Int) -> ServerResponse {
        if seconds <= 3600 {
            return Self.notice(
                "Information",
                "Thank you for using Alpha Vantage! Please consider spreading out your free API requests more "
                    + "sparingly (1 request per second). You may subscribe to any of the premium plans at "
                    + "https://www.alphavantage.co/premium/ to lift the free key rate limit (25 requests per day),"
                    + " raise the per-second burst limit, and instantly unlock all premium endpoints"
            )
        }
        return Self.notice(
            "Information",
            "We have detected your API key as \(request.query("apikey") ?? "") and our standard API rate limit is 25 "
                + "requests per day. Please subscribe to any of the premium plans at "
                + "https://www.alphavantage.co/premium/ to instantly remove all daily rate limits."
        )
    }

    func authFailed(_ request: ServerRequest) -> ServerResponse { missingKey(request) }

    func notFound(_ request: ServerRequest) -> ServerResponse {
        Self.notice(
            "Error Message",
            "Invalid API call. Please retry or visit the documentation (https://www.alphavantage.co/documentation/) for "
                + (Self.actionFunction(request) ?? "TIME_SERIES_DAILY") + "."
        )
    }

    func empty(_ request: ServerRequest) -> ServerResponse {
        if Self.actionFunction(request) != nil { return emptyActions(request) }
        return Self.json(
            200, #"{"Meta Data": {"2. Symbol": "\#(request.query("symbol") ?? "")"}, "Time Series (Daily)": {}}"#)
    }

    func premium(_ request: ServerRequest) -> ServerResponse {
        if Self.actionFunction(request) != nil {
            return Self.notice(
                "Information",
                "Thank you for using Alpha Vantage! This is a premium endpoint. You may subscribe to any of the premium "
                    + "plans at https://www.alphavantage.co/premium/ to instantly unlock all premium endpoints"
            )
        }
        return Self.notice(
            "Information",
            "Thank you for using Alpha Vantage! The outputsize=full parameter value is a premium feature for the "
                + "TIME_SERIES_DAILY endpoint. You may subscribe to any of the premium plans at "
                + "https://www.alphavantage.co/premium/ to instantly unlock all premium features"
        )
    }
}
