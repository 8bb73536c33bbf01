import Foundation
import QuantumCore

/// The bars of a recorded body read independently of the adapters, with `JSONSerialization` and
/// the field names providers use, so that every bar of every file is compared, not a sample.
enum RecordedBars {
    /// A candle field and the names providers give it; the first name present is read.
    static let fields: [(name: String, keys: [String], value: @Sendable (Candle) -> Double?)] = [
        ("open", ["o", "open", "1. open"], { $0.open }),
        ("high", ["h", "high", "2. high"], { $0.high }),
        ("low", ["l", "low", "3. low"], { $0.low }),
        ("close", ["c", "close", "4. close"], { $0.close }),
        ("volume", ["v", "volume", "5. volume", "6. volume"], { $0.volume }),
        ("vwap", ["vw", "vwap"], { $0.vwap }),
        ("adjusted close", ["adjClose", "adjusted_close", "5. adjusted close"], { $0.adjustedClose }),
        ("trades", ["n"], { $0.trades.map(Double.init) }),
    ]

    /// What differs between the decoded candles and the bars the body holds.
    static func compare(_ candles: [Candle], with body: [UInt8]) -> [String] {
        guard let json = try? JSONSerialization.jsonObject(with: Data(body)), let rows = rows(json) else {
            return ["the oracle found no bars in the body"]
        }
        guard candles.count == rows.count else { return ["\(candles.count) candles for \(rows.count) recorded bars"] }
        let byDate = Dictionary(candles.map { ($0.date, $0) }, uniquingKeysWith: { first, _ in first })
        var differences: [String] = []
        for row in rows {
            guard let date = date(row) else {
                differences.append("a recorded bar without a date: \(row)")
                continue
            }
            guard let candle = byDate[date] else {
                differences.append("no candle for \(date)")
                continue
            }
            for field in fields {
                let recorded = field.keys.lazy.compactMap { row[$0] }.first.flatMap(number)
                if field.value(candle) != recorded {
                    differences.append(
                        "\(date) \(field.name): decoded \(field.value(candle).map { "\($0)" } ?? "nothing"), "
                            + "recorded \(recorded.map { "\($0)" } ?? "nothing")"
                    )
                }
            }
        }
        return differences
    }

    /// The bar objects: a top-level array, the first array of objects in an object (`results`,
    /// `historical`), or an object of objects keyed by date (the date then becomes `date`).
    static func rows(_ json: Any) -> [[String: Any]]? {
        if let array = json as? [[String: Any]] { return array }
        guard let object = json as? [String: Any] else { return nil }
        for key in object.keys.sorted() {
            if let array = object[key] as? [[String: Any]] { return array }
            if let byDate = object[key] as? [String: [String: Any]], !byDate.isEmpty,
                byDate.keys.allSatisfy({ TradingDate($0) != nil })
            {
                return byDate.map { date, row in row.merging(["date": date]) { kept, _ in kept } }
            }
        }
        return nil
    }

    /// `date` as `YYYY-MM-DD`, or `t` in milliseconds since the epoch, read in New York.
    static func date(_ row: [String: Any]) -> TradingDate? {
        if let text = row["date"] as? String { return TradingDate(text) }
        guard let t = (row["t"] as? NSNumber)?.int64Value, let zone = TimeZone(identifier: "America/New_York") else {
            return nil
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(t) / 1000))
        guard let year = parts.year, let month = parts.month, let day = parts.day else { return nil }
        return TradingDate(year: year, month: month, day: day)
    }

    static func number(_ value: Any) -> Double? {
        switch value {
        case let number as NSNumber: number.doubleValue
        case let text as String: Double(text)
        default: nil
        }
    }
}
