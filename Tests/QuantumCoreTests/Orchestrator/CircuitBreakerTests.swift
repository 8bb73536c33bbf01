import Testing
@testable import QuantumCore

@Suite struct CircuitBreakerTests {
    func at(_ s: Int) -> Moment { Moment(.seconds(s)) }

    @Test func opensAfterConsecutiveFailuresThenProbesOnce() {
        var breaker = CircuitBreaker(threshold: 3, cooldown: .seconds(30))
        breaker.recordFailure(at: at(0))
        breaker.recordFailure(at: at(1))
        #expect(breaker.state == .closed(consecutiveFailures: 2))
        breaker.recordFailure(at: at(2))
        #expect(breaker.state == .open(until: at(32)))
        do { let granted = breaker.allow(at: at(31)); #expect(!granted) }
        #expect(breaker.describe(at: at(22)).state == .open && breaker.describe(at: at(22)).remaining == .seconds(10))
        do { let granted = breaker.allow(at: at(32)); #expect(granted) }  // the probe
        #expect(breaker.state == .halfOpen(probing: true))
        do { let granted = breaker.allow(at: at(33)); #expect(!granted) }  // only one at a time
        breaker.recordFailure(at: at(34))
        #expect(breaker.state == .open(until: at(64)))
        do { let granted = breaker.allow(at: at(64)); #expect(granted) }
        breaker.recordSuccess()
        #expect(breaker.state == .closed(consecutiveFailures: 0))
    }

    @Test func aSuccessResetsTheCount() {
        var breaker = CircuitBreaker(threshold: 2, cooldown: .seconds(5))
        breaker.recordFailure(at: at(0))
        breaker.recordSuccess()
        breaker.recordFailure(at: at(1))
        #expect(breaker.state == .closed(consecutiveFailures: 1))
    }
}

@Suite struct RetryPolicyTests {
    @Test func fullJitterStaysWithinTheCappedExponential() {
        let policy = RetryPolicy()
        #expect(policy.delay(beforeRetry: 0, unit: 0.999) < .milliseconds(100))
        #expect(policy.delay(beforeRetry: 0, unit: 0.5) == .milliseconds(50))
        #expect(policy.delay(beforeRetry: 3, unit: 0.5) == .milliseconds(400))
        #expect(policy.delay(beforeRetry: 10, unit: 1) == .seconds(2))
        #expect(policy.delay(beforeRetry: 10, unit: 0) == .zero)
    }

    @Test func theBudgetEmptiesAndRefills() {
        var budget = RetryBudget(capacity: 12)
        do { let granted = budget.withdraw(after: .serverError); #expect(granted) }  // 7 left
        do { let granted = budget.withdraw(after: .timeout); #expect(!granted) }  // costs 10
        do { let granted = budget.withdraw(after: .networkError); #expect(granted) }  // 2 left
        do { let granted = budget.withdraw(after: .serverError); #expect(!granted) }
        for _ in 0..<3 { budget.depositSuccess() }
        do { let granted = budget.withdraw(after: .serverError); #expect(granted) }
        #expect(budget.tokens == 0)
    }
}
