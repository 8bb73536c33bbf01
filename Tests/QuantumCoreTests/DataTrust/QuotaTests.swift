import Clocks
import Foundation
import QuantumTestSupport
import Synchronization
import Testing
@testable import QuantumCore

/// A provider that says its day's quota is spent is out until the reset, for the rest of a
/// batch and for every engine sharing the ledger; a long wait is said before it starts.
@Suite struct QuotaTests {
    static let today = TradingDate("2026-11-30")!

    /// Each provider's "quota spent" answer.
    static let spent: [(SourceID, ProviderResponse)] = [
        (
            .alphavantage,
            ProviderResponse(
                status: 200,
                text:
                    #"{"Information":"We have detected your API key as XXXX and our standard API rate limit is 25 "#
                    + #"requests per day. Please subscribe to any of the premium plans at "#
                    + #"https://www.alphavantage.co/premium/ to instantly remove all daily rate limits."}"#
            )
        ),
        (
            .eodhd,
            ProviderResponse(status: 402, text: #"{"error":"You exceeded your daily API requests limit.","code":402}"#)
        ),
        (
            .fmp,
            ProviderResponse(
                status: 429,
                text:
                    #"{"Error Message":"Limit Reach . Please upgrade your plan or visit our documentation for more "#
                    + #"details at https://site.financialmodelingprep.com/"}"#
            )
        ),
    ]

    @Test(arguments: 0..<3)
    func aSpentQuotaTakesTheSourceOutUntilItResets(_ index: Int) async throws {
        let (id, answer) = Self.spent[index]
        let fallback: SourceID = id == .eodhd ? .polygon : .eodhd
        let mock = MockProviders()
        mock.override(id) { _ in answer }
        for ticker in ["IBM", "MSFT", "KO", "PEP"] {
            mock.set(fallback, ticker, MockProviders.bars(from: "2026-11-02", to: "2026-11-27"))
        }
        let ledger = MemoryQuotaLedger()
        // FMP's words mean a spent day only on a daily plan (a day window configured).
        var settings = stubEngineSettings([id, fallback])
        if id == .fmp { settings.sources[0].limits = [RateWindow(count: 250, length: .seconds(86_400))] }
        func engine() -> Engine {
            Engine(
                EngineParts(
                    settings: settings, transport: mock, quotaLedger: ledger,
                    today: { Self.today }))
        }
        let first = engine()
        let heard = HeardEvents(first.events)
        let requests = ["IBM", "MSFT", "KO", "PEP"].map {
            FetchRequest(ticker: $0, from: TradingDate("2026-11-02")!, to: TradingDate("2026-11-27")!)
        }
        let report = await first.batch(requests, concurrency: 1)
        #expect(report.ok == 4 && mock.requests(id).count == 1)
        #expect(report.results[0].attempts.first?.outcome == .rateLimited)
        #expect(report.results[1].attempts.first?.outcome == .skippedRateLimit)
        #expect(report.results[1].attempts.first?.message?.hasPrefix("its quota is spent until 00:00 UTC") == true)
        let status = await first.limits().first { $0.id == id }
        #expect(status?.quotaSpentUntil != nil)
        #expect(heard.messages.contains { $0.hasPrefix("\(id.rawValue): its quota is spent") })
        #expect(heard.all.contains { $0.kind == .quotaSpent && $0.sources == [id] })
        // Another engine on the same ledger (another process) does not ask either.
        _ = await engine().fetch(requests[0])
        #expect(mock.requests(id).count == 1)
    }

    @Test func fmpsLimitReachWithoutADailyPlanIsACoolDown() async throws {
        let mock = MockProviders()
        mock.override(.fmp) { _ in Self.spent[2].1 }
        mock.set(.eodhd, "IBM", MockProviders.bars(from: "2026-11-02", to: "2026-11-27"))
        let engine = Engine(
            EngineParts(settings: stubEngineSettings([.fmp, .eodhd]), transport: mock, today: { Self.today }))
        let result = await engine.fetch(
            FetchRequest(ticker: "IBM", from: TradingDate("2026-11-02")!, to: TradingDate("2026-11-27")!))
        #expect(result.source == .eodhd && result.attempts.first?.outcome == .rateLimited)
        #expect(await engine.limits().first { $0.id == .fmp }?.quotaSpentUntil == nil)
    }

    @Test func aSpentMarkFromAnotherProcessIsSeenWithinAMinute() async throws {
        let ledger = MemoryQuotaLedger()
        let clock = TestClock()
        let key = QuotaKey(provider: .eodhd, apiKey: "k")
        let governor = SourceGovernor(
            limits: [.eodhd: []], time: TimeSource(clock), ledger: ledger, quotaKeys: [.eodhd: key])
        let first = try await governor.reserve([.eodhd])
        #expect(first.source == .eodhd)
        await governor.report(.eodhd, ticket: first.ticket, outcome: .ok)
        // Another process learns the quota is spent.
        try await ledger.markSpent(key, until: Date().addingTimeInterval(3600))
        await clock.advance(by: .seconds(61))
        let later = try await governor.reserve([.eodhd], wait: false)
        #expect(later.source == nil && later.passedOver.first?.message.hasPrefix("its quota is spent until") == true)
    }

    @Test func aLongWaitIsSaidBeforeItStarts() async throws {
        let said = Mutex<[String]>([])
        let clock = TestClock()
        let governor = SourceGovernor(
            limits: [.polygon: [RateWindow(count: 1, length: .milliseconds(1500))]], time: TimeSource(clock),
            events: .saying { line in said.withLock { $0.append(line) } })
        let first = try await governor.reserve([.polygon])
        await governor.report(.polygon, ticket: first.ticket, outcome: .ok)
        let second = Task { try await governor.reserve([.polygon]) }
        #expect(await eventually { said.withLock { $0.count } == 1 })
        #expect(said.withLock { $0 }.first == "waiting 1.5s for a polygon slot — Ctrl-C to stop")
        await clock.advance(by: .milliseconds(1500))
        #expect(try await second.value.source == .polygon)
    }
}
