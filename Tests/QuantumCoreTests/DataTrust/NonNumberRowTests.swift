import Foundation
import QuantumTestSupport
import Testing
@testable import QuantumCore

/// `NaN`, `Infinity` and strings such as `"NA"` where numbers belong, in each provider's own
/// format (polygon-io/issues#226, EODHD's clients): a field no bar needs is skipped whatever it
/// holds; a row whose price, volume or date is not a finite number is dropped with a warning
/// naming its date, and the rest of the series is served.
@Suite struct NonNumberRowTests {
    static let today = TradingDate("2026-11-30")!
    static let days = ["2021-07-06", "2021-07-07", "2021-07-08", "2021-07-09"]
    /// A close no other bar has, so its text in a body can be replaced.
    static let marked = 777.25

    /// What a provider may send where a number belongs, as it appears in the body.
    static let shapes = ["NaN", "Infinity", "-Infinity", "1e999", #""NA""#, #""""#, #""NaN""#, #""-""#, "true"]

    /// `id`'s body for four days whose last close is `token` instead of a number.
    static func body(_ id: SourceID, closeOfLastDay token: String) -> String {
        let bars =
            days.dropLast().map { MockProviders.bar($0, close: 144) } + [
                MockProviders.bar(days[3], close: marked)
            ]
        let plain = MockProviders.body(id, "AAPL", bars)
        let field: String =
            switch id {
            case .polygon: #""c":777.25"#
            case .alphavantage: #""4. close":"777.25""#
            default: #""close":777.25"#
            }
        let replaced = String(field.prefix { $0 != ":" }) + ":" + token
        #expect(plain.contains(field))
        return plain.replacingOccurrences(of: field, with: replaced)
    }

    func fetch(_ mock: MockProviders, _ sources: [SourceID], pinned: SourceID?) async -> FetchResult {
        let engine = stubEngine(mock, sources: sources, today: Self.today)
        return await engine.fetch(
            FetchRequest(
                ticker: "AAPL", from: TradingDate(Self.days[0])!, to: TradingDate(Self.days[3])!, pinned: pinned))
    }

    @Test(arguments: ProviderRegistry.ids, shapes)
    func aRowWhoseCloseIsNoNumberIsDroppedAndNamed(_ id: SourceID, _ token: String) async throws {
        let mock = MockProviders()
        let body = Self.body(id, closeOfLastDay: token)
        mock.override(id) { _ in ProviderResponse(status: 200, text: body) }
        let result = await fetch(mock, [id], pinned: id)
        #expect(result.ok && result.candles.map(\.date.description) == Array(Self.days.dropLast()), "\(body)")
        #expect(
            result.warnings.contains { $0.contains("dropped the row for 2021-07-09 (close is \(token))") },
            "\(result.warnings)")
        #expect(result.missing.map(\.description) == ["2021-07-09"] && !result.isComplete)
        #expect(mock.requests(id).count == 1)
    }

    /// (Alpha Vantage's date is the row's key: a key that is no date leaves the body unreadable.)
    @Test(arguments: [SourceID.polygon, .fmp, .eodhd])
    func aDateThatIsNoDateDropsItsRow(_ id: SourceID) async throws {
        let mock = MockProviders()
        let plain = MockProviders.body(id, "AAPL", Self.days.map { MockProviders.bar($0, close: 144) })
        let body: String =
            switch id {
            case .polygon:
                plain.replacingOccurrences(
                    of: #""t":\#(NewYorkTime.midnightEpochMilliseconds(TradingDate(Self.days[3])!))"#, with: #""t":NaN"#
                )
            default: plain.replacingOccurrences(of: #""date":"2021-07-09""#, with: #""date":"NA""#)
            }
        #expect(body != plain)
        mock.override(id) { _ in ProviderResponse(status: 200, text: body) }
        let result = await fetch(mock, [id], pinned: id)
        #expect(result.ok && result.candles.count == 3, "\(body)")
        #expect(
            result.warnings.contains { $0.contains("dropped the row without a date (date is ") }, "\(result.warnings)")
    }

    /// Fields no bar needs (Polygon's `vw` and `a`, FMP's `vwap`, EODHD's `adjusted_close`) may
    /// hold anything: the row is kept.
    @Test(arguments: ProviderRegistry.ids, ["NaN", "Infinity", #""NA""#])
    func fieldsNoBarNeedsAreSkippedWhateverTheyHold(_ id: SourceID, _ token: String) async throws {
        let mock = MockProviders()
        let plain = MockProviders.body(id, "AAPL", Self.days.map { MockProviders.bar($0, close: 144) })
        let body: String =
            switch id {
            case .polygon: plain.replacingOccurrences(of: #""vw":144"#, with: #""a":\#(token),"vw":\#(token)"#)
            case .fmp: plain.replacingOccurrences(of: #""vwap":144"#, with: #""vwap":\#(token)"#)
            case .alphavantage:
                plain.replacingOccurrences(
                    of: #""5. volume":"1000000""#, with: #""5. volume":"1000000","7. dividend amount":\#(token)"#)
            default: plain.replacingOccurrences(of: #""adjusted_close":144"#, with: #""adjusted_close":\#(token)"#)
            }
        #expect(body != plain)
        mock.override(id) { _ in ProviderResponse(status: 200, text: body) }
        let result = await fetch(mock, [id], pinned: id)
        #expect(result.ok && result.candles.count == 4 && result.isComplete, "\(result.error ?? "") \(body)")
        #expect(!result.warnings.contains { $0.contains("dropped") })
    }

    /// The day a dropped row leaves is asked of the next source on the same basis (Alpha
    /// Vantage's raw prices for EODHD's raw ones), not of the same source again.
    @Test func theDroppedDayIsFilledByTheNextSource() async throws {
        let mock = MockProviders()
        let body = Self.body(.eodhd, closeOfLastDay: #""NA""#)
        mock.override(.eodhd) { _ in ProviderResponse(status: 200, text: body) }
        mock.set(.alphavantage, "AAPL", Self.days.map { MockProviders.bar($0, close: 144) })
        let result = await fetch(mock, [.eodhd, .alphavantage], pinned: nil)
        #expect(result.ok && result.isComplete && result.candles.count == 4, "\(result.warnings) \(result.missing)")
        #expect(result.candleSources.last == .alphavantage && result.fills.map(\.source) == [.alphavantage])
        #expect(mock.requests(.eodhd).count == 1 && mock.requests(.alphavantage).count == 1)
    }
}
