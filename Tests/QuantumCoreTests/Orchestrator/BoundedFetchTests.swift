import Clocks
import QuantumTestSupport
import Synchronization
import Testing
@testable import QuantumCore

/// What a server left running needs of the core: waits bounded by the request, answers of "not
/// found" and "no bars" remembered, answers from the cache alone, ranges that start no earlier
/// than 1900 and long lists of missing days written as runs.
@Suite struct BoundedFetchTests {
    static let today = TradingDate("2024-07-08")!
    static let ok =
        #"[{"date":"2024-07-02","open":10,"high":11,"low":9,"close":10.5,"adjusted_close":10.4,"volume":1000}]"#

    static func request(_ ticker: String, from: String = "2024-07-01", to: String = "2024-07-05") -> FetchRequest {
        FetchRequest(ticker: ticker, from: TradingDate(from)!, to: TradingDate(to)!, basis: .native)
    }

    /// EODHD alone, answering `answer`, counting requests.
    static func engine(
        clock: TestClock<Duration>, limits: [RateWindow] = [], cache: (any CandleStore)? = nil,
        answer: @escaping @Sendable (String) -> ProviderResponse
    ) -> (Engine, Counter) {
        let count = Counter()
        let transport = StaticTransport { request in
            count.add()
            return answer(request.url)
        }
        let engine = stubEngine(
            transport, sources: [.eodhd], limits: [.eodhd: limits], candleStore: cache, time: TimeSource(clock),
            today: today)
        return (engine, count)
    }

    /// Requests sent.
    final class Counter: Sendable {
        private let n = Mutex(0)
        var value: Int { n.withLock { $0 } }
        func add() { n.withLock { $0 += 1 } }
    }

