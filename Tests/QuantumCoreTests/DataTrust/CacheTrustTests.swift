import Foundation
import QuantumTestSupport
import Testing
@testable import QuantumCore

/// The cache remembers only what a provider answered with a bar, and never mixes scales.
@Suite struct CacheTrustTests {
    static let today = TradingDate("2026-11-30")!

    func engine(_ mock: MockProviders, _ sources: [SourceID], store: MemoryCandleStore) -> Engine {
        stubEngine(mock, sources: sources, candleStore: store, today: Self.today)
    }

    func request(_ ticker: String, _ from: String, _ to: String, pinned: SourceID? = nil) -> FetchRequest {
        FetchRequest(ticker: ticker, from: TradingDate(from)!, to: TradingDate(to)!, pinned: pinned)
    }

    /// Extending a cached range when the source that served it is at its limit: the whole range
    /// comes from a source with room at once (never stitched from two), and the result says so.
    @Test func extendingACachedRangeDoesNotWaitForASourceAtItsLimit() async throws {
        let mock = MockProviders()
        let week = MockProviders.bars(from: "2024-03-04", to: "2024-03-08")
        for id in [SourceID.polygon, .fmp] { mock.set(id, "AAPL", week) }
        let engine = stubEngine(
            mock, sources: [.polygon, .fmp], limits: [.polygon: [RateWindow(count: 1, length: .seconds(3600))]],
            candleStore: MemoryCandleStore(), today: Self.today)
        let first = await engine.fetch(request("AAPL", "2024-03-04", "2024-03-05"))
        #expect(first.source == .polygon && first.candles.count == 2)
        let second = await engine.fetch(request("AAPL", "2024-03-04", "2024-03-08"))
        #expect(second.source == .fmp && second.candles.map(\.date) == week.map(\.date) && second.cached == 0)
        #expect(second.notes.contains { $0.contains("polygon served part of this range before and is at its limit") })
    }

    /// Run 1 caches two days; in run 2 the provider answers the rest with its empty shape (the
    /// days are not recorded as covered, and the result says what is missing); run 3 gets them.
    @Test(arguments: ProviderRegistry.ids)
    func aTransientEmptyAnswerNeverPoisonsTheCache(_ id: SourceID) async throws {
        let mock = MockProviders()
        let week = MockProviders.bars(from: "2024-03-04", to: "2024-03-08")
        mock.set(id, "AAPL", week)
        let store = MemoryCandleStore()
        let engine = engine(mock, [id], store: store)
        let first = await engine.fetch(request("AAPL", "2024-03-04", "2024-03-05", pinned: id))
        #expect(first.candles.count == 2 && first.isComplete)
        // The provider has nothing after the 5th for a while.
        mock.set(id, "AAPL", Array(week.prefix(2)))
        let second = await engine.fetch(request("AAPL", "2024-03-04", "2024-03-08", pinned: id))
        #expect(second.ok && second.candles.count == 2)
        #expect(!second.isComplete && second.missing.map(\.description) == ["2024-03-06", "2024-03-07", "2024-03-08"])
        #expect(second.warnings.contains { $0.hasPrefix("incomplete: 3 of 5 trading day(s)") })
        let covered = try await store.series(SeriesKey(ticker: "AAPL", source: id, basis: second.basis!)).ranges
        #expect(covered.allSatisfy { $0.last <= TradingDate("2024-03-05")! })
        mock.set(id, "AAPL", week)
        let third = await engine.fetch(request("AAPL", "2024-03-04", "2024-03-08", pinned: id))
        #expect(third.candles.map(\.date) == week.map(\.date) && third.isComplete)
    }

    /// Cached bars at ~1200; the provider re-adjusts its whole history for a 10-for-1 split; a
    /// fetch that extends the range gets every bar on the new scale.
    @Test(arguments: ProviderRegistry.ids)
    func aReAdjustedSeriesIsFetchedAgainWhole(_ id: SourceID) async throws {
        let mock = MockProviders()
        let before = [("2026-11-23", 1201.0), ("2026-11-24", 1205.0), ("2026-11-25", 1199.0)].map {
            MockProviders.bar($0, close: $1)
        }
        mock.set(id, "XYZ", before)
        let engine = engine(mock, [id], store: MemoryCandleStore())
        let cached = await engine.fetch(request("XYZ", "2026-11-23", "2026-11-25", pinned: id))
        #expect(cached.candles.map(\.close) == [1201, 1205, 1199])
        let after =
            before.map { MockProviders.bar($0.date.description, close: $0.close / 10) } + [
                MockProviders.bar("2026-11-27", close: 121)
            ]
        mock.set(id, "XYZ", after)
        let result = await engine.fetch(request("XYZ", "2026-11-23", "2026-11-27", pinned: id))
        #expect(result.candles.map(\.close) == [120.1, 120.5, 119.9, 121])
        #expect(result.notes.contains { $0.contains("fetched the whole range again") })
        // What is cached now is on the new scale too.
        let again = await engine.fetch(request("XYZ", "2026-11-23", "2026-11-27", pinned: id))
        #expect(again.isWhollyFromCache && again.candles.map(\.close) == [120.1, 120.5, 119.9, 121])
    }

