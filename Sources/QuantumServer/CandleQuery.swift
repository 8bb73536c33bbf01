import QuantumCore

/// What a candles request asks for, read from its parameters with the request vocabulary the
/// command line uses (`RequestVocabulary`, one set of limits and messages): `from`/`to` dates
/// (`YYYY-MM-DD`, `to` defaulting to today) or `days` (the last N calendar days, 1–36500),
/// `source` (pins one: no fallback), `basis` (`raw`, `split` — the default — or `split+dividend`,
/// computed here), `partial` (`true` keeps a session still open), `max_wait` (whole seconds a
/// request may wait for a rate-limit slot, at most the server's bound) and `format` (`json`, the
/// default, or `csv`).
struct CandleQuery: Sendable, Equatable {
    /// The query parameters the candles route takes.
    static let parameters = ["from", "to", "days", "source", "basis", "partial", "max_wait", "format"]
    /// The most seconds `max_wait` takes (the server's own bound may be lower).
    static let maxWaitSeconds = ServerOptions.maxWaitLimitSeconds

    /// What a served answer is written as.
    enum Format: String, Sendable, CaseIterable {
        case json, csv
    }

    var ticker: String
    /// Nil when no parameter gives one: the route's default.
    var range: DateRange?
    var source: SourceID?
    var basis = RequestVocabulary.defaultBasis
    var partial = false
    /// Nil when not given: the server's bound.
    var maxWait: Duration?
    /// Nil when not given: as `Accept` asks.
    var format: Format?

    /// Reads the ticker and the parameters; throws `BadInput` naming the first one at fault.
    init(ticker text: String, parameters: [(String, String)]) throws(BadInput) {
        ticker = try Self.read(RequestVocabulary.ticker(text), "ticker", prefix: false)
        var seen: Set<String> = []
        var days: DateRange?
        var from: TradingDate?
        var to: TradingDate?
        for (name, value) in parameters {
            guard seen.insert(name).inserted else { throw BadInput("\(name) is given twice", parameter: name) }
            switch name {
            case "from": from = try Self.read(RequestVocabulary.date(value), name)
            case "to": to = try Self.read(RequestVocabulary.date(value), name)
            case "days": days = .lastDays(try Self.read(RequestVocabulary.days(value), name))
            case "source": source = try Self.read(RequestVocabulary.source(value), name, prefix: false)
            case "basis": basis = try Self.read(RequestVocabulary.basis(value), name, prefix: false)
            case "partial":
                switch value.lowercased() {
                case "true", "1", "yes", "": partial = true
                case "false", "0", "no": partial = false
                default: throw BadInput("partial expects true or false, got '\(value.prefix(40))'", parameter: name)
                }
            case "max_wait":
                maxWait = .seconds(try Self.read(RequestVocabulary.whole(value, in: 0...Self.maxWaitSeconds), name))
            case "format":
                guard let known = Format(rawValue: value.lowercased()) else {
                    throw BadInput("format expects json or csv, got '\(value.prefix(40))'", parameter: name)
                }
                format = known
            default:
                throw BadInput(
                    Suggestion.phrase("unknown parameter '\(name)'", name, Self.parameters)
                        + " (\(Self.parameters.joined(separator: ", ")))", parameter: name)
            }
        }
        switch RequestVocabulary.range(days: days, from: from.map { $0 }, to: to, names: .parameters) {
        case .success(let range): self.range = range
        case .failure(let problem):
            let parameter =
                switch problem.counterpart ?? problem.parameter {
                case .days: "days"
                case .from: "from"
                case .to: "to"
                }
            throw BadInput(problem.message, parameter: parameter)
        }
    }

    /// A value the vocabulary read, or `BadInput` at `parameter` (its message after the name
    /// unless `prefix` is false, the message then standing alone).
    static func read<Value>(
        _ result: Result<Value, RequestVocabulary.Problem>, _ parameter: String, prefix: Bool = true
    ) throws(BadInput) -> Value {
        switch result {
        case .success(let value): return value
        case .failure(let problem):
            throw BadInput(prefix ? "\(parameter) \(problem.message)" : problem.message, parameter: parameter)
        }
    }

    /// The fetch this asks for, with relative ranges resolved against `today`; without a range,
    /// the last `defaultDays` calendar days.
    func request(today: TradingDate, defaultDays: Int) throws(BadInput) -> FetchRequest {
        let (start, end) = (range ?? .lastDays(defaultDays)).resolve(today: today)
        if start > end { throw BadInput("from (\(start)) is after today (\(end))", parameter: "from") }
        return FetchRequest(
            ticker: ticker, from: start, to: end, basis: basis, pinned: source, keepsUnfinished: partial)
    }
}
