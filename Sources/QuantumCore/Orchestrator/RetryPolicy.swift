/// How transient failures are retried: full-jitter exponential backoff, a few tries per source,
/// and a budget shared by a whole batch so an outage cannot turn into a retry storm.
public struct RetryPolicy: Sendable, Equatable {
    /// Requests per source per ticker, the first included.
    public var maxTries = 3
    public var baseDelay: Duration = .milliseconds(100)
    public var maxDelay: Duration = .seconds(2)

    public init() {}

    /// Full jitter: a uniform draw in [0, min(cap, base × 2^retry)]; `unit` is that draw in [0, 1).
    public func delay(beforeRetry retry: Int, unit: Double) -> Duration {
        let ceiling = min(maxDelay, baseDelay * (1 << min(retry, 30)))
        return ceiling * min(max(unit, 0), 1)
    }
}

/// AWS-style retry quota: a retry withdraws tokens (more after a timeout), a success puts one back.
/// When the bucket is empty nobody retries until successes refill it.
public struct RetryBudget: Sendable, Equatable {
    public private(set) var tokens: Int
    public let capacity: Int
    public static let retryCost = 5
    public static let timeoutRetryCost = 10

    public init(capacity: Int = 500) {
        self.capacity = capacity
        self.tokens = capacity
    }

    /// Takes the cost of retrying after `outcome`; false (and nothing taken) when it cannot be paid.
    public mutating func withdraw(after outcome: Outcome) -> Bool {
        let cost = outcome == .timeout ? Self.timeoutRetryCost : Self.retryCost
        guard tokens >= cost else { return false }
        tokens -= cost
        return true
    }

    public mutating func depositSuccess() {
        tokens = min(capacity, tokens + 1)
    }
}
