import Foundation
import Synchronization
import QuantumTestSupport
import Testing
@testable import QuantumCore

/// A result never claims days it does not have: sessionless ranges, today's open session, days
/// the serving source left empty (filled from another source of the same basis, or listed).
@Suite struct CompletenessTests {
    static let today = TradingDate("2026-11-30")!

    func request(_ ticker: String, _ from: String, _ to: String, pinned: SourceID? = nil, partial: Bool = false)
        -> FetchRequest
    {
        FetchRequest(
            ticker: ticker, from: TradingDate(from)!, to: TradingDate(to)!, pinned: pinned, keepsUnfinished: partial)
    }

    @Test(arguments: [
        ("2023-01-16", "2023-01-16", "holiday"), ("2024-03-09", "2024-03-10", "weekend"),
        ("2026-12-07", "2026-12-11", "after today"),
    ])
    func aRangeWithNoSessionAsksNobody(_ from: String, _ to: String, _ why: String) async throws {
        let mock = MockProviders()
        for id in ProviderRegistry.ids {
            mock.set(id, "AAPL", MockProviders.bars(from: "2023-01-03", to: "2026-11-27"))
        }
        let engine = stubEngine(mock, today: Self.today)
        let result = await engine.fetch(request("AAPL", from, to))
        #expect(result.ok && result.candles.isEmpty && result.source == nil)
        #expect(result.notes.first?.contains(why) == true, "\(result.notes)")
        #expect(ProviderRegistry.ids.allSatisfy { mock.requests($0).isEmpty })
        #expect(engine.quality(of: result).summary.hasPrefix("no bars: no session"))
    }