    @Test func aSlotFurtherAwayThanTheBoundFailsAtOnceSayingWhenItFrees() async throws {
        let clock = TestClock()
        let (engine, count) = Self.engine(clock: clock, limits: [RateWindow(count: 1, length: .seconds(60))]) { _ in
            ProviderResponse(status: 200, text: Self.ok)
        }
        #expect(await engine.fetch(Self.request("AAPL")).ok)
        var bounded = Self.request("MSFT")
        bounded.maxWait = .seconds(10)
        let result = await engine.fetch(bounded)
        #expect(!result.ok && count.value == 1)
        #expect(result.slotFreesIn == .seconds(60))
        #expect(
            result.error?.contains("the earliest slot frees in 1m, longer than the 10s this request may wait") == true)
        // A bound the slot is within is waited out.
        bounded.maxWait = .seconds(90)
        let waiting = Task { await engine.fetch(bounded) }
        await clock.advance(by: .seconds(60))
        #expect(await waiting.value.ok)
    }

    @Test func notFoundIsRememberedForItsLifetimeAndNoBarsOnlyForTheRangeAsked() async throws {
        let clock = TestClock()
        let (engine, count) = Self.engine(clock: clock) { url in
            url.contains("NOPE") ? ProviderResponse(status: 404, text: "") : ProviderResponse(status: 200, text: "[]")
        }
        engine.unknownTickers.lifetime = .seconds(3_600)
        #expect(await engine.fetch(Self.request("NOPE")).attempts.first?.outcome == .notFound)
        let again = await engine.fetch(Self.request("NOPE", from: "2020-01-01"))
        #expect(count.value == 1)
        #expect(again.attempts.first?.fromCache == true && again.attempts.first?.outcome == .notFound)
        #expect(again.error?.hasPrefix("no source knows NOPE") == true)
        // No bars in a range: remembered for that range and those inside it, not a wider one.
        _ = await engine.fetch(Self.request("QUIET"))
        _ = await engine.fetch(Self.request("QUIET", from: "2024-07-02", to: "2024-07-03"))
        #expect(count.value == 2)
        _ = await engine.fetch(Self.request("QUIET", from: "2024-06-01"))
        #expect(count.value == 3)
        // Past the lifetime the source is asked again.
        await clock.advance(by: .seconds(3_601))
        _ = await engine.fetch(Self.request("NOPE"))
        #expect(count.value == 4)
    }

    @Test func nothingIsRememberedUnlessALifetimeIsSet() async throws {
        let (engine, count) = Self.engine(clock: TestClock()) { _ in ProviderResponse(status: 404, text: "") }
        _ = await engine.fetch(Self.request("NOPE"))
        _ = await engine.fetch(Self.request("NOPE"))
        #expect(count.value == 2)
    }

    @Test func theCacheAloneAnswersOnlyWhatItHoldsWhole() async throws {
        let (engine, count) = Self.engine(clock: TestClock(), cache: MemoryCandleStore()) { _ in
            ProviderResponse(status: 200, text: Self.ok)
        }
        #expect(await engine.cachedAnswer(Self.request("AAPL")) == nil)
        #expect(count.value == 0)
        _ = await engine.fetch(Self.request("AAPL", from: "2024-07-02", to: "2024-07-02"))
        let cached = try #require(await engine.cachedAnswer(Self.request("AAPL", from: "2024-07-02", to: "2024-07-02")))
        #expect(cached.isWhollyFromCache && count.value == 1)
        #expect(await engine.cachedAnswer(Self.request("AAPL")) == nil)
        #expect(count.value == 1)
    }

    @Test func aRangeStartsNoEarlierThan1900() {
        let request = FetchRequest(ticker: "IBM", from: TradingDate("0001-01-01")!, to: Self.today)
        #expect(request.from.description == "1900-01-01")
        // A range wholly before is left as asked (it has no session), never turned inside out.
        let before = FetchRequest(ticker: "IBM", from: TradingDate("1800-01-01")!, to: TradingDate("1850-01-01")!)
        #expect(before.from <= before.to)
    }

    @Test func longListsOfMissingDaysAreRunsOfSessions() {
        let calendar = ListingCalendar(ticker: "AAPL")
        let sessions = calendar.sessions(from: TradingDate("2024-01-01")!, through: TradingDate("2024-12-31")!)
        let short = Array(sessions.prefix(3))
        #expect(ResultJSON.missing(short, calendar: calendar) == #"["2024-01-02","2024-01-03","2024-01-04"]"#)
        // Every session of the year but one in July: two runs.
        let gap = sessions.firstIndex(of: TradingDate("2024-07-03")!)!
        let long = Array(sessions[..<gap] + sessions[(gap + 1)...])
        #expect(
            ResultJSON.missing(long, calendar: calendar) == #"["2024-01-02..2024-07-02","2024-07-05..2024-12-31"]"#)
    }

    @Test func aRefusedKeyIsAskedAgainAfterTheCoolDown() async throws {
        let clock = TestClock()
        let (engine, count) = Self.engine(clock: clock) { _ in ProviderResponse(status: 401, text: "bad key") }
        await engine.setKeyRefusalCoolDown(.seconds(600))
        #expect(await engine.fetch(Self.request("AAPL")).attempts.last?.outcome == .authFailed)
        let aside = await engine.fetch(Self.request("AAPL"))
        #expect(count.value == 1)
        #expect(aside.attempts.last?.message?.hasPrefix("not asked again for 10m: its key was refused") == true)
        await clock.advance(by: .seconds(600))
        _ = await engine.fetch(Self.request("AAPL"))
        #expect(count.value == 2)
    }

    @Test func tickersAreASCIIAndAClassShareSlashIsADot() {
        #expect(TickerText.normalized("ıBM") == nil)
        #expect(TickerText.normalized("brk/b") == "BRK.B")
        #expect(TickerText.normalized(".") == nil && TickerText.normalized("..") == nil)
        for folded in ["IBM\u{00A0}", "\u{00A0}IBM", "IBM\u{200B}", "IBM\u{3000}", "AAPL.", "A..B", "A/"] {
            #expect(TickerText.normalized(folded) == nil, "\(folded)")
        }
        #expect(TickerText.normalized(" ibm\t") == "IBM" && TickerText.normalized("^gspc") == "^GSPC")
        #expect(TickerText.normalized("vod.lse") == "VOD.LSE" && TickerText.normalized("eurusd=x") == "EURUSD=X")
    }
}
