/// Financial Modeling Prep's stable API: `/stable/historical-price-eod/full?symbol&from&to&apikey`.
///
/// `/full` is split-adjusted and newest first. Errors are `{"Error Message": …}` with statuses
/// from 200 to 429, so the text decides the classification.
public struct FMPSource: DataSource {
    public var descriptor: ProviderDescriptor { .fmp }

    public init() {}

    public func request(for query: BarQuery, context: RequestContext) -> ProviderRequest {
        var items = [
            ("symbol", descriptor.symbol(query.ticker) ?? query.ticker), ("from", query.from.description),
            ("to", query.to.description),
        ]
        if let key = context.endpoint.key { items.append((descriptor.keyParameter, key)) }
        return ProviderRequest(
            url: URLQuery.url(context.endpoint.baseURL, path: "/stable/historical-price-eod/full", items))
    }

    /// FMP writes share classes with a hyphen (`BRK.B` → `BRK-B`) and other exchanges' listings
    /// with Yahoo Finance's suffixes (`VOD.LSE` → `VOD.L`); nil for an exchange it is not asked for.
    static func symbol(for listing: Listing) -> String? {
        guard listing.isUS else { return listing.exchange?.fmpSuffix.map { listing.base + $0 } }
        let parts = listing.base.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 1 else { return listing.base }
        return "\(parts[0])-\(parts[1])"
    }
}
