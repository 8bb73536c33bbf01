/// Corporate actions from EODHD: `/api/splits/{T}.{EX}` and `/api/div/{T}.{EX}` (oldest first;
/// a dividend's `value` is re-based for later splits, `unadjustedValue` is as declared), and
/// `/api/symbol-change-history` (US only, from 2022-07-22, on the larger plans) (PROVIDERS.md §6.3).
extension EODHDSource {
    /// The first day of EODHD's symbol-change history.
    static let symbolChangesStart = TradingDate("2022-07-22")!

    static let dividendNames = ActionFields.DividendNames(
        exDate: "date", amount: "unadjustedValue", declaration: "declarationDate", record: "recordDate",
        pay: "paymentDate")

    public func actionRequest(_ feed: ActionFeed, ticker: String, context: RequestContext) -> ProviderRequest? {
        let symbol = descriptor.symbol(ticker) ?? ticker
        let path: String
        var items = [("fmt", "json")]
        switch feed {
        case .splits:
            path = "/api/splits/\(URLQuery.encode(symbol))"
        case .dividends:
            path = "/api/div/\(URLQuery.encode(symbol))"
        case .symbolChanges:
            guard Listing(ticker: ticker).isUS else { return nil }
            path = "/api/symbol-change-history"
            items += [("from", Self.symbolChangesStart.description), ("to", context.today.description)]
        }
        if let key = context.endpoint.key { items.append((descriptor.keyParameter, key)) }
        return ProviderRequest(url: URLQuery.url(context.endpoint.baseURL, path: path, items))
    }

    public func interpretActions(
        _ response: ProviderResponse, feed: ActionFeed, ticker: String, context: RequestContext
    ) -> Result<ActionPage, SourceFailure> {
        // A 404 "Dividend data not found" may be how an empty history is said: nothing to report.
        if response.status == 404, feed != .symbolChanges,
            String(decoding: response.body, as: UTF8.self).lowercased().contains("not found for")
        {
            return .success(ActionPage(actions: []))
        }
        guard response.status == 200 else { return .failure(classify(response)) }
        let body: Any
        do { body = try ActionFields.parse(response.body) } catch { return .failure(undecodable(response, error)) }
        if let object = body as? [String: Any] {
            let said = ActionFields.string(object["error"]) ?? ActionFields.string(object["message"])
            return .failure(SourceFailure(.badResponse, status: 200, message: said ?? response.excerpt()))
        }
        guard let rows = ActionFields.rows(body) else {
            return .failure(ActionFields.unexpected(response, expected: "an array of rows"))
        }
        let base = Listing(ticker: ticker).base.uppercased()
        var page = ActionPage(actions: [])
        for row in rows {
            switch feed {
            case .splits:
                ActionFields.split(
                    row, date: "date", ratio: ActionFields.string(row["split"]).flatMap(SplitRatio.init(slashed:)),
                    into: &page)
            case .dividends:
                // `value` is on today's share basis; only `unadjustedValue` is the declared amount.
                ActionFields.dividend(row, Self.dividendNames, into: &page)
            case .symbolChanges:
                guard let date = ActionFields.date(row["effective"]), let old = ActionFields.string(row["old_symbol"]),
                    let new = ActionFields.string(row["new_symbol"]),
                    old.uppercased() == base || new.uppercased() == base
                else { continue }
                page.actions.append(.symbolChange(SymbolChange(date: date, oldSymbol: old, newSymbol: new)))
            }
        }
        return .success(page)
    }
}
