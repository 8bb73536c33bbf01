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

    /// A result's candles written into one string are the generic array of the candle objects.
    @Test func candlesWrittenTogetherAreTheArrayOfEach() {
        let day = TradingDate("2024-03-01")!
        let candles = (0..<40).map { (i: Int) -> Candle in
            let x = Double(i)
            let high: Double = i == 3 ? .infinity : 20.17 * x
            return Candle(
                date: day.adding(days: i), open: 19.9 + x / 7, high: high, low: -x, close: 1e-7 * x,
                volume: x * 1_000_003)
        }
        let sources: [SourceID?] = candles.indices.map { i in i % 3 == 0 ? nil : (i % 2 == 0 ? .fmp : .eodhd) }
        #expect(
            ResultJSON.candles(candles, sources: sources)
                == JSONWriter.array(zip(candles, sources).map(ResultJSON.candle)))
        #expect(ResultJSON.candles([], sources: []) == "[]")
    }

    @Test func stringsWithAndWithoutEscapes() {
        #expect(JSONWriter.string("AAPL") == #""AAPL""#)
        #expect(JSONWriter.string("ünï ✓") == "\"ünï ✓\"")
        #expect(JSONWriter.string("a\"b\\c\nd\u{1}") == #""a\"b\\c\nd\u0001""#)
    }
}
