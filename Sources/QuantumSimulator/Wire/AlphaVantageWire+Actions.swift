import QuantumCore

/// Alpha Vantage's corporate actions: `function=SPLITS` and `function=DIVIDENDS` (the whole
/// history, newest first, every value a string, missing dates `"None"`, amounts as declared; the
/// invalid-call notice for a symbol it does not list). It has no symbol-change feed.
extension AlphaVantageWire {
    static let actionFunctions: Set<String> = ["SPLITS", "DIVIDENDS"]

    /// The corporate-action function the request asks for, if it asks for one.
    static func actionFunction(_ request: ServerRequest) -> String? {
        request.query("function").flatMap { actionFunctions.contains($0) ? $0 : nil }
    }

    func serveActions(_ request: ServerRequest, market: Market) -> ServerResponse {
        guard let symbol = request.query("symbol"), !symbol.isEmpty else { return notFound(request) }
        let ticker = Market.canonical(symbol)
        guard market.lists(ticker, at: .alphavantage) else { return notFound(request) }
        let rows: [[(String, String)]]
        if request.query("function") == "SPLITS" {
            rows = market.splits(ticker).reversed().map { split in
                [("effective_date", split.date.description), ("split_factor", WireNumber.fixed4(split.ratio.value))]
            }
        } else {
            rows = market.dividendRecords(ticker).reversed().map { record in
                let dividend = record.dividend
                return [
                    ("ex_dividend_date", dividend.exDate.description),
                    ("declaration_date", dividend.declarationDate?.description ?? "None"),
                    ("record_date", dividend.recordDate?.description ?? "None"),
                    ("payment_date", dividend.payDate?.description ?? "None"),
                    ("amount", String(dividend.amount)),
                ]
            }
        }
        let data = rows.map { row in
            "        {\n" + row.map { "            \"\($0.0)\": \"\($0.1)\"" }.joined(separator: ",\n") + "\n        }"
        }
        let list = data.isEmpty ? "[]" : "[\n" + data.joined(separator: ",\n") + "\n    ]"
        return Self.json(200, "{\n    \"symbol\": \"\(symbol)\",\n    \"data\": \(list)\n}")
    }

    /// What it answers a symbol it has no actions for.
    func emptyActions(_ request: ServerRequest) -> ServerResponse {
        Self.json(200, "{\n    \"symbol\": \"\(request.query("symbol") ?? "")\",\n    \"data\": []\n}")
    }
}
