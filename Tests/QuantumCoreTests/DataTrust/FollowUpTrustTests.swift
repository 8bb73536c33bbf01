import Foundation
import QuantumTestSupport
import Testing
@testable import QuantumCore

/// The kinds a user's break test found after the first pass, each a test.
@Suite struct FollowUpTrustTests {
    static let today = TradingDate("2026-11-30")!

    func request(_ ticker: String, _ from: String, _ to: String, pinned: SourceID? = nil, partial: Bool = false)
        -> FetchRequest
    {
        FetchRequest(
            ticker: ticker, from: TradingDate(from)!, to: TradingDate(to)!, pinned: pinned, keepsUnfinished: partial)
    }

    /// Cached bars, then new days on a new scale asked without overlap, then the whole range:
    /// never a mix of scales.
    @Test(arguments: [SourceID.polygon, .fmp])
    func newDaysOnANewScaleNeverStitchToOldCachedOnes(_ id: SourceID) async throws {
        let mock = MockProviders()
        let old = MockProviders.bars(from: "2024-01-02", to: "2024-01-12", close: 1250)
        mock.set(id, "XYZ", old)
        let engine = stubEngine(mock, sources: [id], candleStore: MemoryCandleStore(), today: Self.today)
        _ = await engine.fetch(request("XYZ", "2024-01-02", "2024-01-12", pinned: id))
        let rescaled = MockProviders.bars(from: "2024-01-02", to: "2024-01-19", close: 125)
        mock.set(id, "XYZ", rescaled)
        _ = await engine.fetch(request("XYZ", "2024-01-16", "2024-01-19", pinned: id))
        let whole = await engine.fetch(request("XYZ", "2024-01-02", "2024-01-19", pinned: id))
        #expect(whole.candles.map(\.close) == rescaled.map(\.close))
    }

    @Test func aFillOnAnotherScaleIsRefused() async throws {
        let mock = MockProviders()
        let month = MockProviders.bars(from: "2024-01-02", to: "2024-01-31", close: 100)
        mock.set(
            .polygon, "AAPL",
            month.filter { !(TradingDate("2024-01-08")!...TradingDate("2024-01-12")!).contains($0.date) })
        mock.set(.fmp, "AAPL", month.map { MockProviders.bar($0.date.description, close: $0.close * 10) })
        let engine = stubEngine(mock, sources: [.polygon, .fmp], today: Self.today)
        let result = await engine.fetch(request("AAPL", "2024-01-02", "2024-01-31"))
        #expect(result.candles.allSatisfy { $0.close < 200 })
        #expect(result.missing.count == 5 && !result.isComplete)
        #expect(result.notes.contains { $0.contains("another scale, so it filled nothing") })
    }

