/// A calendar date with no time of day: the trading session's date in the exchange's time zone.
///
/// Stored as days since 1970-01-01, so comparison, hashing and stepping are integer operations.
public struct TradingDate: Hashable, Comparable, Sendable {
    /// Days since 1970-01-01 (negative before it).
    public let daysSinceEpoch: Int32

    public init(daysSinceEpoch: Int32) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    /// Creates a date from its civil parts; nil when the parts do not name a real day.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= TradingDate.daysIn(month: month, year: year),
            (1...9999).contains(year)
        else { return nil }
        self.daysSinceEpoch = Int32(TradingDate.days(year: year, month: month, day: day))
    }

    /// Parses `YYYY-MM-DD`.
    public init?(_ text: some StringProtocol) {
        var utf8 = Array(text.utf8)
        guard let date = utf8.withUnsafeMutableBufferPointer({ TradingDate(isoBytes: UnsafeBufferPointer($0)) })
        else { return nil }
        self = date
    }

    /// Parses exactly ten bytes `YYYY-MM-DD`.
    init?(isoBytes b: UnsafeBufferPointer<UInt8>) {
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        // Straight-line: this runs once per bar a provider sends.
        let digits = (
            b[0] &- 48, b[1] &- 48, b[2] &- 48, b[3] &- 48, b[5] &- 48, b[6] &- 48, b[8] &- 48, b[9] &- 48
        )
        guard max(digits.0, digits.1, digits.2, digits.3) <= 9, max(digits.4, digits.5, digits.6, digits.7) <= 9
        else { return nil }
        let y = Int(digits.0) * 1000 + Int(digits.1) * 100 + Int(digits.2) * 10 + Int(digits.3)
        self.init(
            year: y, month: Int(digits.4) * 10 + Int(digits.5), day: Int(digits.6) * 10 + Int(digits.7))
    }

    public static func < (lhs: TradingDate, rhs: TradingDate) -> Bool {
        lhs.daysSinceEpoch < rhs.daysSinceEpoch
    }

    /// The date `n` calendar days later (earlier when negative).
    public func adding(days n: Int) -> TradingDate {
        TradingDate(daysSinceEpoch: daysSinceEpoch + Int32(n))
    }

    /// Calendar days from `self` to `other`.
    public func days(to other: TradingDate) -> Int {
        Int(other.daysSinceEpoch - daysSinceEpoch)
    }

    /// Year, month and day.
    public var parts: (year: Int, month: Int, day: Int) {
        // Howard Hinnant's civil_from_days.
        let z = Int(daysSinceEpoch) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// 0 = Sunday … 6 = Saturday.
    public var weekday: Int {
        let w = (Int(daysSinceEpoch) + 4) % 7  // 1970-01-01 was a Thursday
        return w < 0 ? w + 7 : w
    }

    public var isWeekend: Bool { weekday == 0 || weekday == 6 }

    static func days(year: Int, month: Int, day: Int) -> Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

extension TradingDate: CustomStringConvertible, LosslessStringConvertible {
    /// `YYYY-MM-DD`.
    public var description: String {
        let (y, m, d) = parts
        if (0...9999).contains(y) {
            // Ten bytes written in place: every bar rendered or exported names its date.
            return String(unsafeUninitializedCapacity: 10) { text in
                let zero = UInt8(ascii: "0")
                (text[0], text[1]) = (zero + UInt8(y / 1000), zero + UInt8(y / 100 % 10))
                (text[2], text[3]) = (zero + UInt8(y / 10 % 10), zero + UInt8(y % 10))
                (text[4], text[7]) = (UInt8(ascii: "-"), UInt8(ascii: "-"))
                (text[5], text[6]) = (zero + UInt8(m / 10), zero + UInt8(m % 10))
                (text[8], text[9]) = (zero + UInt8(d / 10), zero + UInt8(d % 10))
                return 10
            }
        }
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }
}

extension TradingDate: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = TradingDate(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a YYYY-MM-DD date: \(text)"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
