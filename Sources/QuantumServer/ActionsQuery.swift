import QuantumCore

/// What an actions request asks for (`GET /v1/actions/{ticker}`), read with the request
/// vocabulary the command line uses: `from` and `to` bound the events shown (`YYYY-MM-DD`;
/// every event is read either way), `sources` lists the sources to ask, comma-separated.
struct ActionsQuery: Sendable, Equatable {
    /// The query parameters the actions route takes.
    static let parameters = ["from", "to", "sources"]

    var ticker: String
    var from: TradingDate?
    var to: TradingDate?
    var sources: [SourceID]?

    /// Reads the ticker and the parameters; throws `BadInput` naming the first one at fault.
    init(ticker text: String, parameters: [(String, String)]) throws(BadInput) {
        ticker = try CandleQuery.read(RequestVocabulary.ticker(text), "ticker", prefix: false)
        var seen: Set<String> = []
        for (name, value) in parameters {
            guard seen.insert(name).inserted else { throw BadInput("\(name) is given twice", parameter: name) }
            switch name {
            case "from": from = try CandleQuery.read(RequestVocabulary.date(value), name)
            case "to": to = try CandleQuery.read(RequestVocabulary.date(value), name)
            case "sources":
                var ids: [SourceID] = []
                for part in value.split(separator: ",", omittingEmptySubsequences: false) {
                    let id = try CandleQuery.read(RequestVocabulary.source(String(part)), name, prefix: false)
                    if !ids.contains(id) { ids.append(id) }
                }
                sources = ids
            default:
                throw BadInput(
                    Suggestion.phrase("unknown parameter '\(name)'", name, Self.parameters)
                        + " (\(Self.parameters.joined(separator: ", ")))", parameter: name)
            }
        }
        if let from, let to, from > to { throw BadInput("from (\(from)) is after to (\(to))", parameter: "from") }
    }
}
