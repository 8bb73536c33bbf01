import Clocks
import QuantumTestSupport
import Synchronization
import Testing
@testable import QuantumCore

/// The orchestrator's decisions, on a test clock: no sleeping, exact waits.
@Suite struct OrchestratorTests {
    static let today = TradingDate("2024-07-08")!
    let query = BarQuery(ticker: "AAPL", from: TradingDate("2024-07-01")!, to: TradingDate("2024-07-05")!)
    static let ok =
        #"[{"date":"2024-07-02","open":10,"high":11,"low":9,"close":10.5,"adjusted_close":10.4,"volume":1000}]"#

    /// Answers by source (from the URL), counting requests.
    final class Script: Sendable {
        let answers: [SourceID: @Sendable (Int) -> ProviderResponse]
        let counts = Mutex<[SourceID: Int]>([:])

        init(_ answers: [SourceID: @Sendable (Int) -> ProviderResponse]) {
            self.answers = answers
        }

        func count(_ id: SourceID) -> Int { counts.withLock { $0[id] ?? 0 } }

        var transport: StaticTransport {
            StaticTransport { request in
                let id: SourceID =
                    request.url.contains("/v2/aggs")
                    ? .polygon
                    : request.url.contains("/stable/") ? .fmp : request.url.contains("/query") ? .alphavantage : .eodhd
                let n = self.counts.withLock { counts in
                    counts[id, default: 0] += 1
                    return counts[id]!
                }
                guard let answer = self.answers[id] else {
                    return ProviderResponse(status: 500, text: "no script for \(id)")
                }
                return answer(n)
            }
        }
    }

    func orchestrator(
        _ script: Script, clock: TestClock<Duration>, limits: [SourceID: [RateWindow]] = [:],
        only: [SourceID] = ProviderRegistry.ids,
        retry: RetryPolicy = RetryPolicy()
    ) -> Engine {
        let all = Dictionary(
            uniqueKeysWithValues: only.map { ($0, limits[$0] ?? [RateWindow(count: 1000, length: .seconds(1))]) })
        return stubEngine(
            script.transport, sources: only, limits: all, time: TimeSource(clock), today: Self.today, retry: retry)
    }

    @Test func transientFailuresAreRetriedWithBackoffThenFallBack() async throws {
        let clock = TestClock()
        let script = Script([
            .fmp: { _ in ProviderResponse(status: 503, text: "down") },
            .eodhd: { _ in ProviderResponse(status: 200, text: Self.ok) },
        ])
        let orchestrator = orchestrator(script, clock: clock, only: [.fmp, .eodhd])
        let task = Task { await orchestrator.fetch(query) }
        #expect(await eventually { script.count(.fmp) == 1 })
        await settle()  // the backoff's sleep is registered
        await clock.advance(by: .milliseconds(49))
        await settle()
        #expect(script.count(.fmp) == 1)
        await clock.advance(by: .milliseconds(1))  // 0.5 × 100 ms
        #expect(await eventually { script.count(.fmp) == 2 })
        await settle()
        await clock.advance(by: .milliseconds(100))  // 0.5 × 200 ms
        let result = await task.value
        #expect(script.count(.fmp) == 3)
        // The three tries at fmp are one attempt, and it says so.
        #expect(result.attempts.map(\.outcome) == [.serverError, .ok])
        #expect(result.attempts.first?.message?.hasSuffix("(3 tries)") == true)
        #expect(result.source == .eodhd)
    }

