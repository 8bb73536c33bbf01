import Foundation
import Testing
@testable import QuantumCore
@testable import QuantumScript

/// `set format` and `set rows` for `show`, and prices at one precision per table.
@Suite struct ShowFormatTests {
    static let result = FetchResult(
        ticker: "AAPL", from: TradingDate("2024-01-02")!, to: TradingDate("2024-01-04")!, source: .polygon,
        basis: .split,
        candles: [
            Candle(
                date: TradingDate("2024-01-02")!, open: 187.15, high: 188.44, low: 183.885, close: 185.64, volume: 82),
            Candle(
                date: TradingDate("2024-01-03")!, open: 184.22, high: 185.88, low: 183.43, close: 184.25, volume: 58),
            Candle(
                date: TradingDate("2024-01-04")!, open: 182.15, high: 183.09, low: 180.88, close: 181.91, volume: 71),
        ],
        attempts: [Attempt(source: .polygon, outcome: .ok, status: 200, milliseconds: 1)], simulated: true)

    @Test func pricesShareOnePrecisionSoDecimalPointsLineUp() {
        let text = TextRenderer.show([Self.result], rows: 10, format: .table, TextStyle(width: 100))
        #expect(text.contains("2024-01-02  187.150  188.440  183.885  185.640      82"))
    }

    @Test func eachFormatLaysTheCandlesOutItsWay() {
        let style = TextStyle(width: 100)
        let vertical = TextRenderer.show([Self.result], rows: 1, format: .vertical, style)
        #expect(vertical.contains("  -[ 2024-01-02 ]-\n  open   | 187.150\n"))
        #expect(vertical.components(separatedBy: "-[ ").count == 4)
        let markdown = TextRenderer.show([Self.result], rows: 1, format: .markdown, style)
        #expect(markdown.hasPrefix("**AAPL**\n\n| date | open |") && !markdown.contains("| … |"))
        let csv = TextRenderer.show([Self.result], rows: 1, format: .csv, style)
        #expect(csv.split(separator: "\n").count == 4 && csv.hasPrefix("ticker,date,open"))
        let json = TextRenderer.show([Self.result], rows: 1, format: .json, style)
        #expect(json.hasPrefix("[\n{\"ticker\":\"AAPL\"") && json.hasSuffix("]"))
    }

    @Test func theSettingsParseAndRoundTrip() throws {
        let parsed = try ScriptRunner.parse("set rows 3; set format vertical", origin: "t").map(\.1)
        #expect(parsed == [.set(.rows(3)), .set(.format(.vertical))])
        #expect(parsed.map { $0.text(writingReferences: { _ in nil }) } == ["set rows 3", "set format vertical"])
    }
}

/// The SVG chart's price axis at round steps.
@Suite struct SVGTickTests {
    @Test func pricesAreMultiplesOfARoundStep() {
        let (prices, step) = SVGChart.roundTicks(low: 17.83, high: 19.12)
        #expect(step == 0.5 && prices == [18.0, 18.5, 19.0])
        #expect(SVGChart.roundTicks(low: 101, high: 187).prices == [120, 140, 160, 180])
        #expect(SVGChart.roundTicks(low: 0.0412, high: 0.0489).step == 0.002)
    }

    @Test func labelsCarryTheDecimalsTheirStepNeeds() {
        let svg = SVGChart.render(ShowFormatTests.result)
        // Closes 181.91 to 185.64: a step of 1, so whole numbers.
        #expect(svg.contains(">182</text>") && svg.contains(">185</text>") && !svg.contains(">182.0"), "\(svg)")
    }

    /// Sessions from `from` to `to`, weekends left out.
    static func sessions(_ from: String, _ to: String) -> [TradingDate] {
        let first = TradingDate(from)!
        return (0...first.days(to: TradingDate(to)!)).map { first.adding(days: $0) }.filter { !$0.isWeekend }
    }

    @Test func datesTickAtTheFirstSessionOfRoundPeriods() {
        let year = SVGChart.roundDates(Self.sessions("2024-01-02", "2024-12-31"))
        // A year: every second month's first session, each labelled by its month.
        #expect(year.map(\.label) == ["2024-01", "2024-03", "2024-05", "2024-07", "2024-09", "2024-11"])
        let march = Self.sessions("2024-01-02", "2024-12-31").firstIndex(of: TradingDate("2024-03-01")!)
        #expect(year[1].index == march)
        // Mid-period starts get no tick: the first is where the next period begins.
        let decade = SVGChart.roundDates(Self.sessions("2013-06-17", "2024-06-14"))
        #expect(decade.map(\.label) == ["2014", "2016", "2018", "2020", "2022", "2024"])
        let month = SVGChart.roundDates(Self.sessions("2024-03-01", "2024-03-28"))
        #expect(month.map(\.label) == ["2024-03-04", "2024-03-11", "2024-03-18", "2024-03-25"])
        let days = SVGChart.roundDates(Self.sessions("2024-03-06", "2024-03-08"))
        #expect(days.map(\.label) == ["2024-03-06", "2024-03-08"])
    }

    @Test func theSVGTakesTheSizeItIsGiven() {
        let svg = SVGChart.render(ShowFormatTests.result, size: SVGChart.Size(width: 1200, height: 500))
        #expect(svg.contains(#"width="1200" height="500" viewBox="0 0 1200 500""#), "\(svg)")
        let defaultSize = SVGChart.render(ShowFormatTests.result)
        #expect(defaultSize.contains(#"viewBox="0 0 800 360""#))
    }
}

/// A split the ledger reports among the candles is marked on the SVG chart.
@Suite struct SVGSplitMarkTests {
    @Test func aSplitAmongTheCandlesIsADashedLineWithItsRatio() {
        var result = ShowFormatTests.result
        let split = Split(date: TradingDate("2024-01-03")!, ratio: SplitRatio(new: 4, old: 1)!)
        result.adjustment = Adjustment(
            events: [LedgerEvent(action: .split(split), sources: [.polygon, .eodhd])], factors: [0.25, 1, 1],
            volumeFactors: [4, 1, 1], disagreements: [])
        let svg = SVGChart.render(result)
        #expect(svg.contains(#"class="split""#) && svg.contains(#"data-date="2024-01-03""#))
        #expect(svg.contains(">4-for-1 split</text>") && svg.contains("2024-01-03 4-for-1 split (polygon, eodhd)"))
        #expect(!SVGChart.render(ShowFormatTests.result).contains(#"class="split""#))
    }
}
