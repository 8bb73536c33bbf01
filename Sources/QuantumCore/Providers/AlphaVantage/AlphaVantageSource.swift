/// Alpha Vantage: `/query?function=TIME_SERIES_DAILY&symbol&outputsize&datatype=json&apikey`.
///
/// Prices are as traded. There is no date range: `compact` returns the latest 100 sessions and
/// `full` (premium for free keys) everything, so the range is filtered locally.
public struct AlphaVantageSource: DataSource {
    public var descriptor: ProviderDescriptor { .alphavantage }
    /// Sessions that `compact` covers, less a margin for a "last refreshed" day that lags today.
    static let compactSessions = 95

    public init() {}

    public func request(for query: BarQuery, context: RequestContext) -> ProviderRequest {
        request(for: query, context: context, outputSize: Self.outputSize(from: query.from, today: context.today))
    }

    /// The request with `outputsize` as given (`compact` when `full` is premium for the key).
    func request(for query: BarQuery, context: RequestContext, outputSize: String) -> ProviderRequest {
        var items = [
            ("function", "TIME_SERIES_DAILY"),
            ("symbol", descriptor.symbol(query.ticker) ?? query.ticker),
            ("outputsize", outputSize),
            ("datatype", "json"),
        ]
        if let key = context.endpoint.key { items.append((descriptor.keyParameter, key)) }
        return ProviderRequest(url: URLQuery.url(context.endpoint.baseURL, path: "/query", items))
    }

    /// Alpha Vantage's symbol: US tickers as written, other listings with the suffixes its
    /// documentation gives (`VOD.LSE` → `VOD.LON`, `SHOP.TO` → `SHOP.TRT`); nil elsewhere.
    static func symbol(for listing: Listing) -> String? {
        guard listing.isUS else { return listing.exchange?.alphaVantageSuffix.map { listing.base + $0 } }
        return listing.base
    }

    /// `compact` when the range starts within the latest sessions, `full` otherwise.
    static func outputSize(from: TradingDate, today: TradingDate) -> String {
        from >= NYSECalendar.tradingDay(compactSessions, before: today) ? "compact" : "full"
    }
}
