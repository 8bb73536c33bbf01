import Foundation
import QuantumHTTP
import QuantumTestSupport
import Testing
@testable import QuantumCore

/// A series that changes company at a gap (META: an old company at ~12 until 2022-01-28, then
/// nothing, then Facebook at ~190 from 2022-06-09) is never served as one series when another
/// source carries a continuous one; alone, it is warned of by its gap and jump. Over loopback
/// HTTP in each provider's wire format, fake keys.
@Suite(.timeLimit(.minutes(2))) struct GluedSeriesTests {
    static let today = TradingDate("2026-11-30")!
    static let keys: [SourceID: String] = [
        .polygon: "pk-fake-1", .fmp: "fmp-fake-2", .alphavantage: "av-fake-3", .eodhd: "eod-fake-4",
    ]
    /// Facebook throughout the range, one continuous series.
    static let facebook = MockProviders.bars(from: "2022-01-03", to: "2022-06-30", close: 190)
    /// An old company at ~12 until 2022-01-28, then Facebook's bars from 2022-06-09.
    static let glued =
        MockProviders.bars(from: "2022-01-03", to: "2022-01-28", close: 12)
        + facebook.filter { $0.date >= TradingDate("2022-06-09")! }
    static let request = FetchRequest(ticker: "META", from: TradingDate("2022-01-03")!, to: TradingDate("2022-06-30")!)

    /// Each bar's date and close, as sent (providers add fields of their own).
    func closes(_ candles: [Candle]) -> [String] { candles.map { "\($0.date) \($0.close)" } }

    func withEngine(
        _ mock: MockProviders, sources: [SourceID], cached: Bool = false, _ body: (Engine) async throws -> Void
    ) async throws {
        try await mock.withLoopback { base in
            try await AsyncHTTPTransport.with { transport in
                try await body(
                    stubEngine(
                        transport, sources: sources, keys: Self.keys, baseURL: base,
                        candleStore: cached ? MemoryCandleStore() : nil, today: Self.today))
            }
        }
    }

    @Test(arguments: [
        (SourceID.polygon, SourceID.fmp, false), (.polygon, .fmp, true), (.eodhd, .alphavantage, false),
        (.alphavantage, .eodhd, true), (.fmp, .polygon, false),
    ])
    func aContinuousSeriesElsewhereDecides(_ gluing: SourceID, _ continuous: SourceID, _ cached: Bool) async throws {
        let mock = MockProviders()
        mock.set(gluing, "META", Self.glued)
        mock.set(continuous, "META", Self.facebook)
        try await withEngine(mock, sources: [gluing, continuous], cached: cached) { engine in
            for round in 1...2 {
                let result = await engine.fetch(Self.request)
                #expect(
                    result.source == continuous && closes(result.candles) == closes(Self.facebook), "round \(round)")
                #expect(result.isComplete && result.missing.isEmpty && result.isFallback)
                #expect(result.candleSources.allSatisfy { $0 == continuous })
                let refused = try #require(result.attempts.first { $0.source == gluing })
                #expect(refused.outcome == .badResponse && result.attempts.last?.source == continuous)
                let reason = try #require(refused.message)
                #expect(
                    reason.contains("jumps ×14.56 from 13.8 on 2022-01-28 to 200.9 on 2022-06-09")
                        && reason.contains("across 90 trading days without a bar (2022-01-31 … 2022-06-08)"))
                #expect(
                    result.notes.contains {
                        $0.hasPrefix("served \(continuous.rawValue)'s series, not \(gluing.rawValue)'s")
                            && $0.contains("two instruments under one ticker")
                    })
                #expect(!result.notes.contains { $0.contains("another scale") })
                if cached && round == 2 { #expect(result.cached == result.candles.count) }
            }
        }
    }

    /// The other source carries the old company on: it decides for the bars before the gap.
    @Test func theSideTheContinuousSeriesAgreesWithIsKept() async throws {
        let mock = MockProviders()
        let old = MockProviders.bars(from: "2022-01-03", to: "2022-06-30", close: 12)
        mock.set(
            .polygon, "META",
            old.filter { $0.date <= TradingDate("2022-01-28")! }
                + Self.facebook.filter { $0.date >= TradingDate("2022-06-09")! })
        mock.set(.fmp, "META", old)
        try await withEngine(mock, sources: [.polygon, .fmp]) { engine in
            let result = await engine.fetch(Self.request)
            #expect(result.source == .fmp && closes(result.candles) == closes(old) && result.isComplete)
            #expect(result.notes.contains { $0.contains("on the scale of the bars before it") })
        }
    }

    @Test(arguments: [SourceID.polygon, .eodhd])
    func aGluedSeriesNoOtherSourceCanJudgeIsWarnedOfLoudly(_ id: SourceID) async throws {
        let mock = MockProviders()
        mock.set(id, "META", Self.glued)
        try await withEngine(mock, sources: [id]) { engine in
            let result = await engine.fetch(Self.request)
            #expect(result.source == id && closes(result.candles) == closes(Self.glued) && !result.isComplete)
            let warning = try #require(
                result.warnings.first { $0.hasPrefix("possibly two instruments under one ticker") })
            #expect(
                warning.contains("from 13.8 on 2022-01-28 to 200.9 on 2022-06-09")
                    && warning.contains("(2022-01-31 … 2022-06-08)"))
        }
    }

    @Test func aPinnedFetchOfAGluedSeriesIsWarnedOf() async throws {
        let mock = MockProviders()
        mock.set(.polygon, "META", Self.glued)
        mock.set(.fmp, "META", Self.facebook)
        try await withEngine(mock, sources: [.polygon, .fmp]) { engine in
            var request = Self.request
            request.pinned = .polygon
            let result = await engine.fetch(request)
            #expect(result.source == .polygon && mock.requests(.fmp).isEmpty)
            #expect(
                result.warnings.contains { $0.contains("pinned to polygon, no other source was asked to settle it") })
        }
    }

    /// The other source is on another scale on both sides: it cannot tell, so the glued series
    /// stays, warned of, and fills nothing.
    @Test func anotherScaleOnBothSidesDecidesNothing() async throws {
        let mock = MockProviders()
        mock.set(.polygon, "META", Self.glued)
        mock.set(.fmp, "META", MockProviders.bars(from: "2022-01-03", to: "2022-06-30", close: 1000))
        try await withEngine(mock, sources: [.polygon, .fmp]) { engine in
            let result = await engine.fetch(Self.request)
            #expect(result.source == .polygon && result.missing.count == 90)
            #expect(result.warnings.contains { $0.hasPrefix("possibly two instruments under one ticker") })
            #expect(result.notes.contains { $0.contains("another scale, so it filled nothing") })
            // The whole range, asked once to judge the seam, filled from too: no second request.
            #expect(mock.requests(.fmp).count == 1)
        }
    }

    /// A steep fall over days one source lacks, which another shows day by day: one
    /// instrument's move, filled, no warning.
    /// Another vendor with the same gap and jump corroborates the data, not the instrument: the
    /// series is served, with the warning.
    @Test func aSecondSourceWithTheSameGapSettlesNothing() async throws {
        let mock = MockProviders()
        mock.set(.polygon, "META", Self.glued)
        mock.set(.fmp, "META", Self.glued)
        try await withEngine(mock, sources: [.polygon, .fmp]) { engine in
            let result = await engine.fetch(Self.request)
            #expect(result.source == .polygon && result.attempts.map(\.outcome) == [.ok])
            #expect(
                result.warnings.contains {
                    $0.hasPrefix("possibly two instruments under one ticker: polygon's close jumps ×14.56")
                }, "\(result.warnings)")
        }
    }

    @Test func aRealMoveAcrossAGapIsFilledNotRefused() async throws {
        let mock = MockProviders()
        let days = NYSECalendar.tradingDays(from: TradingDate("2022-03-01")!, through: TradingDate("2022-03-31")!)
        let falling = days.enumerated().map { i, day in
            MockProviders.bar(day.description, close: 100 * pow(0.9, Double(max(0, min(i, 10) - 4))))
        }
        let lacking = Set(days[4...8])
        mock.set(.polygon, "XYZ", falling.filter { !lacking.contains($0.date) })
        mock.set(.fmp, "XYZ", falling)
        try await withEngine(mock, sources: [.polygon, .fmp]) { engine in
            let result = await engine.fetch(
                FetchRequest(ticker: "XYZ", from: TradingDate("2022-03-01")!, to: TradingDate("2022-03-31")!))
            #expect(result.source == .polygon && closes(result.candles) == closes(falling) && result.isComplete)
            #expect(result.fills.first?.dates.count == 5)
            #expect(!result.warnings.contains { $0.contains("two instruments") })
            #expect(result.attempts.map(\.outcome) == [.ok])
        }
    }
}
