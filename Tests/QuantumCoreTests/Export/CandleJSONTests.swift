import Testing

@testable import QuantumCore

/// The candle shape written directly is the one `JSONWriter.object` writes, byte for byte.
@Suite struct CandleJSONTests {
    @Test(arguments: [
        (
            Candle(
                date: TradingDate("2024-03-01")!, open: 19.9, high: 20.17, low: 19.27, close: 19.31, volume: 50_317_259),
            SourceID?.some(.polygon)
        ),
        (Candle(date: TradingDate("1999-12-31")!, open: 0.0001, high: 1e21, low: -0, close: .nan, volume: 0), nil),
    ])
    func directCandleMatchesTheGenericObject(candle c: Candle, source: SourceID?) {
        let generic = JSONWriter.object([
            ("date", JSONWriter.string(c.date.description)),
            ("source", JSONWriter.optional(source?.rawValue)),
            ("open", JSONWriter.number(c.open)), ("high", JSONWriter.number(c.high)),
            ("low", JSONWriter.number(c.low)), ("close", JSONWriter.number(c.close)),
            ("volume", JSONWriter.number(c.volume)),
        ])
        #expect(ResultJSON.candle(c, source: source) == generic)
    }

    @Test func stringsWithAndWithoutEscapes() {
        #expect(JSONWriter.string("AAPL") == #""AAPL""#)
        #expect(JSONWriter.string("ünï ✓") == "\"ünï ✓\"")
        #expect(JSONWriter.string("a\"b\\c\nd\u{1}") == #""a\"b\\c\nd\u0001""#)
    }
}