    @Test func tickerSpecificAnswersAreNotRetried() async throws {
        let clock = TestClock()
        let script = Script([
            .polygon: { _ in ProviderResponse(status: 404, text: #"{"status":"NOT_FOUND","message":"no"}"#) },
            .eodhd: { _ in ProviderResponse(status: 200, text: Self.ok) },
        ])
        let result = await orchestrator(script, clock: clock, only: [.polygon, .eodhd]).fetch(query)
        #expect(result.attempts.map(\.outcome) == [.notFound, .ok])
        #expect(script.count(.polygon) == 1)
    }

    @Test func aPinnedSourceIsTheAnswerEvenWhenItFails() async throws {
        let clock = TestClock()
        let script = Script([
            .polygon: { _ in ProviderResponse(status: 401, text: #"{"status":"ERROR","error":"Unknown API Key"}"#) },
            .eodhd: { _ in ProviderResponse(status: 200, text: Self.ok) },
        ])
        let result = await orchestrator(script, clock: clock, only: [.polygon, .eodhd]).fetch(query, pinned: .polygon)
        #expect(!result.ok && result.attempts.map(\.outcome) == [.authFailed])
        #expect(script.count(.eodhd) == 0)
    }

    @Test func aRefusedKeyIsNotAskedAgainAndSaidOnce() async throws {
        let clock = TestClock()
        let script = Script([
            .polygon: { _ in ProviderResponse(status: 401, text: #"{"status":"ERROR","error":"Unknown API Key"}"#) },
            .eodhd: { _ in ProviderResponse(status: 200, text: Self.ok) },
        ])
        let orchestrator = orchestrator(script, clock: clock, only: [.polygon, .eodhd])
        let heard = HeardEvents(orchestrator.events)
        _ = await orchestrator.fetch(query)
        let second = await orchestrator.fetch(query)
        #expect(second.attempts.map(\.outcome) == [.skippedDisabled, .ok])
        #expect(script.count(.polygon) == 1)
        // Said once, over both fetches.
        #expect(heard.all == [.keyRefused(.polygon, reason: "Unknown API Key")])
        #expect(
            heard.messages == ["polygon: the API key was refused (Unknown API Key); it is not asked again this session"]
        )
    }

    @Test func aSourceAtItsLimitIsPassedOverForOneWithRoom() async throws {
        let clock = TestClock()
        let script = Script([
            .polygon: { _ in
                ProviderResponse(
                    status: 200,
                    text: #"{"results":[{"o":1,"h":2,"l":0.5,"c":1.5,"v":10,"t":1719892800000}],"status":"OK"}"#)
            }, .eodhd: { _ in ProviderResponse(status: 200, text: Self.ok) },
        ])
        let orchestrator = orchestrator(
            script, clock: clock, limits: [.polygon: [RateWindow(count: 1, length: .seconds(60))]],
            only: [.polygon, .eodhd])
        let first = await orchestrator.fetch(query)
        let second = await orchestrator.fetch(query)
        #expect(first.source == .polygon)
        #expect(second.source == .eodhd && second.attempts.map(\.outcome) == [.skippedRateLimit, .ok])
        #expect(second.isFallback)
    }

    @Test func whenNoSourceHasRoomItWaitsForTheEarliestSlot() async throws {
        let clock = TestClock()
        let script = Script([.eodhd: { _ in ProviderResponse(status: 200, text: Self.ok) }])
        let orchestrator = orchestrator(
            script, clock: clock, limits: [.eodhd: [RateWindow(count: 1, length: .seconds(10))]], only: [.eodhd])
        _ = await orchestrator.fetch(query)
        let task = Task { await orchestrator.fetch(query) }
        await settle()  // it is waiting for the slot
        await clock.advance(by: .milliseconds(9_999))
        await settle()
        #expect(script.count(.eodhd) == 1)
        await clock.advance(by: .milliseconds(1))
        let result = await task.value
        #expect(result.ok && script.count(.eodhd) == 2)
        #expect(result.attempts.map(\.outcome) == [.ok])  // waited, not skipped: nothing else to use
    }

    /// On the command line a derived basis's ledger waits for its slot as the bars did: under a
    /// minute's limit the fetch is served a minute later, not failed after `actionsMaxWait`.
    @Test func aDerivedBasisWaitsForTheLedgersSlotAsTheBarsDo() async throws {
        let clock = TestClock()
        let script = Script([.eodhd: { n in ProviderResponse(status: 200, text: n == 1 ? Self.ok : "[]") }])
        let orchestrator = orchestrator(
            script, clock: clock, limits: [.eodhd: [RateWindow(count: 1, length: .seconds(60))]], only: [.eodhd])
        let task = Task {
            await orchestrator.fetch(FetchRequest(ticker: "AAPL", from: query.from, to: query.to, basis: .split))
        }
        #expect(await eventually({ script.count(.eodhd) == 1 }, yields: 500_000))
        await settle(yields: 20_000)  // the ledger waits for the next slot
        await clock.advance(by: .seconds(30))
        await settle()
        #expect(script.count(.eodhd) == 1)
        await clock.advance(by: .seconds(30))
        let result = await task.value
        #expect(result.ok && result.basis == .split && script.count(.eodhd) == 2, "\(result.failure?.message ?? "")")
    }

    @Test func aRateLimitAnswerCoolsTheSourceDownForItsRetryAfter() async throws {
        let clock = TestClock()
        let script = Script([
            .eodhd: { n in
                n == 1
                    ? ProviderResponse(
                        status: 429, headers: [("Retry-After", "30")], text: #"{"error":"API rate limit exceeded"}"#)
                    : ProviderResponse(status: 200, text: Self.ok)
            }
        ])
        let orchestrator = orchestrator(script, clock: clock, only: [.eodhd])
        let first = await orchestrator.fetch(query)
        #expect(first.attempts.map(\.outcome) == [.rateLimited])  // not retried there
        let task = Task { await orchestrator.fetch(query) }
        await settle()  // it is waiting for the cool-down to end
        await clock.advance(by: .seconds(29))
        await settle()
        #expect(script.count(.eodhd) == 1)
        await clock.advance(by: .seconds(1))
        #expect(await task.value.ok)
    }

    @Test func theCircuitOpensAndSkipsTheSource() async throws {
        let clock = TestClock()
        let script = Script([
            .polygon: { _ in ProviderResponse(status: 500, text: "x") },
            .eodhd: { _ in ProviderResponse(status: 200, text: Self.ok) },
        ])
        var once = RetryPolicy()
        once.maxTries = 1
        let orchestrator = orchestrator(script, clock: clock, only: [.polygon, .eodhd], retry: once)
        let heard = HeardEvents(orchestrator.events)
        for _ in 0..<5 { _ = await orchestrator.fetch(query) }
        let sixth = await orchestrator.fetch(query)
        #expect(sixth.attempts.map(\.outcome) == [.skippedCircuitOpen, .ok])
        #expect(script.count(.polygon) == 5)
        let status = await orchestrator.governor.status().first { $0.id == .polygon }
        #expect(status?.breaker == .open && status?.breakerRemaining == .seconds(30))
        #expect(heard.all.contains(.circuitOpened(.polygon, cooldown: .seconds(30), failures: 5)))
        #expect(heard.messages.contains { $0.hasPrefix("polygon: circuit open for 30s") })
    }

    @Test func aBatchKeepsInputOrderAndIsolatesFailures() async throws {
        let clock = TestClock()
        let script = Script([
            .eodhd: { _ in ProviderResponse(status: 200, text: Self.ok) },
            .fmp: { _ in ProviderResponse(status: 200, text: "[]") },
        ])
        let orchestrator = orchestrator(script, clock: clock, only: [.eodhd])
        let queries = ["AAPL", "MSFT", "NVDA", "TSLA"].map { BarQuery(ticker: $0, from: query.from, to: query.to) }
        let events = Mutex<[Int]>([])
        let results = await orchestrator.batch(queries, concurrency: 2) { progress in
            events.withLock { $0.append(progress.done) }
        }
        #expect(results.map(\.ticker) == ["AAPL", "MSFT", "NVDA", "TSLA"])
        #expect(results.allSatisfy { $0.ok })
        #expect(events.withLock { $0 } == [1, 2, 3, 4])
    }

    @Test func cancellingABatchKeepsFinishedResults() async throws {
        let clock = TestClock()
        let script = Script([.eodhd: { _ in ProviderResponse(status: 200, text: Self.ok) }])
        let orchestrator = orchestrator(
            script, clock: clock, limits: [.eodhd: [RateWindow(count: 2, length: .seconds(60))]], only: [.eodhd])
        let queries = (0..<6).map { BarQuery(ticker: "T\($0)", from: query.from, to: query.to) }
        let task = Task { await orchestrator.batch(queries, concurrency: 3) }
        #expect(await eventually { script.count(.eodhd) == 2 })
        // The other tickers now wait on the test clock for a slot, which never advances.
        await settle()
        #expect(script.count(.eodhd) == 2)
        task.cancel()
        let results = await task.value
        #expect(results.count == 6 && results.filter(\.ok).count == 2)
        #expect(results.filter { !$0.ok }.allSatisfy { $0.error?.contains("cancelled") == true })
    }

    /// Ctrl-C while the uncached days of a partly cached range wait for a slot: the cached bars
    /// are shown, but the result is cancelled (not ok in JSON, the days that never came missing),
    /// with no cause invented for those days.
    @Test func aFetchCutShortOverAPartlyCachedRangeIsCancelledNotServed() async throws {
        let clock = TestClock()
        let bars =
            #"[{"date":"2024-07-03","open":10,"high":11,"low":9,"close":10.5,"adjusted_close":10.4,"volume":1000},"#
            + #"{"date":"2024-07-05","open":10,"high":11,"low":9,"close":10.6,"adjusted_close":10.5,"volume":1000}]"#
        let script = Script([.eodhd: { _ in ProviderResponse(status: 200, text: bars) }])
        let engine = stubEngine(
            script.transport, sources: [.eodhd], limits: [.eodhd: [RateWindow(count: 1, length: .seconds(60))]],
            candleStore: MemoryCandleStore(), time: TimeSource(clock), today: Self.today)
        let recent = await engine.fetch(BarQuery(ticker: "AAPL", from: TradingDate("2024-07-03")!, to: query.to))
        #expect(recent.isComplete && recent.candles.count == 2)
        // Pinned (as compare asks each source): the cached part is served from its source.
        let task = Task { await engine.fetch(query, pinned: .eodhd) }
        await settle()
        #expect(script.count(.eodhd) == 1)
        task.cancel()
        let cut = await task.value
        #expect(cut.wasCancelled && cut.source == .eodhd)
        #expect(cut.candles.map(\.date.description) == ["2024-07-03", "2024-07-05"])
        #expect(cut.missing.map(\.description) == ["2024-07-01", "2024-07-02"])
        #expect(!cut.isComplete && cut.attempts.last?.outcome == .cancelled)
        #expect(cut.error?.contains("cancelled before eodhd answered for AAPL's 2 uncached trading day(s)") == true)
        #expect(!cut.notes.contains { $0.contains("listed then") })
        #expect(FailurePolicy.failure(of: cut, strict: false) != nil)
        #expect(ResultJSON.fetchMembers(cut).first { $0.0 == "ok" }?.1 == "false")
    }
}
