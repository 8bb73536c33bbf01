/// Why a body could not be read as JSON: what was expected and at which byte.
struct JSONSyntaxError: Error, Equatable {
    var expected: String
    var offset: Int
}

/// A forward-only JSON pull reader over UTF-8 bytes.
///
/// Decoders walk a response with it and take only the fields they need, so a candle costs no
/// intermediate dictionaries or strings; this is the hot path of every fetch. Keys are compared
/// as bytes (`key == "open"`), numbers are parsed in place, and strings holding numbers (as some
/// providers send them) are read by the same number parser.
struct JSONReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private(set) var offset = 0
    /// True right after `{` or `[`: the next member must not be preceded by a comma.
    private var atContainerStart = false

    /// Runs `body` with a reader over `data`; anything but white space left after what `body`
    /// read (bytes after the document) is an error.
    static func read<T>(_ data: [UInt8], _ body: (inout JSONReader) throws -> T) throws -> T {
        try data.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(bytes: buffer)
            let value = try body(&reader)
            guard reader.isAtEnd() else { throw reader.error("the end of the document") }
            return value
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    enum Kind { case object, array, string, number, bool, null }

    /// The kind of the next value, without consuming it.
    mutating func peekKind() throws -> Kind {
        switch try peekByte() {
        case UInt8(ascii: "{"): .object
        case UInt8(ascii: "["): .array
        case UInt8(ascii: "\""): .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): .bool
        case UInt8(ascii: "n"): .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): .number
        // `NaN` and `Infinity`: not JSON, but some providers' encoders write them (Python's does).
        case UInt8(ascii: "N"), UInt8(ascii: "I"): .number
        default: throw error("a JSON value")
        }
    }

    /// Whether only white space is left.
    mutating func isAtEnd() -> Bool {
        skipWhitespace()
        return offset >= bytes.count
    }

    // MARK: Containers

    mutating func beginObject() throws {
        try consume(UInt8(ascii: "{"), "'{'")
        atContainerStart = true
    }

    /// The next key of the current object, positioned before its value; nil at the closing brace.
    mutating func nextKey() throws -> JSONKey? {
        guard try nextMember(closer: UInt8(ascii: "}")) else { return nil }
        guard try peekByte() == UInt8(ascii: "\"") else { throw error("an object key") }
        let key = try scanString()
        try consume(UInt8(ascii: ":"), "':'")
        return JSONKey(bytes: UnsafeBufferPointer(rebasing: bytes[key.range]), hasEscapes: key.hasEscapes)
    }

    mutating func beginArray() throws {
        try consume(UInt8(ascii: "["), "'['")
        atContainerStart = true
    }

    /// Moves to the next array element; false at the closing bracket.
    mutating func nextElement() throws -> Bool {
        try nextMember(closer: UInt8(ascii: "]"))
    }

    private mutating func nextMember(closer: UInt8) throws -> Bool {
        let byte = try peekByte()
        if byte == closer {
            offset += 1
            atContainerStart = false
            return false
        }
        if atContainerStart {
            atContainerStart = false
        } else {
            guard byte == UInt8(ascii: ",") else { throw error("',' or '\(Character(Unicode.Scalar(closer)))'") }
            offset += 1
        }
        return true
    }

    // MARK: Scalars

    /// Consumes `null` if it is next.
    mutating func consumeNull() throws -> Bool {
        guard try peekByte() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    mutating func readBool() throws -> Bool {
        switch try peekByte() {
        case UInt8(ascii: "t"): try literal("true"); return true
        case UInt8(ascii: "f"): try literal("false"); return false
        default: throw error("true or false")
        }
    }

    mutating func readString() throws -> String {
        guard try peekByte() == UInt8(ascii: "\"") else { throw error("a string") }
        let scanned = try scanString()
        let raw = UnsafeBufferPointer(rebasing: bytes[scanned.range])
        return scanned.hasEscapes ? try JSONKey.unescape(raw) : String(decoding: raw, as: UTF8.self)
    }

    /// Reads a string value as a `YYYY-MM-DD` date.
    mutating func readDate() throws -> TradingDate {
        guard try peekByte() == UInt8(ascii: "\"") else { throw error("a date string") }
        let start = offset
        let scanned = try scanString()
        guard !scanned.hasEscapes, let date = TradingDate(isoBytes: UnsafeBufferPointer(rebasing: bytes[scanned.range]))
        else { throw JSONSyntaxError(expected: "a YYYY-MM-DD date", offset: start) }
        return date
    }

    /// Reads a number, or a string that holds one (`"19.5"`).
    mutating func readDouble() throws -> Double {
        if try peekByte() == UInt8(ascii: "\"") {
            let start = offset
            let scanned = try scanString()
            var inner = JSONReader(bytes: UnsafeBufferPointer(rebasing: bytes[scanned.range]))
            guard !scanned.hasEscapes, let value = try? inner.scanNumber(), inner.offset == scanned.range.count
            else { throw JSONSyntaxError(expected: "a number in a string", offset: start) }
            return value
        }
        return try scanNumber()
    }

    /// Reads a value where a provider should have put a number but may put anything: a number or
    /// a string holding one gives its value; `NaN`, `Infinity`, a string holding no number
    /// (`"NA"`, `""`), `true`, an object or an array give nil (the value is consumed either way).
    /// Only a body that is not JSON throws.
    mutating func readFiniteNumber() throws -> Double? {
        switch try peekKind() {
        case .number:
            let value = try scanNumber()
            return value.isFinite ? value : nil
        case .string:
            let scanned = try scanString()
            guard !scanned.hasEscapes else { return nil }
            var inner = JSONReader(bytes: UnsafeBufferPointer(rebasing: bytes[scanned.range]))
            guard let value = try? inner.scanNumber(), inner.offset == scanned.range.count, value.isFinite
            else { return nil }
            return value
        default:
            try skipValue()
            return nil
        }
    }

    /// Reads a `YYYY-MM-DD` date where a provider may put anything: nil for any other value
    /// (consumed). Only a body that is not JSON throws.
    mutating func readDateIfValid() throws -> TradingDate? {
        guard try peekByte() == UInt8(ascii: "\"") else {
            try skipValue()
            return nil
        }
        let scanned = try scanString()
        guard !scanned.hasEscapes else { return nil }
        return TradingDate(isoBytes: UnsafeBufferPointer(rebasing: bytes[scanned.range]))
    }

    /// The bytes `range` of the document as text (at most `limit` characters), to quote a value.
    func text(_ range: Range<Int>, limit: Int = 24) -> String {
        let clamped = range.clamped(to: 0..<bytes.count)
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
        let trimmed = bytes[clamped].drop(while: isSpace).reversed().drop(while: isSpace).reversed()
        let text = String(decoding: trimmed, as: UTF8.self)
        return text.count > limit ? String(text.prefix(limit)) + "…" : text
    }

    /// Reads an integral number (or a string holding one), such as epoch milliseconds.
    mutating func readInt64() throws -> Int64 {
        let start = offset
        let value = try readDouble()
        guard value.rounded() == value, abs(value) < 9.0e15 else {
            throw JSONSyntaxError(expected: "an integer", offset: start)
        }
        return Int64(value)
    }

    /// Skips the next value, whatever it is.
    mutating func skipValue() throws {
        switch try peekKind() {
        case .object:
            try beginObject()
            while try nextKey() != nil { try skipValue() }
        case .array:
            try beginArray()
            while try nextElement() { try skipValue() }
        case .string: _ = try scanString()
        case .number: _ = try scanNumber()
        case .bool: _ = try readBool()
        case .null: _ = try consumeNull()
        }
    }

    // MARK: Scanning

    @inline(__always)
    private mutating func skipWhitespace() {
        // Most values follow their ':' or ',' directly.
        if offset < bytes.count, bytes[offset] > 0x20 { return }
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x0A, 0x0D, 0x09: offset += 1
            default: return
            }
        }
    }

    private mutating func peekByte() throws -> UInt8 {
        skipWhitespace()
        guard offset < bytes.count else { throw error("more input") }
        return bytes[offset]
    }

    private mutating func consume(_ byte: UInt8, _ what: String) throws {
        guard try peekByte() == byte else { throw error(what) }
        offset += 1
    }

    private mutating func literal(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard offset + count <= bytes.count else { throw error("'\(word)'") }
        for i in 0..<count where bytes[offset + i] != word.utf8Start[i] { throw error("'\(word)'") }
        offset += count
    }

    /// Scans a string at `offset` (on its opening quote); returns the range of its contents.
    private mutating func scanString() throws -> (range: Range<Int>, hasEscapes: Bool) {
        let start = offset + 1
        var i = start
        var escapes = false
        while i < bytes.count {
            // Past a short string's first bytes (Polygon's keys are one or two), eight bytes at a
            // time while none of them ends the string, escapes or is a control.
            if i - start >= 2, i + 8 <= bytes.count {
                let stop = Self.stopBytes(UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self))
                if stop == 0 {
                    i += 8
                    continue
                }
                i += stop.trailingZeroBitCount / 8
            }
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") {
                offset = i + 1
                return (start..<i, escapes)
            }
            if byte == UInt8(ascii: "\\") {
                escapes = true
                i += 2
                continue
            }
            if byte < 0x20 { throw JSONSyntaxError(expected: "no control character in a string", offset: i) }
            i += 1
        }
        throw JSONSyntaxError(expected: "a closing quote", offset: offset)
    }

    /// A mask with the top bit set in every byte of `word` (as it sits in memory) that is `"`, `\`
    /// or a control character, and possibly in bytes after the first such byte; zero when there
    /// are none. The lowest set bit marks the first one.
    @inline(__always)
    private static func stopBytes(_ word: UInt64) -> UInt64 {
        let w = UInt64(littleEndian: word)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quote = w ^ (ones &* 0x22)
        let backslash = w ^ (ones &* 0x5C)
        let zeroInQuote = (quote &- ones) & ~quote
        let zeroInBackslash = (backslash &- ones) & ~backslash
        let control = (w &- ones &* 0x20) & ~w
        return (zeroInQuote | zeroInBackslash | control) & highs
    }

    fileprivate mutating func scanNumber() throws -> Double {
        skipWhitespace()
        let start = offset
        var i = offset
        let n = bytes.count
        let negative = i < n && bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        // Every digit goes into the mantissa; past 19 digits it may wrap, and the slow path reads
        // the number instead.
        var mantissa: UInt64 = 0
        let integerStart = i
        while i < n, case let d = bytes[i] &- 48, d <= 9 {
            mantissa = mantissa &* 10 &+ UInt64(d)
            i += 1
        }
        var digits = i - integerStart
        guard digits > 0 else {
            if let special = nonFiniteLiteral(at: i, negative: negative) { return special }
            throw JSONSyntaxError(expected: "a number", offset: start)
        }
        var exponent = 0
        if i < n, bytes[i] == UInt8(ascii: ".") {
            i += 1
            let fractionStart = i
            while i < n, case let d = bytes[i] &- 48, d <= 9 {
                mantissa = mantissa &* 10 &+ UInt64(d)
                i += 1
            }
            guard i > fractionStart else { throw JSONSyntaxError(expected: "a digit after '.'", offset: i) }
            exponent = fractionStart - i
            digits += i - fractionStart
        }
        if i < n, bytes[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var expNegative = false
            if i < n, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
                expNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            var e = 0
            let expStart = i
            while i < n, case let d = bytes[i] &- 48, d <= 9 {
                if e < 100_000 { e = e * 10 + Int(d) }
                i += 1
            }
            guard i > expStart else { throw JSONSyntaxError(expected: "an exponent", offset: i) }
            exponent += expNegative ? -e : e
        }
        offset = i
        atContainerStart = false
        // Clinger's fast path: both operands exact in a double, so one rounding gives the right
        // answer. Nineteen digits always fit in 64 bits.
        if digits <= 19, mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
            let m = Double(mantissa)
            let value = exponent < 0 ? m / PowerOfTen.of(-exponent) : m * PowerOfTen.of(exponent)
            return negative ? -value : value
        }
        return Self.slowParse(UnsafeBufferPointer(rebasing: bytes[start..<i]))
    }

    /// `NaN`, `Infinity` or `-Infinity` at `i` (after the sign): consumed, and its value.
    private mutating func nonFiniteLiteral(at i: Int, negative: Bool) -> Double? {
        for (word, value) in [("NaN", Double.nan), ("Infinity", Double.infinity)] {
            let utf8 = word.utf8
            guard i + utf8.count <= bytes.count, bytes[i..<(i + utf8.count)].elementsEqual(utf8) else { continue }
            offset = i + utf8.count
            atContainerStart = false
            return negative ? -value : value
        }
        return nil
    }

    private static func slowParse(_ text: UnsafeBufferPointer<UInt8>) -> Double {
        Double(String(decoding: text, as: UTF8.self)) ?? .nan
    }

    private func error(_ expected: String) -> JSONSyntaxError {
        JSONSyntaxError(expected: expected, offset: offset)
    }
}

extension JSONReader {
    /// Whether `bytes` stop inside a value: an open string, object or array, or nothing at all.
    /// Such a body was cut short in transit (worth asking again); a whole body that does not
    /// parse is wrong for good.
    static func isCutShort(_ bytes: [UInt8]) -> Bool {
        var depth = 0
        var inString = false
        var escaped = false
        var sawValue = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): continue
            default: break
            }
            sawValue = true
        }
        return !sawValue || inString || depth > 0
    }
}
