import Testing
@testable import QuantumCore

/// Exact grant and wait sequences, as Guava's RateLimiterTest states them.
@Suite struct RollingWindowLimiterTests {
    func at(_ ms: Int) -> Moment { Moment(.milliseconds(ms)) }

    @Test func atMostNInAnyRollingWindow() {
        var limiter = RollingWindowLimiter<Moment>(windows: [RateWindow(count: 3, length: .seconds(1))])
        do { let granted = limiter.tryAcquire(at: at(0)); #expect(granted) }
        do { let granted = limiter.tryAcquire(at: at(100)); #expect(granted) }
        do { let granted = limiter.tryAcquire(at: at(900)); #expect(granted) }
        do { let granted = limiter.tryAcquire(at: at(999)); #expect(!granted) }
        #expect(limiter.earliestGrant(at: at(999)) == at(1000))
        // the grant at 0 has left the window (1000 − 1000, 1000]
        do { let granted = limiter.tryAcquire(at: at(1000)); #expect(granted) }
        #expect(limiter.earliestGrant(at: at(1000)) == at(1100))
        #expect(limiter.earliestGrant(at: at(1099)) == at(1100))
        do { let granted = limiter.tryAcquire(at: at(1100)); #expect(granted) }
        #expect(limiter.earliestGrant(at: at(1100)) == at(1900))
    }

    @Test func aTokenBucketsBurstIsNotAllowed() {
        // A bucket of 5/min refilled continuously would allow 5 at 0 and nearly 5 more at 59 s.
        var limiter = RollingWindowLimiter<Moment>(windows: [RateWindow(count: 5, length: .seconds(60))])
        for _ in 0..<5 { let granted = limiter.tryAcquire(at: at(0)); #expect(granted) }
        do { let granted = limiter.tryAcquire(at: at(59_000)); #expect(!granted) }
        #expect(limiter.earliestGrant(at: at(59_000)) == at(60_000))
    }

    @Test func everyWindowHoldsAtOnce() {
        var limiter = RollingWindowLimiter<Moment>(windows: [
            RateWindow(count: 2, length: .seconds(1)), RateWindow(count: 3, length: .seconds(60)),
        ])
        do { let granted = limiter.tryAcquire(at: at(0)); #expect(granted) }
        do { let granted = limiter.tryAcquire(at: at(10)); #expect(granted) }
        #expect(limiter.earliestGrant(at: at(20)) == at(1000))  // the short window binds
        do { let granted = limiter.tryAcquire(at: at(1000)); #expect(granted) }
        #expect(limiter.earliestGrant(at: at(2010)) == at(60_000))  // now the long one does
        let usage = limiter.usage(at: at(2010))
        #expect(usage.map(\.used) == [0, 3])
        #expect(usage[1].resetsAt == at(60_000))
    }

    @Test func tighteningTheLimitHoldsAtOnce() {
        var limiter = RollingWindowLimiter<Moment>(windows: [RateWindow(count: 10, length: .seconds(1))])
        for ms in [0, 10, 20] {
            let granted = limiter.tryAcquire(at: at(ms))
            #expect(granted)
        }
        limiter.setWindows([RateWindow(count: 2, length: .seconds(1))])
        #expect(limiter.earliestGrant(at: at(30)) == at(1010))
    }
}

/// The client side: a request counts from its grant until its answer shows when it can have
/// arrived, so a server counting arrivals never sees more than the limit.
@Suite struct InFlightLimiterTests {
    func at(_ ms: Int) -> Moment { Moment(.milliseconds(ms)) }

    @Test func anAnswerMovesTheWindowToWhenItCameBack() {
        var limiter = RollingWindowLimiter<Moment>(windows: [RateWindow(count: 2, length: .seconds(1))])
        let first = limiter.begin(at: at(0))
        let second = limiter.begin(at: at(10))
        // Both in flight: nothing is known, so ask again a window later at the earliest.
        #expect(limiter.earliestGrant(at: at(20)) == at(1020))
        limiter.complete(first, at: at(30))
        // The first arrived by 30 ms; the second may still arrive any time, so it counts.
        #expect(limiter.earliestGrant(at: at(40)) == at(1030))
        limiter.complete(second, at: at(300))  // a slow answer: it may have arrived as late as 300
        #expect(limiter.earliestGrant(at: at(1030)) == nil)
        _ = limiter.begin(at: at(1030))
        #expect(limiter.earliestGrant(at: at(1031)) == at(1300))
    }

    @Test func usageCountsRequestsInFlight() {
        var limiter = RollingWindowLimiter<Moment>(windows: [RateWindow(count: 3, length: .seconds(1))])
        let a = limiter.begin(at: at(0))
        _ = limiter.begin(at: at(5))
        limiter.complete(a, at: at(50))
        let usage = limiter.usage(at: at(60))
        #expect(usage.map(\.used) == [2])
        #expect(usage[0].resetsAt == at(1050))
        #expect(limiter.usage(at: at(1060)).map(\.used) == [1])  // the one in flight still counts
    }
}
