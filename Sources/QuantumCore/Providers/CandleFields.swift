/// A candle field, whatever a provider calls it.
enum CandleField {
    /// A `YYYY-MM-DD` string.
    case date
    /// The bar's start in milliseconds since the epoch, read as its New York date.
    case epochMilliseconds
    case open, high, low, close, volume, vwap, adjustedClose, trades
}

/// The fields of one bar as read so far; a null value counts as absent.
struct CandleFields {
    var date: TradingDate?
    var open: Double?, high: Double?, low: Double?, close: Double?, volume: Double?
    var vwap: Double?, adjustedClose: Double?, trades: Int?
    /// How many fields were read; zero for an element that holds no bar.
    private(set) var count = 0

    /// Reads the next value as `field`.
    mutating func read(_ field: CandleField, from json: inout JSONReader) throws {
        switch field {
        case .date: date = try json.readDate()
        case .epochMilliseconds: date = NewYorkTime.date(epochMilliseconds: try json.readInt64())
        case .open: open = try json.readDouble()
        case .high: high = try json.readDouble()
        case .low: low = try json.readDouble()
        case .close: close = try json.readDouble()
        case .volume: volume = try json.readDouble()
        case .vwap: vwap = try json.readDouble()
        case .adjustedClose: adjustedClose = try json.readDouble()
        case .trades: trades = Int(try json.readInt64())
        }
        count += 1
    }

    /// The candle; nil when the date, a price or the volume is missing or null.
    var candle: Candle? {
        guard let date, let open, let high, let low, let close, let volume else { return nil }
        return Candle(
            date: date, open: open, high: high, low: low, close: close, volume: volume,
            vwap: vwap, trades: trades, adjustedClose: adjustedClose)
    }

    /// What a bar lacks: "open, close and volume".
    var lacking: String {
        let names = [
            date == nil ? "date" : nil, open == nil ? "open" : nil, high == nil ? "high" : nil,
            low == nil ? "low" : nil,
            close == nil ? "close" : nil, volume == nil ? "volume" : nil,
        ].compactMap { $0 }
        return names.count < 2
            ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names[names.count - 1]
    }
}

/// Rows a decoder dropped because the date, a price or the volume was missing or null: one bad
/// row costs that row, with a warning naming it, never the whole series.
struct DroppedRows {
    private(set) var count = 0
    private var first: (date: TradingDate?, lacking: String)?

    /// The row's candle, or nil (and the row counted) when it is not a whole bar.
    mutating func candle(_ fields: CandleFields) -> Candle? {
        if let candle = fields.candle { return candle }
        count += 1
        if first == nil { first = (fields.date, fields.lacking) }
        return nil
    }

    /// When rows came and none was a whole bar: a bad response that retrying will not mend.
    func allDropped(_ kept: [Candle]) -> SourceFailure? {
        guard kept.isEmpty, count > 0, let warning else { return nil }
        var failure = SourceFailure(.badResponse, status: 200, message: "no whole bar in the answer: " + warning)
        failure.retryable = false
        return failure
    }

    /// "dropped the row for 2021-07-09 (no open, high, low, close and volume)", or for several
    /// "dropped 3 rows without a whole bar (first 2021-07-09: no close)".
    var warning: String? {
        guard let first else { return nil }
        let which = first.date.map { "for \($0)" } ?? "without a date"
        if count == 1 { return "dropped the row \(which) (no \(first.lacking))" }
        return "dropped \(count) rows without a whole bar (first \(which): no \(first.lacking))"
    }
}

extension JSONReader {
    /// Reads one bar object, the loop every decoder shares: a key that `field` names is read into
    /// that field, a null value is skipped, and any other key is handed to `other` (which skips
    /// its value unless given).
    mutating func readCandleFields(
        _ field: (JSONKey) -> CandleField?,
        other: (JSONKey, inout JSONReader) throws -> Void = { _, json in try json.skipValue() }
    ) throws -> CandleFields {
        var fields = CandleFields()
        try beginObject()
        while let key = try nextKey() {
            if try consumeNull() { continue }
            if let name = field(key) {
                try fields.read(name, from: &self)
            } else {
                try other(key, &self)
            }
        }
        return fields
    }
}