    @Test(arguments: ProviderRegistry.ids)
    func todaysBarIsLeftOutUntilTheClose(_ id: SourceID) async throws {
        let mock = MockProviders()
        mock.set(id, "AAPL", MockProviders.bars(from: "2026-11-23", to: "2026-11-30"))
        let engine = Engine(
            EngineParts(
                settings: stubEngineSettings([id]), transport: mock, today: { Self.today },
                sessionIsOver: { date, _ in date < Self.today }))
        let result = await engine.fetch(request("AAPL", "2026-11-23", "2026-11-30"))
        #expect(result.candles.last?.date.description == "2026-11-27" && result.isComplete)
        #expect(
            result.notes.contains { $0.hasPrefix("left out 2026-11-30's bar: the session is still open (until 16:00") })
        let quality = engine.quality(of: result)
        #expect(quality.expectedDays == 4 && quality.missingAfter == 0)
        let partial = await engine.fetch(request("AAPL", "2026-11-23", "2026-11-30", partial: true))
        #expect(partial.candles.last?.date.description == "2026-11-30")
        #expect(partial.notes.contains { $0.contains("still open; its bar is partial") })
        // A range whose only session is today's, still open, asks nobody.
        let before = mock.requests(id).count
        let todayOnly = await engine.fetch(request("AAPL", "2026-11-30", "2026-11-30"))
        #expect(todayOnly.ok && todayOnly.candles.isEmpty && mock.requests(id).count == before)
    }

    /// The serving source leaves an empty stretch; the next source on the same basis fills
    /// exactly those days, and each candle keeps its source.
    @Test(arguments: [(SourceID.polygon, SourceID.fmp), (.alphavantage, .eodhd)])
    func anEmptyStretchIsFilledFromTheNextSourceOfTheSameBasis(_ serving: SourceID, _ filling: SourceID) async throws {
        let mock = MockProviders()
        let month = MockProviders.bars(from: "2024-03-01", to: "2024-03-28")
        mock.set(serving, "AAPL", month.filter { !["2024-03-12", "2024-03-13"].contains($0.date.description) })
        mock.set(filling, "AAPL", month)
        let order = ProviderRegistry.ids.filter { $0 == serving } + ProviderRegistry.ids.filter { $0 != serving }
        let engine = stubEngine(mock, sources: order, today: Self.today)
        let result = await engine.fetch(request("AAPL", "2024-03-01", "2024-03-28"))
        #expect(result.source == serving && result.candles.map(\.date) == month.map(\.date) && result.isComplete)
        #expect(result.fills.first { !$0.dates.isEmpty }?.source == filling)
        let sources = Dictionary(
            uniqueKeysWithValues: zip(result.candles.map(\.date.description), result.candleSources))
        #expect(sources["2024-03-12"] == filling && sources["2024-03-11"] == serving)
        // Only the empty stretch was asked for, with one served day before it to check the scale.
        let asked = try #require(mock.requests(filling).last)
        if filling != .alphavantage {
            #expect(asked.from?.description == "2024-03-11" && asked.to?.description == "2024-03-13")
        }
        #expect(engine.quality(of: result).filled == ["\(filling.rawValue): 2 day(s) (first 2024-03-12)"])
    }

    @Test func whatNoSourceHasIsMissingAndSaid() async throws {
        let mock = MockProviders()
        let month = MockProviders.bars(from: "2024-03-01", to: "2024-03-28").filter {
            $0.date.description != "2024-03-12"
        }
        for id in ProviderRegistry.ids { mock.set(id, "AAPL", month) }
        let engine = stubEngine(mock, today: Self.today)
        let result = await engine.fetch(request("AAPL", "2024-03-01", "2024-03-28"))
        #expect(result.ok && !result.isComplete && result.missing.map(\.description) == ["2024-03-12"])
        #expect(engine.quality(of: result).summary.contains("incomplete: 1 day(s) without a bar (first 2024-03-12)"))
    }

    /// Every source's series of META starts on the day a symbol change made it (FB → META, as
    /// FMP reports it): not a later listing. The earlier days are its history under FB, missing,
    /// and the note says where they are; Polygon's and EODHD's feeds are not asked once FMP's
    /// answered (polygon's events feed says nothing here).
    @Test func aRenamedTickerIsNotALaterListing() async throws {
        let mock = MockProviders()
        for id in ProviderRegistry.ids {
            mock.set(id, "META", MockProviders.bars(from: "2024-03-11", to: "2024-03-28"))
        }
        let transport = WithRenames(mock: mock)
        let engine = stubEngine(transport, today: Self.today)
        let result = await engine.fetch(request("META", "2024-03-01", "2024-03-28"))
        #expect(result.ok && !result.isComplete && result.missing.count == 6, "\(result.missing)")
        #expect(
            result.notes.contains(
                "META traded as FB before 2024-03-11 (a symbol change reported by fmp): the 6 earlier trading day(s) of "
                    + "the range are its history under FB, which no source gave as META; they stay missing (`fetch FB "
                    + "--from 2024-03-01 --to 2024-03-08` asks for them)"), "\(result.notes)")
        #expect(!result.notes.contains { $0.contains("listed then") })
        #expect(transport.asked.withLock { $0.count } == 2)
    }

    /// A ticker no source knows any more, whose rename `actions` read (FMP: FB → META): the
    /// failure says where the listing trades now, with no request beyond the fetch's own.
    @Test func aTickerRenamedAwaySaysWhereItTradesNow() async throws {
        let mock = MockProviders()
        for id in ProviderRegistry.ids {
            mock.set(id, "META", MockProviders.bars(from: "2024-03-11", to: "2024-03-28"))
        }
        let transport = WithRenames(mock: mock)
        let engine = stubEngine(transport, candleStore: MemoryCandleStore(), today: Self.today)
        var fb = request("FB", "2024-03-01", "2024-03-28")
        fb.basis = .split
        let unknown = await engine.fetch(fb)
        #expect(!unknown.ok && unknown.noSourceKnowsTicker && unknown.error?.contains("META") == false)
        let read = await engine.actions("FB")
        #expect(read.ledger.symbolChanges.count == 1, "\(read.attempts)")
        let asked = transport.asked.withLock { $0.count }
        let again = await engine.fetch(fb)
        #expect(
            again.error?.hasSuffix(
                " — FB has traded as META since 2024-03-11 (a symbol change reported by fmp): fetch META") == true,
            "\(again.error ?? "")")
        #expect(transport.asked.withLock { $0.count } == asked)
    }

    @Test func aLaterListingIsNotMissing() async throws {
        let mock = MockProviders()
        for id in ProviderRegistry.ids {
            mock.set(id, "NEWCO", MockProviders.bars(from: "2024-03-11", to: "2024-03-28"))
        }
        let engine = stubEngine(mock, today: Self.today)
        let result = await engine.fetch(request("NEWCO", "2024-03-01", "2024-03-28"))
        #expect(result.isComplete && result.notes.contains { $0.contains("listed then?") })
    }

    @Test func aFailedFetchHasNoContradictoryQuality() async throws {
        let mock = MockProviders()
        let engine = stubEngine(mock, today: Self.today)
        let result = await engine.fetch(request("NOPE", "2024-03-04", "2024-03-08"))
        #expect(!result.ok)
        let quality = engine.quality(of: result)
        #expect(quality.summary == "no bars: no source served it" && !quality.isClean)
    }

    @Test func aForeignListingIsJudgedByItsOwnExchangesCalendar() async throws {
        let mock = MockProviders()
        // ASX trades on US Thanksgiving.
        let bars = ["2020-11-24", "2020-11-25", "2020-11-26", "2020-11-27"].map { MockProviders.bar($0, close: 30) }
        mock.set(.eodhd, "BHP.AU", bars)
        let engine = stubEngine(mock, sources: [.eodhd], today: Self.today)
        let result = await engine.fetch(request("BHP.AU", "2020-11-24", "2020-11-27"))
        #expect(result.candles.count == 4 && result.isComplete)
        let quality = engine.quality(of: result)
        #expect(quality.offCalendar.isEmpty && quality.calendar.description == "XASX" && quality.expectedDays == 4)
    }

    @Test func aListingOnAnExchangeWithoutACalendarIsNotJudged() async throws {
        let mock = MockProviders()
        let bars = ["2020-11-24", "2020-11-25", "2020-11-26", "2020-11-27"].map { MockProviders.bar($0, close: 30) }
        mock.set(.eodhd, "ABC.BE", bars)
        let engine = stubEngine(mock, sources: [.eodhd], today: Self.today)
        let result = await engine.fetch(request("ABC.BE", "2020-11-24", "2020-11-27"))
        #expect(result.candles.count == 4 && result.missing.isEmpty)
        let quality = engine.quality(of: result)
        #expect(quality.offCalendar.isEmpty && quality.calendar.description == "unknown (BE)")
        #expect(quality.summary.contains("calendar unknown (BE): gaps not judged"))
    }
}

