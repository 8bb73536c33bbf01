import Foundation
import QuantumTestSupport
import Testing
@testable import QuantumCore

/// Row-level trouble in each provider's own format: one bad row costs that row, a date sent
/// twice keeps the later row, a body that will not parse is not asked for again (one cut short
/// is), and a provider's row cap never truncates history silently.
@Suite struct ProviderRowTests {
    static let today = TradingDate("2026-11-30")!
    static let good = ["2021-07-06", "2021-07-07", "2021-07-08"]

    /// A row for `date` with every price and volume null, in `id`'s format.
    static func nullRow(_ id: SourceID, _ date: String) -> String {
        switch id {
        case .polygon:
            #"{"v":null,"vw":null,"o":null,"c":null,"h":null,"l":null,"#
                + #""t":\#(NewYorkTime.midnightEpochMilliseconds(TradingDate(date)!)),"n":null}"#
        case .alphavantage:
            #""\#(date)":{"1. open":null,"2. high":null,"3. low":null,"4. close":null,"5. volume":null}"#
        default:
            #"{"date":"\#(date)","open":null,"high":null,"low":null,"close":null,"adjusted_close":null,"volume":null}"#
        }
    }

    /// `id`'s body for `candles`, with `extra` rows spliced in after them (before for the
    /// newest-first providers, so they still come later in the answer's own order of dates).
    static func body(_ id: SourceID, _ candles: [Candle], then extra: [String]) -> String {
        let plain = MockProviders.body(id, "AAPL", candles)
        switch id {
        case .polygon:
            return plain.replacingOccurrences(
                of: "}],\"status\"", with: "}," + extra.joined(separator: ",") + "],\"status\"")
        case .alphavantage:
            return String(plain.dropLast(2)) + "," + extra.joined(separator: ",") + "}}"
        default:
            return String(plain.dropLast()) + "," + extra.joined(separator: ",") + "]"
        }
    }

    func fetch(_ id: SourceID, _ mock: MockProviders, from: String = "2021-07-06", to: String = "2021-07-09") async
        -> FetchResult
    {
        let engine = stubEngine(mock, sources: [id], today: Self.today)
        return await engine.fetch(
            FetchRequest(ticker: "AAPL", from: TradingDate(from)!, to: TradingDate(to)!, pinned: id))
    }

    @Test(arguments: ProviderRegistry.ids)
    func aRowWithoutPricesIsDroppedAndNamed(_ id: SourceID) async throws {
        let mock = MockProviders()
        let real = MockProviders.bar("2021-07-09", close: 145.11)
        let rows = Self.good.map { MockProviders.bar($0, close: 144) }
        // The real 2021-07-09 row follows the null one.
        let realRow = MockProviders.body(id, "AAPL", [real])
        let realText: String
        switch id {
        case .polygon:
            realText =
                String(realRow[realRow.range(of: "[{")!.upperBound...].prefix { $0 != "]" }).dropLast().description
        case .alphavantage:
            realText = String(realRow[realRow.range(of: "\"Time Series (Daily)\":{")!.upperBound...].dropLast(2))
        default: realText = String(realRow.dropFirst().dropLast())
        }
        let body = Self.body(
            id, rows, then: [Self.nullRow(id, "2021-07-09"), id == .polygon ? "{" + realText + "}" : realText])
        mock.override(id) { _ in ProviderResponse(status: 200, text: body) }
        let result = await fetch(id, mock)
        #expect(result.ok && result.candles.count == 4, "\(result.error ?? "") \(body)")
        #expect(result.candles.last?.close == 145.11)
        #expect(
            result.warnings.contains {
                $0.contains("dropped the row for 2021-07-09 (no open, high, low, close and volume)")
            })
        #expect(mock.requests(id).count == 1)
    }

    @Test(arguments: ProviderRegistry.ids)
    func aBodyWithNoWholeBarIsABadResponseAskedOnce(_ id: SourceID) async throws {
        let mock = MockProviders()
        let body = Self.body(id, [MockProviders.bar("2021-07-06", close: 1)], then: [Self.nullRow(id, "2021-07-07")])
            .replacingOccurrences(of: #""open":1,"#, with: #""open":null,"#)
            .replacingOccurrences(of: #""o":1,"#, with: #""o":null,"#)
            .replacingOccurrences(of: #""1. open":"1""#, with: #""1. open":null"#)
        mock.override(id) { _ in ProviderResponse(status: 200, text: body) }
        let result = await fetch(id, mock)
        #expect(!result.ok && result.attempts.map(\.outcome) == [.badResponse], "\(result.attempts)")
        #expect(mock.requests(id).count == 1)
    }

    @Test(arguments: ProviderRegistry.ids)
    func aBodyCutShortIsAskedForAgain(_ id: SourceID) async throws {
        let mock = MockProviders()
        let whole = MockProviders.body(id, "AAPL", Self.good.map { MockProviders.bar($0, close: 144) })
        mock.override(id) { request in
            mock.requests(id).count == 1
                ? ProviderResponse(status: 200, text: String(whole.prefix(whole.count / 2))) : nil
        }
        mock.set(id, "AAPL", Self.good.map { MockProviders.bar($0, close: 144) })
        let engine = stubEngine(mock, sources: [id], today: Self.today, random: { 0 })
        let result = await engine.fetch(
            FetchRequest(ticker: "AAPL", from: TradingDate("2021-07-06")!, to: TradingDate("2021-07-08")!, pinned: id))
        #expect(result.ok && mock.requests(id).count == 2)
        #expect(result.attempts.last?.message == "served on try 2")
    }

    @Test(arguments: ProviderRegistry.ids)
    func aDateSentTwiceKeepsTheLaterRow(_ id: SourceID) async throws {
        let mock = MockProviders()
        let first = MockProviders.bar("2019-01-25", close: 40, volume: 4_959_679)
        let correction = MockProviders.bar("2019-01-25", close: 40, volume: 4_945_900)
        // In the answer's own order the correction comes after the first row (the body builder
        // writes newest-first providers' rows in reverse).
        let earlier = MockProviders.bar("2019-01-24", close: 39)
        let rows = id == .fmp || id == .alphavantage ? [earlier, correction, first] : [earlier, first, correction]
        let body = MockProviders.body(id, "AAPL", rows)
        let answer = body
        mock.override(id) { _ in ProviderResponse(status: 200, text: answer) }
        let result = await fetch(id, mock, from: "2019-01-24", to: "2019-01-25")
        #expect(result.candles.count == 2 && result.candles.last?.volume == 4_945_900, "\(body)")
        #expect(
            result.warnings.contains { $0.contains("sent 1 date(s) twice (first 2019-01-25); kept the row sent later") }
        )
    }

    @Test func aRowCapIsNeverASilentTruncation() async throws {
        let mock = MockProviders()
        let history = MockProviders.bars(from: "2000-01-03", to: "2026-11-27", close: 100)
        mock.set(.fmp, "SPY", history)
        mock.capRows(.fmp, at: 5000)
        let engine = stubEngine(mock, sources: [.fmp], today: Self.today)
        let result = await engine.fetch(
            FetchRequest(ticker: "SPY", from: TradingDate("2000-01-01")!, to: TradingDate("2026-11-27")!, pinned: .fmp))
        #expect(result.candles.count == 6767 && result.candles.count == history.count && result.isComplete)
        #expect(mock.requests(.fmp).count == 2)
        // Each piece is one the provider answers whole.
        #expect(
            mock.requests(.fmp).allSatisfy { NYSECalendar.tradingDays(from: $0.from!, through: $0.to!).count <= 5000 })
    }
}
