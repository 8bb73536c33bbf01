import Foundation

/// Corporate actions from Polygon (Massive): `/stocks/v1/splits` and `/stocks/v1/dividends`
/// (the current endpoints, on every plan), and `/vX/reference/tickers/{T}/events` for ticker
/// changes (PROVIDERS.md §6.1). The deprecated `/v3/reference/*` pair has the same row fields.
extension PolygonSource {
    static let dividendNames = ActionFields.DividendNames(
        exDate: "ex_dividend_date", amount: "cash_amount", declaration: "declaration_date", record: "record_date",
        pay: "pay_date")

    public func actionRequest(_ feed: ActionFeed, ticker: String, context: RequestContext) -> ProviderRequest? {
        let symbol = descriptor.symbol(ticker) ?? ticker
        let path: String
        var items: [(String, String)]
        switch feed {
        case .splits:
            path = "/stocks/v1/splits"
            items = [("ticker", symbol), ("limit", "5000"), ("sort", "execution_date.asc")]
        case .dividends:
            // Sorted by date explicitly: the endpoint's default order is by ticker.
            path = "/stocks/v1/dividends"
            items = [("ticker", symbol), ("limit", "5000"), ("sort", "ex_dividend_date.asc")]
        case .symbolChanges:
            path = "/vX/reference/tickers/\(URLQuery.encode(symbol))/events"
            items = [("types", "ticker_change")]
        }
        if let key = context.endpoint.key { items.append((descriptor.keyParameter, key)) }
        return ProviderRequest(url: URLQuery.url(context.endpoint.baseURL, path: path, items))
    }

    public func interpretActions(
        _ response: ProviderResponse, feed: ActionFeed, ticker: String, context: RequestContext
    ) -> Result<ActionPage, SourceFailure> {
        if response.status == 404, response.requestURL?.contains("/stocks/v1/") == true,
            let v3 = legacyRequest(feed, ticker: ticker, context: context)
        {
            // The current endpoint is not there (a gateway that predates it): the deprecated v3
            // pair, with the same rows, is asked instead (the next page). A 403 is the key's or
            // the plan's refusal, which v3 would repeat: not asked again.
            return .success(
                ActionPage(
                    actions: [],
                    warnings: [
                        "\(feed.rawValue): /stocks/v1 answered \(response.status); read from the deprecated "
                            + "/v3/reference endpoint"
                    ], next: v3))
        }
        guard response.status == 200 else { return .failure(classify(response)) }
        let body: Any
        do { body = try ActionFields.parse(response.body) } catch { return .failure(undecodable(response, error)) }
        guard let object = body as? [String: Any] else {
            return .failure(ActionFields.unexpected(response, expected: "an object with results"))
        }
        if let status = ActionFields.string(object["status"]), status != "OK", status != "DELAYED" {
            let said = ActionFields.string(object["error"]) ?? ActionFields.string(object["message"])
            return .failure(SourceFailure(.badResponse, status: 200, message: said ?? "status \(status)"))
        }
        let next = ActionFields.string(object["next_url"]).map { nextPageRequest($0, context: context) }
        let symbol = (descriptor.symbol(ticker) ?? ticker).uppercased()
        switch feed {
        case .splits, .dividends:
            guard let rows = ActionFields.rows(body, under: "results") else {
                if object["results"] == nil || object["results"] is NSNull { return .success(ActionPage(actions: [])) }
                return .failure(ActionFields.unexpected(response, expected: "results as an array"))
            }
            // The v3 endpoints filter by the `ticker` parameter too; a row of another ticker is
            // never taken for this one's.
            let own = rows.filter { ActionFields.string($0["ticker"]).map { $0.uppercased() == symbol } ?? true }
            var page = ActionPage(actions: [], next: next)
            for row in own {
                if feed == .splits {
                    let ratio = SplitRatio(
                        new: ActionFields.number(row["split_to"]) ?? .nan,
                        old: ActionFields.number(row["split_from"]) ?? .nan)
                    ActionFields.split(row, date: "execution_date", ratio: ratio, into: &page)
                } else {
                    ActionFields.dividend(row, Self.dividendNames, into: &page)
                }
            }
            return .success(page)
        case .symbolChanges:
            guard let results = object["results"] as? [String: Any],
                let events = results["events"] as? [[String: Any]]
            else { return .failure(ActionFields.unexpected(response, expected: "results.events")) }
            // Each event names the ticker in use from its date; consecutive ones make a change.
            let named: [(date: TradingDate, ticker: String)] = events.compactMap { event in
                guard ActionFields.string(event["type"] ?? event["event_type"]) == "ticker_change",
                    let date = ActionFields.date(event["date"]),
                    let ticker = ActionFields.string((event["ticker_change"] as? [String: Any])?["ticker"])
                else { return nil }
                return (date, ticker)
            }.sorted { $0.date < $1.date }
            let changes = zip(named, named.dropFirst()).map { older, newer in
                CorporateAction.symbolChange(
                    SymbolChange(date: newer.date, oldSymbol: older.ticker, newSymbol: newer.ticker))
            }
            return .success(ActionPage(actions: changes))
        }
    }

    /// The deprecated v3 request of `feed` for `ticker` (oldest first, at most 1,000 rows a
    /// page, as v3 allows); nil for symbol changes, which v3 has no endpoint for.
    private func legacyRequest(_ feed: ActionFeed, ticker: String, context: RequestContext) -> ProviderRequest? {
        let symbol = descriptor.symbol(ticker) ?? ticker
        var items: [(String, String)]
        switch feed {
        case .splits: items = [("ticker", symbol), ("limit", "1000"), ("order", "asc"), ("sort", "execution_date")]
        case .dividends:
            items = [("ticker", symbol), ("limit", "1000"), ("order", "asc"), ("sort", "ex_dividend_date")]
        case .symbolChanges: return nil
        }
        if let key = context.endpoint.key { items.append((descriptor.keyParameter, key)) }
        let path = feed == .splits ? "/v3/reference/splits" : "/v3/reference/dividends"
        return ProviderRequest(url: URLQuery.url(context.endpoint.baseURL, path: path, items))
    }
}