    /// A series kept from a later source (a fetch pinned to EODHD, or one that fell back to it)
    /// answers an unpinned fetch from the cache, on its own basis, and the answer says that
    /// Polygon, which a fresh fetch asks first, was not asked.
    @Test func aLaterSourcesCachedSeriesSaysTheFirstWasNotAsked() async throws {
        let mock = MockProviders()
        let week = MockProviders.bars(from: "2024-03-04", to: "2024-03-08")
        for id in [SourceID.polygon, .eodhd] { mock.set(id, "AAPL", week) }
        let engine = engine(mock, [.polygon, .eodhd], store: MemoryCandleStore())
        let pinned = await engine.fetch(request("AAPL", "2024-03-04", "2024-03-08", pinned: .eodhd))
        #expect(pinned.source == .eodhd && pinned.basis == .raw)
        let unpinned = await engine.fetch(request("AAPL", "2024-03-04", "2024-03-08"))
        #expect(unpinned.source == .eodhd && unpinned.cached == 5 && mock.requests(.polygon).isEmpty)
        #expect(unpinned.basisChange != nil)
        #expect(
            unpinned.notes.contains {
                $0.hasPrefix("from eodhd's cached series: polygon comes first and was not asked")
            })
        let first = await engine.fetch(request("MSFT", "2024-03-04", "2024-03-08"))
        #expect(!first.notes.contains { $0.contains("cached series") })
    }

    /// A listing Polygon does not carry (London): a fresh fetch never asks Polygon, so the
    /// answer from EODHD's cached series does not say Polygon was passed over.
    @Test func aCachedListingTheFirstSourceDoesNotCarryNamesNoSourcePassedOver() async throws {
        let mock = MockProviders()
        mock.set(.eodhd, "VOD.LSE", MockProviders.bars(from: "2024-03-04", to: "2024-03-08"))
        let engine = engine(mock, [.polygon, .eodhd], store: MemoryCandleStore())
        let fresh = await engine.fetch(request("VOD.LSE", "2024-03-04", "2024-03-08"))
        #expect(fresh.source == .eodhd && fresh.cached == 0)
        let cached = await engine.fetch(request("VOD.LSE", "2024-03-04", "2024-03-08"))
        #expect(cached.source == .eodhd && cached.cached == 5 && mock.requests(.polygon).isEmpty)
        #expect(!cached.notes.contains { $0.contains("was not asked") }, "\(cached.notes)")
    }

    /// A cache that cannot be written (a read-only file, a full disk): the bars are served, and
    /// the result says they were not kept, so nobody counts on the next fetch being a cache hit.
    @Test func barsTheCacheCannotKeepAreServedWithANoteSayingSo() async throws {
        let mock = MockProviders()
        mock.set(.polygon, "AAPL", MockProviders.bars(from: "2024-03-04", to: "2024-03-08"))
        let engine = stubEngine(mock, sources: [.polygon], candleStore: UnwritableStore(), today: Self.today)
        let result = await engine.fetch(request("AAPL", "2024-03-04", "2024-03-08"))
        #expect(result.ok && result.candles.count == 5 && result.isComplete)
        #expect(
            result.notes == [
                "the local cache could not keep these bars (no space left on device): the next fetch asks the source again"
            ])
    }
}

/// A store that reads as empty and refuses every write.
private struct UnwritableStore: CandleStore {
    struct Full: Error, CustomStringConvertible {
        var description: String { "no space left on device" }
    }

    let empty = MemoryCandleStore()
    func series(_ key: SeriesKey) async throws -> StoredSeries { try await empty.series(key) }
    func replace(
        _ key: SeriesKey, with candles: [Candle], covering first: TradingDate, through last: TradingDate,
        fetchedAt: Date
    ) async throws { throw Full() }
    func remove(_ key: SeriesKey) async throws { throw Full() }
    func stats() async throws -> CacheStats { try await empty.stats() }
    func clear(ticker: String?) async throws -> Int { throw Full() }
    func actionReports(_ ticker: String, feeds: String) async throws -> StoredActionReports? { nil }
    func keepActionReports(_ reports: StoredActionReports, ticker: String, feeds: String) async throws { throw Full() }
}
