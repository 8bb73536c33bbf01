/// Corporate actions from Alpha Vantage: `function=SPLITS` and `function=DIVIDENDS` (whole
/// history, newest first, every value a string, missing dates `"None"`; amounts as declared).
/// It has no symbol-change feed (PROVIDERS.md §6.4).
extension AlphaVantageSource {
    static let dividendNames = ActionFields.DividendNames(
        exDate: "ex_dividend_date", amount: "amount", declaration: "declaration_date", record: "record_date",
        pay: "payment_date")

    public func actionRequest(_ feed: ActionFeed, ticker: String, context: RequestContext) -> ProviderRequest? {
        let function: String
        switch feed {
        case .splits: function = "SPLITS"
        case .dividends: function = "DIVIDENDS"
        case .symbolChanges: return nil
        }
        var items = [("function", function), ("symbol", descriptor.symbol(ticker) ?? ticker), ("datatype", "json")]
        if let key = context.endpoint.key { items.append((descriptor.keyParameter, key)) }
        return ProviderRequest(url: URLQuery.url(context.endpoint.baseURL, path: "/query", items))
    }

    public func interpretActions(
        _ response: ProviderResponse, feed: ActionFeed, ticker: String, context: RequestContext
    ) -> Result<ActionPage, SourceFailure> {
        let body: Any
        do {
            body = try ActionFields.parse(response.body)
        } catch {
            guard response.status == 200 else {
                return .failure(failure(status: response.status, message: response.excerpt()))
            }
            return .failure(undecodable(response, error))
        }
        let object = body as? [String: Any] ?? [:]
        if let said = ActionFields.string(object["Error Message"]) {
            return .failure(classify(.error(said), status: response.status))
        }
        if let said = ActionFields.string(object["Information"]) {
            return .failure(classify(.information(said), status: response.status))
        }
        if let said = ActionFields.string(object["Note"]) {
            return .failure(classify(.note(said), status: response.status))
        }
        guard response.status == 200 else {
            return .failure(failure(status: response.status, message: response.excerpt()))
        }
        // `{}` is how it answers a symbol it has nothing for.
        if object.isEmpty, body is [String: Any] { return .success(ActionPage(actions: [])) }
        guard let rows = ActionFields.rows(body, under: "data") else {
            return .failure(ActionFields.unexpected(response, expected: "an object with data"))
        }
        var page = ActionPage(actions: [])
        for row in rows {
            if feed == .splits {
                let ratio = ActionFields.string(row["split_factor"]).flatMap(SplitRatio.init(factor:))
                ActionFields.split(row, date: "effective_date", ratio: ratio, into: &page)
            } else {
                ActionFields.dividend(row, Self.dividendNames, into: &page)
            }
        }
        return .success(page)
    }
}
