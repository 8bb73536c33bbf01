import QuantumCore

/// What a candles request asks for, read from its parameters as `fetch` reads its options:
/// `from`/`to` dates (`YYYY-MM-DD`, `to` defaulting to today) or `days` (the last N calendar days,
/// 1–36500), `source` (pins one: no fallback), `basis` (`raw`, `split` or `any`), `partial`
/// (`true` keeps a session still open).
struct CandleQuery: Sendable, Equatable {
    static let maxDays = 36_500
    /// The query parameters the candles route takes.
    static let parameters = ["from", "to", "days", "source", "basis", "partial"]

    var ticker: String
    var from: TradingDate?
    var to: TradingDate?
    var days: Int?
    var source: SourceID?
    var basis: BasisPreference = .any
    var partial = false

    /// Reads the ticker and the parameters; throws `BadInput` naming the first one at fault.
    init(ticker text: String, parameters: [(String, String)]) throws(BadInput) {
        guard let ticker = TickerText.normalized(text) else {
            throw BadInput(
                "'\(text)' is not a ticker (letters, digits and . - ^ =, at most 24 characters)", parameter: "ticker")
        }
        self.ticker = ticker
        var seen: Set<String> = []
        for (name, value) in parameters {
            guard seen.insert(name).inserted else { throw BadInput("\(name) is given twice", parameter: name) }
            switch name {
            case "from": from = try Self.date(value, name)
            case "to": to = try Self.date(value, name)
            case "days":
                // Digits only: Int("+5") would accept a sign the command line refuses.
                guard value.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(value),
                    (1...Self.maxDays).contains(n)
                else {
                    throw BadInput(
                        "days expects a whole number from 1 to \(Self.maxDays), got '\(value.prefix(24))'",
                        parameter: name)
                }
                days = n
            case "source":
                guard let id = SourceID(rawValue: value.lowercased()) else {
                    let names = ProviderRegistry.names.joined(separator: ", ")
                    throw BadInput("unknown source '\(value)' (one of \(names))", parameter: name)
                }
                source = id
            case "basis":
                guard let preference = BasisPreference(rawValue: value.lowercased()) else {
                    throw BadInput("basis expects raw, split or any, got '\(value)'", parameter: name)
                }
                basis = preference
            case "partial":
                switch value.lowercased() {
                case "true", "1", "yes", "": partial = true
                case "false", "0", "no": partial = false
                default: throw BadInput("partial expects true or false, got '\(value)'", parameter: name)
                }
            default:
                throw BadInput(
                    Suggestion.phrase("unknown parameter '\(name)'", name, Self.parameters)
                        + " (from, to, days, source, basis, partial)", parameter: name)
            }
        }
        if days != nil, from != nil || to != nil {
            throw BadInput("days cannot be combined with from or to", parameter: "days")
        }
        if to != nil, from == nil { throw BadInput("to needs from", parameter: "from") }
        if let from, let to, from > to { throw BadInput("from (\(from)) is after to (\(to))", parameter: "from") }
    }

    /// The fetch this asks for, with relative ranges resolved against `today`; without a range,
    /// the last `defaultDays` calendar days.
    func request(today: TradingDate, defaultDays: Int) throws(BadInput) -> FetchRequest {
        let start: TradingDate
        let end: TradingDate
        if let from {
            start = from
            end = to ?? today
            if start > end { throw BadInput("from (\(start)) is after today (\(end))", parameter: "from") }
        } else {
            let n = days ?? defaultDays
            start = today.adding(days: -(n - 1))
            end = today
        }
        return FetchRequest(
            ticker: ticker, from: start, to: end, basis: basis, pinned: source, keepsUnfinished: partial)
    }

    /// A `YYYY-MM-DD` date that exists.
    static func date(_ text: String, _ name: String) throws(BadInput) -> TradingDate {
        guard let date = TradingDate(text) else {
            throw BadInput("\(name) expects an existing date as YYYY-MM-DD, got '\(text)'", parameter: name)
        }
        return date
    }
}