/// Settings with `sources` at `http://sim`, key `k`, no limits.
func stubEngineSettings(_ sources: [SourceID]) -> Settings {
    Settings(
        sources: sources.enumerated().map {
            SourceSettings(id: $1, key: "k", baseURL: "http://sim", priority: $0 + 1, limits: [])
        },
        requestTimeout: .seconds(5), configFile: nil)
}

/// Mock providers that also answer symbol-change feeds: FMP's reports FB → META on 2024-03-11,
/// Polygon's and EODHD's are not there (404). Counts the symbol-change requests.
final class WithRenames: HTTPTransport {
    let mock: MockProviders
    let asked = Mutex<[String]>([])
    init(mock: MockProviders) { self.mock = mock }
    func get(_ request: ProviderRequest, timeout: Duration) async throws(TransportError) -> ProviderResponse {
        guard request.url.contains("symbol-change") || request.url.contains("/events") else {
            return try await mock.get(request, timeout: timeout)
        }
        asked.withLock { $0.append(request.url) }
        return request.url.contains("/stable/symbol-change")
            ? ProviderResponse(
                status: 200,
                text:
                    #"[{"date":"2024-03-11","companyName":"Meta Platforms","oldSymbol":"FB","newSymbol":"META"}]"#
            )
            : ProviderResponse(status: 404, text: #"{"status":"NOT_FOUND"}"#)
    }
}
