/// EOD Historical Data: `/api/eod/{TICKER}.{EXCHANGE}?fmt=json&period=d&from&to&order=a&api_token`.
///
/// Open, high, low and close are as traded; `adjusted_close` is adjusted for splits and dividends.
public struct EODHDSource: DataSource {
    public var descriptor: ProviderDescriptor { .eodhd }

    public init() {}

    public func request(for query: BarQuery, context: RequestContext) -> ProviderRequest {
        var items = [
            ("fmt", "json"), ("period", "d"), ("order", "a"),
            ("from", query.from.description), ("to", query.to.description),
        ]
        if let key = context.endpoint.key { items.append((descriptor.keyParameter, key)) }
        let path = "/api/eod/\(URLQuery.encode(descriptor.symbol(query.ticker) ?? query.ticker))"
        return ProviderRequest(url: URLQuery.url(context.endpoint.baseURL, path: path, items))
    }

    /// `AAPL` → `AAPL.US`, `BRK.B` → `BRK-B.US`, `BHP.AU` kept, `SAP.XETR` → `SAP.XETRA`; a
    /// suffix that is no exchange we know is kept as written (EODHD's own codes, such as `BE`);
    /// nil for an exchange EODHD has no code for here.
    static func symbol(for listing: Listing) -> String? {
        if listing.isUS { return listing.base.split(separator: ".").joined(separator: "-") + ".US" }
        if listing.unknownCode != nil { return listing.ticker }
        return listing.exchange?.code.map { listing.base + "." + $0 }
    }
}
