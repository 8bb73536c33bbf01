import Foundation
import QuantumHTTP
import QuantumTestSupport
import Testing
@testable import QuantumCore

/// A renamed ticker (HUSN: one source files the days before the rename under the old symbol)
/// gets the same answer whatever was fetched before it: days before a source's first bar are
/// asked of the next sources, and are a later listing only when another source's series of this
/// ticker starts that day too. Over loopback HTTP in each provider's wire format, fake keys.
@Suite(.timeLimit(.minutes(2))) struct RenamedTickerTests {
    static let today = TradingDate("2026-11-30")!
    static let keys: [SourceID: String] = [
        .polygon: "pk-fake-1", .fmp: "fmp-fake-2", .alphavantage: "av-fake-3", .eodhd: "eod-fake-4",
    ]

    /// HALT: a month every source lacks one day of (2020-03-16).
    static let halt = MockProviders.bars(from: "2020-03-02", to: "2020-03-31").filter {
        $0.date.description != "2020-03-16"
    }
    /// HUSN, the whole range (20 trading days), and from the rename on (6).
    static let husn = MockProviders.bars(from: "2020-04-20", to: "2020-05-15", close: 30)
    static let husnSinceRename = husn.filter { $0.date >= TradingDate("2020-05-08")! }

    func request(_ ticker: String, _ from: String, _ to: String, pinned: SourceID? = nil) -> FetchRequest {
        FetchRequest(ticker: ticker, from: TradingDate(from)!, to: TradingDate(to)!, pinned: pinned)
    }

    var halt: FetchRequest { request("HALT", "2020-03-02", "2020-03-31") }
    var husn: FetchRequest { request("HUSN", "2020-04-20", "2020-05-15") }

    /// `short` has HUSN from the rename on, `whole` the whole range; every source has HALT.
    func renamed(short: SourceID, whole: SourceID?) -> MockProviders {
        let mock = MockProviders()
        for id in ProviderRegistry.ids { mock.set(id, "HALT", Self.halt) }
        mock.set(short, "HUSN", Self.husnSinceRename)
        if let whole { mock.set(whole, "HUSN", Self.husn) }
        return mock
    }

    /// Runs `body` with engines over `mock` at loopback: `fresh()` makes a new one (its own
    /// cache when `cached`), sources in the order given.
    func withEngines(
        _ mock: MockProviders, sources: [SourceID], cached: Bool,
        _ body: (_ fresh: () -> Engine) async throws -> Void
    ) async throws {
        try await mock.withLoopback { base in
            try await AsyncHTTPTransport.with { transport in
                try await body {
                    stubEngine(
                        transport, sources: sources, keys: Self.keys, baseURL: base,
                        candleStore: cached ? MemoryCandleStore() : nil, today: Self.today)
                }
            }
        }
    }

    /// What must not depend on history.
    struct Answer: Equatable {
        var candles: [Candle]
        var sources: [SourceID?]
        var complete: Bool
        var missing: [TradingDate]

        init(_ result: FetchResult) {
            candles = result.candles
            sources = result.candleSources
            complete = result.isComplete
            missing = result.missing
        }
    }

    @Test(arguments: [
        (SourceID.polygon, SourceID.fmp, false), (.polygon, .fmp, true), (.eodhd, .alphavantage, false),
        (.eodhd, .alphavantage, true), (.fmp, .polygon, true), (.alphavantage, .eodhd, false),
    ])
    func earlierDaysComeFromTheNextSourceAfterAGappedFetchAsAlone(
        _ short: SourceID, _ whole: SourceID, _ cached: Bool
    ) async throws {
        let mock = renamed(short: short, whole: whole)
        try await withEngines(mock, sources: [short, whole], cached: cached) { fresh in
            let alone = await fresh().fetch(husn)
            #expect(alone.candles.map(\.date) == Self.husn.map(\.date) && alone.isComplete && alone.missing.isEmpty)
            #expect(alone.source == short && alone.fills.first?.source == whole)
            #expect(
                alone.notes.contains(
                    "no bar before 2020-05-08 at \(short.rawValue); \(whole.rawValue) had earlier ones"))

            let engine = fresh()
            let gapped = await engine.fetch(halt)
            #expect(gapped.missing.map(\.description) == ["2020-03-16"])
            let after = await engine.fetch(husn)
            #expect(Answer(after) == Answer(alone))
            // Asked again: from the cache when there is one, the same answer.
            let again = await engine.fetch(husn)
            #expect(Answer(again) == Answer(alone))
            if cached { #expect(again.isWhollyFromCache || again.cached > 0) }
        }
    }

    @Test(arguments: [false, true])
    func aBatchAnswersTheRenamedTickerAsAlone(_ cached: Bool) async throws {
        let mock = renamed(short: .polygon, whole: .fmp)
        try await withEngines(mock, sources: [.polygon, .fmp], cached: cached) { fresh in
            let alone = await fresh().batch([husn], concurrency: 1).results
            let after = await fresh().batch([halt, husn, halt, husn], concurrency: 1).results
            #expect(after.count == 4 && alone.count == 1)
            #expect(Answer(after[1]) == Answer(alone[0]) && Answer(after[3]) == Answer(alone[0]))
            #expect(alone[0].candles.count == 20 && alone[0].isComplete)
        }
    }

    /// Nobody else can answer for the earlier days (the next source is down): they are missing,
    /// alone, after a gapped fetch, and again from the cache.
    @Test(arguments: [(SourceID.polygon, SourceID.fmp), (.eodhd, .alphavantage)])
    func earlierDaysNobodyAnswersForStayMissingWhateverCameBefore(_ short: SourceID, _ next: SourceID) async throws {
        let mock = renamed(short: short, whole: next)
        mock.override(next) { $0.ticker == "HUSN" ? ProviderResponse(status: 500, text: "down") : nil }
        try await withEngines(mock, sources: [short, next], cached: true) { fresh in
            let alone = await fresh().fetch(husn)
            #expect(alone.candles.count == 6 && !alone.isComplete && alone.missing.count == 14)
            #expect(
                alone.notes.contains {
                    $0.hasPrefix("no bar before 2020-05-08 at \(short.rawValue); \(next.rawValue) said")
                })
            let engine = fresh()
            _ = await engine.fetch(halt)
            #expect(Answer(await engine.fetch(husn)) == Answer(alone))
            #expect(Answer(await engine.fetch(husn)) == Answer(alone))
        }
    }

    /// A pinned fetch asks nobody else: the earlier days are missing, even after another
    /// ticker's older bars came from the same source.
    @Test(arguments: [SourceID.polygon, .eodhd])
    func aPinnedFetchLeavesTheEarlierDaysMissingAfterAGappedFetch(_ id: SourceID) async throws {
        let mock = renamed(short: id, whole: nil)
        try await withEngines(mock, sources: [id], cached: false) { fresh in
            let engine = fresh()
            _ = await engine.fetch(request("HALT", "2020-03-02", "2020-03-31", pinned: id))
            let result = await engine.fetch(request("HUSN", "2020-04-20", "2020-05-15", pinned: id))
            #expect(result.candles.count == 6 && !result.isComplete && result.missing.count == 14)
            #expect(result.notes.contains { $0.contains("no other source was asked (pinned)") })
        }
    }

    /// Every source on the basis was asked and none has bars before the first one, nor this
    /// ticker at all: the days are missing and the note says every source was asked.
    @Test func whenNoSourceHasTheEarlierDaysTheNoteSaysEveryOneWasAsked() async throws {
        let mock = renamed(short: .polygon, whole: nil)
        try await withEngines(mock, sources: ProviderRegistry.ids, cached: false) { fresh in
            let result = await fresh().fetch(husn)
            #expect(result.missing.count == 14 && !result.isComplete)
            #expect(
                result.notes.contains(
                    "no source has bars before 2020-05-08 (every one on this basis was asked): listed then, or beyond every plan's "
                        + "history; the 14 earlier trading day(s) of the range stay missing"))
            #expect(!mock.requests(.fmp).isEmpty && mock.requests(.eodhd).isEmpty)
        }
    }

    /// Another source's series of this ticker starts the same day: a later listing, the same
    /// alone and after a gapped fetch.
    @Test func aListingTwoSourcesAgreeOnIsNotMissing() async throws {
        let mock = renamed(short: .eodhd, whole: nil)
        mock.set(.alphavantage, "HUSN", Self.husnSinceRename)
        try await withEngines(mock, sources: [.eodhd, .alphavantage], cached: true) { fresh in
            let alone = await fresh().fetch(husn)
            #expect(alone.candles.count == 6 && alone.isComplete)
            #expect(
                alone.notes.contains {
                    $0.hasPrefix(
                        "no bar before 2020-05-08 at eodhd or alphavantage, whose series of this ticker start that day")
                }, "\(alone.notes)")
            let engine = fresh()
            _ = await engine.fetch(halt)
            #expect(Answer(await engine.fetch(husn)) == Answer(alone))
            #expect(Answer(await engine.fetch(husn)) == Answer(alone))
        }
    }
}