    @Test func anExportNamesEachCandlesSource() async throws {
        let mock = MockProviders()
        let month = MockProviders.bars(from: "2024-03-01", to: "2024-03-15")
        mock.set(.polygon, "AAPL", month.filter { $0.date.description != "2024-03-12" })
        mock.set(.fmp, "AAPL", month)
        let engine = stubEngine(mock, sources: [.polygon, .fmp], today: Self.today)
        let result = await engine.fetch(request("AAPL", "2024-03-01", "2024-03-15"))
        let csv = String(decoding: ExportFormat.csv.encode([result]), as: UTF8.self)
        #expect(
            csv.contains("AAPL,2024-03-12,")
                && csv.split(separator: "\n").first { $0.contains("2024-03-12") }?.hasSuffix(",fmp,split,") == true)
        #expect(csv.split(separator: "\n").first { $0.contains("2024-03-11") }?.hasSuffix(",polygon,split,") == true)
    }

    @Test func earlierDaysNobodyAnswersForAreMissing() async throws {
        let mock = MockProviders()
        mock.set(.polygon, "AAPL", MockProviders.bars(from: "2024-01-08", to: "2024-01-12"))
        let engine = stubEngine(mock, sources: [.polygon, .fmp], today: Self.today)
        // FMP does not list it (an error, not an answer about those days).
        mock.override(.fmp) { _ in ProviderResponse(status: 500, text: "down") }
        let result = await engine.fetch(request("AAPL", "2024-01-02", "2024-01-12"))
        #expect(
            !result.isComplete
                && result.missing.map(\.description) == ["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"])
    }

    @Test func piecesOfALongRangeAreNotOutOfOrder() async throws {
        let mock = MockProviders()
        mock.set(.fmp, "SPY", MockProviders.bars(from: "2000-01-03", to: "2026-11-27"))
        mock.capRows(.fmp, at: 5000)
        let engine = stubEngine(mock, sources: [.fmp], today: Self.today)
        let result = await engine.fetch(request("SPY", "2000-01-01", "2026-11-27", pinned: .fmp))
        #expect(result.candles.count == 6767 && !(result.issues?.outOfOrder ?? true))
        #expect(!result.warnings.contains { $0.contains("out of order") })
    }

    @Test func aKeptPartialBarCountsAsDue() async throws {
        let mock = MockProviders()
        mock.set(.polygon, "AAPL", MockProviders.bars(from: "2026-11-23", to: "2026-11-30"))
        let engine = Engine(
            EngineParts(
                settings: stubEngineSettings([.polygon]), transport: mock, today: { Self.today },
                sessionIsOver: { date, _ in date < Self.today }))
        let result = await engine.fetch(request("AAPL", "2026-11-23", "2026-11-30", partial: true))
        let quality = engine.quality(of: result)
        #expect(quality.bars == 5 && quality.expectedDays == 5 && result.isComplete)
    }

    @Test func aForeignListingsBarOfTodayIsKeptAndSaid() async throws {
        let mock = MockProviders()
        // Berlin (EODHD's BE): an exchange the calendar data does not have.
        mock.set(.eodhd, "ABC.BE", ["2026-11-27", "2026-11-30"].map { MockProviders.bar($0, close: 30) })
        let engine = Engine(
            EngineParts(
                settings: stubEngineSettings([.eodhd]), transport: mock, today: { Self.today },
                sessionIsOver: { date, _ in date < Self.today }))
        let result = await engine.fetch(request("ABC.BE", "2026-11-27", "2026-11-30"))
        #expect(result.candles.count == 2)
        #expect(result.notes.contains { $0.contains("trading hours are unknown here") })
    }

    @Test func aPriceAtOrBelowZeroBreaksTheRules() {
        let bars = [MockProviders.bar("2024-01-02", close: 10), MockProviders.bar("2024-01-03", close: 0)]
        let (_, issues) = CandleSeries.normalize(
            bars, from: TradingDate("2024-01-02")!, to: TradingDate("2024-01-03")!, source: .eodhd)
        #expect(issues.integrityViolations == 1 && issues.warnings.contains { $0.contains("a price at or below zero") })
    }

    @Test func aFreeAlphaVantageKeyGetsTheLatestSessionsAndSaysWhatIsMissing() async throws {
        let mock = MockProviders()
        let history = MockProviders.bars(from: "2026-01-02", to: "2026-11-27")
        mock.override(.alphavantage) { request in
            if request.url.contains("outputsize=full") {
                return ProviderResponse(
                    status: 200,
                    text:
                        #"{"Information":"Thank you for using Alpha Vantage! The outputsize=full parameter value is a premium "#
                        + #"feature for the TIME_SERIES_DAILY endpoint. You may subscribe to any of the premium plans."}"#
                )
            }
            return ProviderResponse(
                status: 200, text: MockProviders.body(.alphavantage, "IBM", Array(history.suffix(100))))
        }
        let engine = stubEngine(mock, sources: [.alphavantage], today: Self.today)
        let result = await engine.fetch(request("IBM", "2026-07-01", "2026-11-27", pinned: .alphavantage))
        #expect(result.ok && result.candles.count == 100 && !result.isComplete)
        #expect(result.missing.first?.description == "2026-07-01")
        #expect(result.warnings.contains { $0.contains("outputsize=full is premium for this key") })
        #expect(mock.requests(.alphavantage).count == 2)
    }
}
