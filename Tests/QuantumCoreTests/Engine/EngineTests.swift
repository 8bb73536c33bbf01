import Foundation
import QuantumTestSupport
import Synchronization
import Testing
@testable import QuantumCore

/// What the engine works out once for every renderer: the request a result answers, a basis
/// change, a full cache hit; and that its quota ledger counts every page.
@Suite struct EngineTests {
    static let today = TradingDate("2024-07-08")!
    static let eodhdBar =
        #"[{"date":"2024-07-02","open":10,"high":11,"low":9,"close":10.5,"adjusted_close":10.4,"volume":1000}]"#
    static let polygonBar = #"{"results":[{"o":1,"h":2,"l":0.5,"c":1.5,"v":10,"t":1719892800000}],"status":"OK"}"#
    let request = FetchRequest(ticker: "NVDA", from: TradingDate("2024-07-01")!, to: TradingDate("2024-07-05")!)

    /// Polygon refuses; EODHD serves.
    var fallingBack: StaticTransport {
        StaticTransport { request in
            request.url.contains("/v2/aggs")
                ? ProviderResponse(status: 500, text: "down") : ProviderResponse(status: 200, text: Self.eodhdBar)
        }
    }

    @Test func aResultKeepsItsRequestAndItsBasisChange() async throws {
        var once = RetryPolicy()
        once.maxTries = 1
        let engine = stubEngine(fallingBack, sources: [.polygon, .eodhd], today: Self.today, retry: once)
        // Polygon (split-adjusted) was preferred; EODHD served raw prices.
        let result = await engine.fetch(request)
        #expect(result.request == request && result.isFallback)
        #expect(result.basisChange == BasisChange(preferred: .polygon, expected: .split, source: .eodhd, served: .raw))
        #expect(
            engine.quality(of: result).basisChange
                == "polygon (preferred) serves split prices; these are raw, from eodhd")
        // Asked for raw prices, raw prices are no change, whoever served them.
        var raw = request
        raw.basis = .raw
        let asked = await engine.fetch(raw)
        #expect(asked.ok && asked.basisChange == nil && engine.quality(of: asked).basisChange == nil)
    }

    @Test func aFullCacheHitIsTypedNotWorded() async throws {
        let week = ["2024-07-01", "2024-07-02", "2024-07-03", "2024-07-05"].map {
            #"{"date":"\#($0)","open":10,"high":11,"low":9,"close":10.5,"adjusted_close":10.4,"volume":1000}"#
        }
        let engine = stubEngine(
            StaticTransport { _ in ProviderResponse(status: 200, text: "[" + week.joined(separator: ",") + "]") },
            sources: [.eodhd],
            candleStore: MemoryCandleStore(), today: Self.today)
        let first = await engine.fetch(request)
        let second = await engine.fetch(request)
        #expect(!first.isWhollyFromCache && second.isWhollyFromCache)
        #expect(
            second.attempts == [.cacheHit(.eodhd)]
                && second.attempts[0].message == "from the local cache: no request sent")
        let failed = FetchResult(
            ticker: "X", from: request.from, to: request.to,
            attempts: [Attempt(source: .eodhd, outcome: .ok, message: Attempt.fromCacheMessage)])
        #expect(!failed.isWhollyFromCache)
    }

    @Test func aCancelledFetchSaysSoWhateverWasSkipped() {
        let attempts = [
            Attempt(source: .polygon, outcome: .cancelled, message: "cancelled"),
            Attempt(source: .fmp, outcome: .skippedDisabled, message: "disabled"),
        ]
        let failure = Orchestrator.explain("MSFT", attempts: attempts, last: nil)
        #expect(failure.kind == .cancelled && failure.message == "cancelled before any source answered for MSFT")
        var result = FetchResult(ticker: "MSFT", from: request.from, to: request.to, attempts: attempts)
        result.failure = failure
        #expect(result.wasCancelled)
    }

    @Test func aFailureIsTyped() async throws {
        let engine = stubEngine(
            StaticTransport { _ in ProviderResponse(status: 404, text: "{}") }, sources: [.eodhd], today: Self.today)
        let result = await engine.fetch(request)
        #expect(result.failure?.kind == .exhausted(last: .eodhd, outcome: .notFound))
        #expect(
            result.error?.hasPrefix("no source knows NVDA (eodhd does not know the symbol); attempts: eodhd not_found")
                == true)
    }

    /// Counts the ledger's grants.
    final class CountingLedger: QuotaLedger {
        let inner = MemoryQuotaLedger()
        let grants = Mutex(0)
        func reserve(_ key: QuotaKey, windows: [RateWindow], now: Date) async throws -> Date? {
            let free = try await inner.reserve(key, windows: windows, now: now)
            if free == nil { grants.withLock { $0 += 1 } }
            return free
        }
        func used(_ key: QuotaKey, window: RateWindow, now: Date) async throws -> Int {
            try await inner.used(key, window: window, now: now)
        }
        func markSpent(_ key: QuotaKey, until: Date) async throws { try await inner.markSpent(key, until: until) }
        func spentUntil(_ key: QuotaKey, now: Date) async throws -> Date? { try await inner.spentUntil(key, now: now) }
    }

    @Test func everyPageIsCountedInTheLedger() async throws {
        let pages = StaticTransport { request in
            let next = request.url.contains("cursor=") ? "" : #","next_url":"https://api.polygon.io/v2/aggs/cursor=2""#
            return ProviderResponse(
                status: 200,
                text: #"{"results":[{"o":1,"h":2,"l":0.5,"c":1.5,"v":10,"t":1719892800000}],"status":"OK""# + next + "}"
            )
        }
        let ledger = CountingLedger()
        let settings = Settings(
            sources: [
                SourceSettings(
                    id: .polygon, key: "k", baseURL: "http://sim", priority: 1,
                    limits: [RateWindow(count: 100, length: .seconds(86_400))])
            ],
            requestTimeout: .seconds(5), configFile: nil)
        let engine = Engine(
            EngineParts(settings: settings, transport: pages, quotaLedger: ledger, today: { Self.today }))
        let result = await engine.fetch(request)
        #expect(result.ok)
        #expect(ledger.grants.withLock { $0 } == 2)
        let limits = await engine.limits()
        #expect(limits.first?.windows.first?.used == 2)
    }
}
