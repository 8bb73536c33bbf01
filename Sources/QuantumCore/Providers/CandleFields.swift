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

    /// The candle; when the date or a price or the volume is missing, an error saying what a bar
    /// must hold (`expected`) at `offset`.
    func candle(expected: String, at offset: Int) throws -> Candle {
        guard let date, let open, let high, let low, let close, let volume else {
            throw JSONSyntaxError(expected: expected, offset: offset)
        }
        return Candle(
            date: date, open: open, high: high, low: low, close: close, volume: volume,
            vwap: vwap, trades: trades, adjustedClose: adjustedClose)
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
