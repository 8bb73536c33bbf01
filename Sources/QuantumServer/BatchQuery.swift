import QuantumCore

/// A `POST /v1/batch` body: `{"tickers": ["AAPL", …], "from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}`
/// or `"days": N`, and optionally `"source"`, `"basis"` (strings), `"partial"` (a boolean) and
/// `"max_wait"` (whole seconds each ticker may wait for a rate-limit slot) —
/// read strictly, as the OpenAPI document types them, then as the candles route reads its
/// parameters.
struct BatchQuery: Sendable {
    /// The members a body may have.
    static let members = ["tickers", "from", "to", "days", "source", "basis", "partial", "max_wait"]

    var tickers: [String]
    /// The range and options, shared by every ticker (its ticker is the first one's).
    var options: CandleQuery

    /// Reads the body; throws `BadInput` naming the member at fault (`body` when it is not a JSON
    /// object). A ticker listed twice is fetched once and reported twice, as `batch` does; an unknown
    /// member is refused with the closest known one suggested.
    init(body: [UInt8], maxTickers: Int) throws(BadInput) {
        let example = #"{"tickers":["AAPL"],"days":30}"#
        let object: [String: BodyValue]
        do {
            guard case .object(let members) = try BodyValue.parse(body) else {
                throw BadInput("the body must be a JSON object such as \(example)", parameter: "body")
            }
            object = members
        } catch let error as BadInput {
            throw error
        } catch {
            throw BadInput("the body is not valid JSON (send an object such as \(example))", parameter: "body")
        }
        var seen: Set<String> = []
        if let repeated = BodyValue.topLevelNames(body).first(where: { !seen.insert($0).inserted }) {
            throw BadInput("\(repeated) is given twice", parameter: repeated)
        }
        if let unknown = object.keys.sorted().first(where: { !Self.members.contains($0) }) {
            throw BadInput(
                Suggestion.phrase("unknown parameter '\(unknown)'", unknown, Self.members)
                    + " (\(Self.members.joined(separator: ", ")))", parameter: unknown)
        }
        tickers = try Self.tickers(object["tickers"], maxTickers: maxTickers)
        var parameters: [(String, String)] = []
        for name in ["from", "to", "source", "basis"] {
            switch object[name] {
            case nil: continue
            case .string(let text): parameters.append((name, text))
            case let value?: throw BadInput("\(name) expects a string, got \(value.kind)", parameter: name)
            }
        }
        for (name, most) in [("days", RequestVocabulary.maxDays), ("max_wait", CandleQuery.maxWaitSeconds)] {
            switch object[name] {
            case nil: break
            case .integer(let n): parameters.append((name, String(n)))
            case let value?:
                let least = name == "days" ? 1 : 0
                throw BadInput(
                    "\(name) expects a whole number from \(least) to \(most), got \(value.kind)", parameter: name)
            }
        }
        switch object["partial"] {
        case nil: break
        case .bool(let flag): parameters.append(("partial", String(flag)))
        case let value?: throw BadInput("partial expects true or false, got \(value.kind)", parameter: "partial")
        }
        options = try CandleQuery(ticker: tickers[0], parameters: parameters)
    }

    /// The `tickers` member: a non-empty array of at most `maxTickers` ticker strings.
    private static func tickers(_ value: BodyValue?, maxTickers: Int) throws(BadInput) -> [String] {
        let expected = "tickers expects a non-empty array of ticker strings such as [\"AAPL\",\"MSFT\"]"
        guard let value else { throw BadInput("\(expected); it is missing", parameter: "tickers") }
        guard case .array(let list) = value else {
            throw BadInput("\(expected), got \(value.kind)", parameter: "tickers")
        }
        guard !list.isEmpty else { throw BadInput("\(expected), got an empty array", parameter: "tickers") }
        guard list.count <= maxTickers else {
            throw BadInput("at most \(maxTickers) tickers per batch, got \(list.count)", parameter: "tickers")
        }
        var tickers: [String] = []
        for (position, item) in list.enumerated() {
            guard case .string(let text) = item else {
                throw BadInput("tickers[\(position)] is \(item.kind), not a ticker string", parameter: "tickers")
            }
            switch RequestVocabulary.ticker(text) {
            case .success(let ticker): tickers.append(ticker)
            case .failure(let problem): throw BadInput("tickers[\(position)] \(problem.message)", parameter: "tickers")
            }
        }
        return tickers
    }

    /// One request per ticker, in input order.
    func requests(today: TradingDate, defaultDays: Int) throws(BadInput) -> [FetchRequest] {
        let template = try options.request(today: today, defaultDays: defaultDays)
        return tickers.map {
            FetchRequest(
                ticker: $0, from: template.from, to: template.to, basis: template.basis, pinned: template.pinned,
                keepsUnfinished: template.keepsUnfinished)
        }
    }
}
