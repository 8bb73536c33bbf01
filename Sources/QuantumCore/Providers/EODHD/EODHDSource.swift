/// EOD Historical Data: `/api/eod/{TICKER}.{EXCHANGE}?fmt=json&period=d&from&to&order=a&api_token`.
///
/// Open, high, low and close are as traded; `adjusted_close` is adjusted for splits and dividends.
public struct EODHDSource: DataSource {
    public var descriptor: ProviderDescriptor { .eodhd }

    /// Exchange codes kept as written (`BHP.AU`); any other single-letter suffix is a share class.
    static let exchanges: Set<String> = [
        "US", "AU", "LSE", "XETRA", "TO", "V", "NEO", "PA", "AS", "BR", "MI", "MC", "SW", "VI", "LS", "CO", "HE",
        "ST", "OL", "IR", "F", "BE", "DU", "HM", "MU", "STU", "HA", "HK", "SHG", "SHE", "KO", "KQ", "NSE", "BSE",
        "TSE", "JSE", "SA", "MX", "TA", "SG", "KLSE", "JK", "BK", "TW", "TWO", "NZ", "IS", "WAR", "AT", "IL",
        "CC", "FOREX", "INDX", "GBOND", "MONEY", "COMM", "EUFUND",
    ]

    public init() {}

    public func request(for query: BarQuery, context: RequestContext) -> ProviderRequest {
        var items = [
            ("fmt", "json"), ("period", "d"), ("order", "a"),
            ("from", query.from.description), ("to", query.to.description),
        ]
        if let key = context.endpoint.key { items.append((descriptor.keyParameter, key)) }
        let path = "/api/eod/\(URLQuery.encode(descriptor.symbol(query.ticker)))"
        return ProviderRequest(url: URLQuery.url(context.endpoint.baseURL, path: path, items))
    }

    /// `AAPL` → `AAPL.US`, `BRK.B` → `BRK-B.US`, `BHP.AU` kept.
    static func symbol(for ticker: String) -> String {
        guard let dot = ticker.lastIndex(of: ".") else { return ticker + ".US" }
        let suffix = String(ticker[ticker.index(after: dot)...])
        if exchanges.contains(suffix) { return ticker }
        if suffix.count == 1 { return ticker[..<dot] + "-" + suffix + ".US" }
        return ticker
    }
}
