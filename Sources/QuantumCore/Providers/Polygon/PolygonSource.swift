/// Polygon.io (now also Massive): `/v2/aggs/ticker/{T}/range/1/day/{from}/{to}`.
///
/// Bars are split-adjusted with `adjusted=true` and as traded with `adjusted=false`; there is no
/// dividend adjustment. `t` is the bar's start, 00:00 America/New_York.
public struct PolygonSource: DataSource {
    public var descriptor: ProviderDescriptor { .polygon }

    public init() {}

    public func request(for query: BarQuery, context: RequestContext) -> ProviderRequest {
        let symbol = descriptor.symbol(query.ticker) ?? query.ticker
        let path = "/v2/aggs/ticker/\(URLQuery.encode(symbol))/range/1/day/\(query.from)/\(query.to)"
        var items = [
            ("adjusted", query.basis == .raw ? "false" : "true"),
            ("sort", "asc"),
            ("limit", "50000"),
        ]
        if let key = context.endpoint.key { items.append((descriptor.keyParameter, key)) }
        return ProviderRequest(url: URLQuery.url(context.endpoint.baseURL, path: path, items))
    }

    /// `next_url` points at Polygon's own host and carries only a cursor: rebase it onto the
    /// configured base URL (a proxy or the simulator) and attach the key again.
    func nextPageRequest(_ nextURL: String, context: RequestContext) -> ProviderRequest {
        var url = nextURL
        if let origin = URLQuery.origin(of: nextURL) {
            url = context.endpoint.baseURL + nextURL.dropFirst(origin.count)
        }
        let carriesKey =
            url.split(separator: "?", maxSplits: 1).dropFirst().first?.split(separator: "&")
            .contains { $0.hasPrefix(descriptor.keyParameter + "=") } ?? false
        if let key = context.endpoint.key, !carriesKey { url = URLQuery.appending(url, descriptor.keyParameter, key) }
        return ProviderRequest(url: url)
    }
}
