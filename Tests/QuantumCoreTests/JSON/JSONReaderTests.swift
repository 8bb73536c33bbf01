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
