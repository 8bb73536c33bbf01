import Foundation
import QuantumCore

/// A `POST /v1/batch` body: `{"tickers": ["AAPL", …], "from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}`
/// or `"days": N`, and optionally `"source"`, `"basis"`, `"partial"` — the members read as the
/// candles route reads its parameters.
struct BatchQuery: Sendable {
    var tickers: [String]
    /// The range and options, shared by every ticker (its ticker is the first one's).
    var options: CandleQuery

    /// Reads the body; throws `BadInput` naming the member at fault.
    init(body: [UInt8], maxTickers: Int) throws(BadInput) {
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
                throw BadInput(
                    "the body must be a JSON object such as {\"tickers\":[\"AAPL\"],\"days\":30}", parameter: "body")
            }
            object = parsed
        } catch let error as BadInput {
            throw error
        } catch {
            throw BadInput("the body is not valid JSON", parameter: "body")
        }
        guard let list = object["tickers"] as? [Any], !list.isEmpty else {
            throw BadInput("tickers must be a non-empty array of ticker strings", parameter: "tickers")
        }
        guard list.count <= maxTickers else {
            throw BadInput("at most \(maxTickers) tickers per batch, got \(list.count)", parameter: "tickers")
        }
        var tickers: [String] = []
        for item in list {
            guard let text = item as? String, let ticker = TickerText.normalized(text) else {
                throw BadInput("'\(item)' is not a ticker", parameter: "tickers")
            }
            tickers.append(ticker)
        }
        var parameters: [(String, String)] = []
        for (name, value) in object where name != "tickers" {
            switch value {
            case let text as String: parameters.append((name, text))
            case let flag as Bool where name == "partial": parameters.append((name, String(flag)))
            case let number as NSNumber where name == "days" && number.doubleValue.rounded() == number.doubleValue:
                parameters.append((name, String(number.intValue)))
            default: throw BadInput("\(name) has a value of the wrong type", parameter: name)
            }
        }
        self.tickers = tickers
        options = try CandleQuery(ticker: tickers[0], parameters: parameters.sorted { $0.0 < $1.0 })
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
