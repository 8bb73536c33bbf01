/// A candle field, whatever a provider calls it.
enum CandleField {
    /// A `YYYY-MM-DD` string.
    case date
    /// The bar's start in milliseconds since the epoch, read as its New York date.
    case epochMilliseconds
    case open, high, low, close, volume, vwap, adjustedClose, trades

    /// The name of a field every bar needs; nil for the optional ones.
    var requiredName: String? {
        switch self {
        case .date, .epochMilliseconds: "date"
        case .open: "open"
        case .high: "high"
        case .low: "low"
        case .close: "close"
        case .volume: "volume"
        case .vwap, .adjustedClose, .trades: nil
        }
    }
}

/// The fields of one bar as read so far; a null value counts as absent.
struct CandleFields {
    var date: TradingDate?
    var open: Double?, high: Double?, low: Double?, close: Double?, volume: Double?
    var vwap: Double?, adjustedClose: Double?, trades: Int?
    /// How many fields were read; zero for an element that holds no bar.
    private(set) var count = 0

    /// A required field whose value was there but not a finite number (or not a date): its name
    /// and the value as sent (`close`, `"NA"`); the first one only.
    private(set) var unreadable: (name: String, text: String)?

    /// Reads the next value as `field`. A value that is not a finite number (`NaN`, `Infinity`,
    /// `"NA"`, `""`) or not a date counts as absent; for a field a bar needs, it is remembered to
    /// say why the row was dropped. Fields no bar needs (VWAP, trades, adjusted close) are read
    /// when they are numbers and left out when they are not.
    mutating func read(_ field: CandleField, from json: inout JSONReader) throws {
        let start = json.offset
        switch field {
        case .date: date = try json.readDateIfValid()
        case .epochMilliseconds:
            date = try json.readFiniteNumber().flatMap { $0.rounded() == $0 && abs($0) < 9.0e15 ? $0 : nil }
                .map { NewYorkTime.date(epochMilliseconds: Int64($0)) }
        case .open: open = try json.readFiniteNumber()
        case .high: high = try json.readFiniteNumber()
        case .low: low = try json.readFiniteNumber()
        case .close: close = try json.readFiniteNumber()
        case .volume: volume = try json.readFiniteNumber()
        case .vwap: vwap = try json.readFiniteNumber()
        case .adjustedClose: adjustedClose = try json.readFiniteNumber()
        case .trades:
            trades = try json.readFiniteNumber().flatMap { $0.rounded() == $0 && abs($0) < 9.0e15 ? Int($0) : nil }
        }
        count += 1
        if !has(field), unreadable == nil, let name = field.requiredName {
            unreadable = (name, json.text(start..<json.offset))
        }
    }

    /// Whether the field a bar needs holds a value.
    private func has(_ field: CandleField) -> Bool {
        switch field {
        case .date, .epochMilliseconds: date != nil
        case .open: open != nil
        case .high: high != nil
        case .low: low != nil
        case .close: close != nil
        case .volume: volume != nil
        case .vwap, .adjustedClose, .trades: true
        }
    }

    /// The candle; nil when the date, a price or the volume is missing or null.
    var candle: Candle? {
        guard let date, let open, let high, let low, let close, let volume else { return nil }
        return Candle(
            date: date, open: open, high: high, low: low, close: close, volume: volume,
            vwap: vwap, trades: trades, adjustedClose: adjustedClose)
    }

    /// Why these fields are not a bar: a value that is not a number (`close is "NA"`), else what
    /// is missing (`no open, close and volume`).
    var whyNotABar: String {
        if let unreadable { return "\(unreadable.name) is \(unreadable.text)" }
        return "no " + lacking
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
    private var first: (date: TradingDate?, reason: String)?

    /// The row's candle, or nil (and the row counted) when it is not a whole bar.
    mutating func candle(_ fields: CandleFields) -> Candle? {
        if let candle = fields.candle { return candle }
        count += 1
        // The earliest dropped row is named (a dateless one only when no row has a date).
        if first == nil || (fields.date != nil && (first?.date).map { fields.date! < $0 } ?? true) {
            first = (fields.date, fields.whyNotABar)
        }
        return nil
    }

    /// When rows came and none was a whole bar: a bad response that retrying will not mend.
    func allDropped(_ kept: [Candle]) -> SourceFailure? {
        guard kept.isEmpty, count > 0, let warning else { return nil }
        var failure = SourceFailure(.badResponse, status: 200, message: "no whole bar in the answer: " + warning)
        failure.retryable = false
        return failure
    }

    /// "dropped the row for 2021-07-09 (no open, high, low, close and volume)", "dropped the row
    /// for 2024-03-05 (close is NaN)", or for several "dropped 3 rows without a whole bar (first
    /// 2021-07-09: no close)", the first being the earliest by date.
    var warning: String? {
        guard let first else { return nil }
        let which = first.date.map { "for \($0)" } ?? "without a date"
        if count == 1 { return "dropped the row \(which) (\(first.reason))" }
        return "dropped \(count) rows without a whole bar (first \(which): \(first.reason))"
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
