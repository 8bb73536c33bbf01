import Testing
@testable import QuantumCore

@Suite struct JSONReaderTests {
    func number(_ text: String) throws -> Double {
        try JSONReader.read(Array(text.utf8)) { json in try json.readDouble() }
    }

    @Test(arguments: [
        "0", "-0", "1", "130.26", "1.12117471e+08", "6.3896155e+07", "642646396.0", "0.0036082", "-0.315",
        "1.7976931348623157e308", "5e-324", "123456789012345678901234567890", "0.1234567890123456789",
        "9007199254740993", "1E22", "1e23", "2.5E-3", "43",
    ])
    func numbersMatchTheStandardLibrary(_ text: String) throws {
        #expect(try number(text) == Double(text)!)
    }

    /// Prices, volumes and long or zero-padded digit strings as providers write them, printed from
    /// random doubles and integers: the reader's fast path and its fallback both agree with the
    /// standard library's correctly rounded parse.
    @Test func generatedNumbersMatchTheStandardLibrary() throws {
        var generator = XorShift(state: 28)
        for _ in 0..<20_000 {
            let r = generator.next()
            let digits = Int(r % 25) + 1
            let point = Int((r >> 8) % UInt64(digits + 1))
            var text = String((0..<digits).map { _ in Character(String(generator.next() % 10)) })
            if point < digits { text.insert(".", at: text.index(text.startIndex, offsetBy: point)) }
            if text.hasPrefix(".") { text = "0" + text }
            if r >> 40 & 1 == 1 { text = "-" + text }
            if r >> 41 & 3 == 0 { text += "e" + String(Int((r >> 44) % 60) - 30) }
            #expect(try number(text) == Double(text)!, "\(text)")
            let printed = String(Double(bitPattern: generator.next() >> 2) * (r & 1 == 0 ? 1 : -1))
            if printed.allSatisfy({ $0.isNumber || "-.e+".contains($0) }) {
                #expect(try number(printed) == Double(printed)!, "\(printed)")
            }
        }
    }

