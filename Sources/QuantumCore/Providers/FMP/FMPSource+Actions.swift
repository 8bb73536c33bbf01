/// Corporate actions from FMP's stable API: `/stable/splits?symbol=` and
/// `/stable/dividends?symbol=` (whole history, newest first; `from`/`to` are ignored), and
/// `/stable/symbol-change` (a recent window for every symbol, read for this one's rows)
/// (PROVIDERS.md §6.2).
extension FMPSource {
    static let dividendNames = ActionFields.DividendNames(
        exDate: "date", amount: "dividend", declaration: "declarationDate", record: "recordDate", pay: "paymentDate")

    public func actionRequest(_ feed: ActionFeed, ticker: String, context: RequestContext) -> ProviderRequest? {
        let path: String
        var items: [(String, String)]
        switch feed {
        case .splits:
            path = "/stable/splits"
            items = [("symbol", descriptor.symbol(ticker) ?? ticker)]
        case .dividends:
            path = "/stable/dividends"
            items = [("symbol", descriptor.symbol(ticker) ?? ticker)]
        case .symbolChanges:
            path = "/stable/symbol-change"
            items = [("limit", "1000")]
        }
        if let key = context.endpoint.key { items.append((descriptor.keyParameter, key)) }
        return ProviderRequest(url: URLQuery.url(context.endpoint.baseURL, path: path, items))
    }

    public func interpretActions(
        _ response: ProviderResponse, feed: ActionFeed, ticker: String, context: RequestContext
    ) -> Result<ActionPage, SourceFailure> {
        let body: Any
        do {
            body = try ActionFields.parse(response.body)
        } catch {
            guard response.status == 200 else {
                return .failure(classify(message: response.excerpt(), status: response.status))
            }
            return .failure(undecodable(response, error))
        }
        if let object = body as? [String: Any] {
            let said = ["Error Message", "error", "message"].lazy.compactMap { ActionFields.string(object[$0]) }.first
            if let said { return .failure(classify(message: said, status: response.status)) }
            // `{}` is how the legacy API says "nothing".
            if object.isEmpty, response.status == 200 { return .success(ActionPage(actions: [])) }
        }
        guard response.status == 200 else {
            return .failure(classify(message: response.excerpt(), status: response.status))
        }
        guard let rows = ActionFields.rows(body) else {
            return .failure(ActionFields.unexpected(response, expected: "an array of rows"))
        }
        let symbol = (descriptor.symbol(ticker) ?? ticker).uppercased()
        var page = ActionPage(actions: [])
        // A row of another symbol (the calendars share this shape) is never taken for this one's.
        let own = rows.filter {
            feed == .symbolChanges || ActionFields.string($0["symbol"]).map { $0.uppercased() == symbol } ?? true
        }
        for row in own {
            switch feed {
            case .splits:
                let ratio = SplitRatio(
                    new: ActionFields.number(row["numerator"]) ?? .nan,
                    old: ActionFields.number(row["denominator"]) ?? .nan)
                // A spin-off is booked here as a price ratio, not a share split (GOODY.IS 5629/1000).
                if ActionFields.string(row["splitType"]) == "spin-off", let date = ActionFields.date(row["date"]) {
                    page.warnings.append(
                        "\(date): a spin-off reported as a \(ratio.map(\.description) ?? "?") split is not a share split; "
                            + "not used")
                    continue
                }
                ActionFields.split(row, date: "date", ratio: ratio, into: &page)
            case .dividends:
                ActionFields.dividend(row, Self.dividendNames, into: &page)
            case .symbolChanges:
                guard let date = ActionFields.date(row["date"]), let old = ActionFields.string(row["oldSymbol"]),
                    let new = ActionFields.string(row["newSymbol"]),
                    old.uppercased() == symbol || new.uppercased() == symbol
                else { continue }
                page.actions.append(.symbolChange(SymbolChange(date: date, oldSymbol: old, newSymbol: new)))
            }
        }
        return .success(page)
    }
}
