/// An object key as it sits in the input: compared byte-wise, decoded to a `String` only on demand.
struct JSONKey {
    let bytes: UnsafeBufferPointer<UInt8>
    let hasEscapes: Bool

    static func == (key: JSONKey, literal: StaticString) -> Bool {
        guard !key.hasEscapes, key.bytes.count == literal.utf8CodeUnitCount else { return false }
        let start = literal.utf8Start
        for i in 0..<key.bytes.count where key.bytes[i] != start[i] { return false }
        return true
    }

    /// Whether the key ends with `suffix` (some providers number their keys: `"1. open"`).
    func hasSuffix(_ suffix: StaticString) -> Bool {
        let count = suffix.utf8CodeUnitCount
        guard !hasEscapes, bytes.count >= count else { return false }
        let start = suffix.utf8Start
        let base = bytes.count - count
        for i in 0..<count where bytes[base + i] != start[i] { return false }
        return true
    }

    /// The key read as a `YYYY-MM-DD` date.
    var date: TradingDate? { hasEscapes ? nil : TradingDate(isoBytes: bytes) }

    var string: String {
        hasEscapes ? ((try? JSONKey.unescape(bytes)) ?? "") : String(decoding: bytes, as: UTF8.self)
    }

    /// Decodes the escapes of a JSON string's contents.
    static func unescape(_ raw: UnsafeBufferPointer<UInt8>) throws -> String {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        func hex4(_ at: Int) throws -> UInt32 {
            guard at + 4 <= raw.count else { throw JSONSyntaxError(expected: "four hex digits", offset: at) }
            var value: UInt32 = 0
            for j in at..<at + 4 {
                let c = raw[j]
                let digit: UInt32
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - 48)
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - 87)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(c - 55)
                default: throw JSONSyntaxError(expected: "a hex digit", offset: j)
                }
                value = value << 4 | digit
            }
            return value
        }
        while i < raw.count {
            let c = raw[i]
            guard c == UInt8(ascii: "\\") else {
                out.append(c)
                i += 1
                continue
            }
            guard i + 1 < raw.count else { throw JSONSyntaxError(expected: "an escape", offset: i) }
            let e = raw[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(i)
                i += 4
                if (0xD800..<0xDC00).contains(scalar), i + 6 <= raw.count, raw[i] == UInt8(ascii: "\\"),
                    raw[i + 1] == UInt8(ascii: "u")
                {
                    let low = try hex4(i + 2)
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    }
                }
                out.append(contentsOf: String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
            default: throw JSONSyntaxError(expected: "a valid escape", offset: i - 1)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