    /// A quote, a backslash or a control character at every position around the reader's
    /// eight-byte steps: each is found where it is.
    @Test func stringsEndEscapeAndRejectAtEveryOffset() throws {
        for length in 0..<20 {
            let plain = String(repeating: "a", count: length)
            #expect(try JSONReader.read(Array("\"\(plain)\"".utf8)) { try $0.readString() } == plain)
            let escaped = plain + #"\"x"#
            #expect(try JSONReader.read(Array("\"\(escaped)\"".utf8)) { try $0.readString() } == plain + "\"x")
            var control = Array("\"\(plain)\tb\"".utf8)
            #expect(throws: JSONSyntaxError(expected: "no control character in a string", offset: length + 1)) {
                try JSONReader.read(control) { try $0.readString() }
            }
            control = Array("\"\(plain)é\u{7F}\"".utf8)
            #expect(try JSONReader.read(control) { try $0.readString() } == plain + "é\u{7F}")
            #expect(throws: JSONSyntaxError.self) {
                try JSONReader.read(Array("\"\(plain)".utf8)) { try $0.readString() }
            }
        }
    }

    @Test func numbersInStringsAreRead() throws {
        #expect(try number("\"19.5\"") == 19.5)
        #expect(try number("\"86.4900\"") == 86.49)
        #expect(throws: JSONSyntaxError.self) { try number("\"19.5x\"") }
        #expect(throws: JSONSyntaxError.self) { try number("\"\"") }
    }

    @Test(arguments: ["-", "1.", ".5", "1e", "--1", "x"])
    func malformedNumbersThrow(_ text: String) {
        #expect(throws: JSONSyntaxError.self) { try number(text) }
    }

    @Test func stringsUnescape() throws {
        let text = #""a\"b\\c\/d\n\u00e9\ud83d\ude00""#
        let decoded = try JSONReader.read(Array(text.utf8)) { json in try json.readString() }
        #expect(decoded == "a\"b\\c/d\né😀")
    }

    @Test func walksNestedObjectsAndSkipsUnknownValues() throws {
        let text = #"{"skip": {"a": [1, {"b": null}, "x", true]}, "keep": [1, 2.5, 3], "e": {}, "last": "z"}"#
        let (kept, last) = try JSONReader.read(Array(text.utf8)) { json -> ([Double], String) in
            var kept: [Double] = []
            var last = ""
            try json.beginObject()
            while let key = try json.nextKey() {
                if key == "keep" {
                    try json.beginArray()
                    while try json.nextElement() { kept.append(try json.readDouble()) }
                } else if key == "last" {
                    last = try json.readString()
                } else {
                    try json.skipValue()
                }
            }
            let atEnd = json.isAtEnd()
            #expect(atEnd)
            return (kept, last)
        }
        #expect(kept == [1, 2.5, 3])
        #expect(last == "z")
    }

    @Test(arguments: [
        #"{"a":1 "b":2}"#, #"{,"a":1}"#, #"[1,,2]"#, #"{"a":1,}"#, #"{"a" 1}"#, #"{"a":"#, #"[1, 2"#,
        "{\"a\":\"x\ny\"}",
    ])
    func malformedDocumentsThrow(_ text: String) {
        #expect(throws: JSONSyntaxError.self) {
            try JSONReader.read(Array(text.utf8)) { json in try json.skipValue() }
        }
    }

    @Test func keysCompareByBytes() throws {
        try JSONReader.read(Array(#"{"5. adjusted close": 1}"#.utf8)) { json in
            try json.beginObject()
            let key = try #require(try json.nextKey())
            #expect(key.hasSuffix(". adjusted close"))
            #expect(!key.hasSuffix(". volume"))
            #expect(!(key == "close"))
            try json.skipValue()
            let closed = try json.nextKey() == nil
            #expect(closed)
        }
    }

    @Test(arguments: [#"{"a":1} x"#, #"[1]]"#, #"{"a":1}{"a":1}"#, "1 2", #""s" ,"#])
    func bytesAfterTheDocumentThrow(_ text: String) {
        #expect(throws: JSONSyntaxError.self) {
            try JSONReader.read(Array(text.utf8)) { json in try json.skipValue() }
        }
    }

    @Test func whiteSpaceAfterTheDocumentIsAllowed() throws {
        try JSONReader.read(Array("{\"a\": [1]} \r\n\t ".utf8)) { json in try json.skipValue() }
    }
}

/// The literals some providers' encoders write where JSON has none (`NaN`, `Infinity`), and
/// values that are no number where one belongs.
@Suite struct JSONReaderNonFiniteTests {
    @Test(arguments: ["NaN", "Infinity", "-Infinity"])
    func nonFiniteLiteralsAreSkippedAndReadAsNoNumber(_ literal: String) throws {
        let text = #"{"a":\#(literal),"b":[\#(literal),1],"c":\#(literal)}"#
        let c = try JSONReader.read(Array(text.utf8)) { json -> Double? in
            try json.beginObject()
            var c: Double?
            while let key = try json.nextKey() {
                if key == "c" { c = try json.readFiniteNumber() } else { try json.skipValue() }
            }
            return c
        }
        #expect(c == nil)
    }

    @Test(arguments: [#""NA""#, #""""#, #""-""#, #""N/A""#, "true", "{}", "[1]", "1e999"])
    func valuesThatAreNoFiniteNumberReadAsNil(_ value: String) throws {
        #expect(try JSONReader.read(Array(value.utf8)) { try $0.readFiniteNumber() } == nil)
    }

    @Test func numbersAndNumbersInStringsStillRead() throws {
        #expect(try JSONReader.read(Array("12.5".utf8)) { try $0.readFiniteNumber() } == 12.5)
        #expect(try JSONReader.read(Array(#""-3e2""#.utf8)) { try $0.readFiniteNumber() } == -300)
    }

    @Test(arguments: ["Nope", "Inf", "-I", "NaNa"])
    func otherWordsAreStillNotJSON(_ text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONReader.read(Array(text.utf8)) { try $0.skipValue() } }
    }
}

/// A seeded generator: the same numbers on every run.
private struct XorShift: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
}
