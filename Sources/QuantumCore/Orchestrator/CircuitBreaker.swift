/// A source's circuit breaker: after `threshold` consecutive transport or server failures it
/// opens for `cooldown`, then lets one probe through; the probe's result closes or reopens it.
/// A pure value driven by the instants it is given.
public struct CircuitBreaker: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        case closed(consecutiveFailures: Int)
        case open(until: Moment)
        /// Cooled down; one probe may go (`probing` once it has).
        case halfOpen(probing: Bool)
    }

    /// The state as `sources` and `limits` show it, without its counts.
    public enum Phase: String, Sendable {
        case closed
        case open
        /// Cooled down: the next request is a probe.
        case halfOpen = "half-open"
    }

    public private(set) var state: State = .closed(consecutiveFailures: 0)
    public var threshold: Int
    public var cooldown: Duration

    public init(threshold: Int = 5, cooldown: Duration = .seconds(30)) {
        self.threshold = threshold
        self.cooldown = cooldown
    }

    /// Whether a request may go now; in half-open state, only the one probe.
    public mutating func allow(at now: Moment) -> Bool {
        switch state {
        case .closed: return true
        case .open(let until):
            guard now >= until else { return false }
            state = .halfOpen(probing: true)
            return true
        case .halfOpen(let probing):
            if probing { return false }
            state = .halfOpen(probing: true)
            return true
        }
    }

    /// Whether `allow` would say yes, without taking the probe.
    public func wouldAllow(at now: Moment) -> Bool {
        switch state {
        case .closed: true
        case .open(let until): now >= until
        case .halfOpen(let probing): !probing
        }
    }

    /// The server answered (data, or a ticker-specific refusal): it is up.
    public mutating func recordSuccess() {
        state = .closed(consecutiveFailures: 0)
    }

    /// A transport or server failure.
    public mutating func recordFailure(at now: Moment) {
        switch state {
        case .closed(let failures):
            state =
                failures + 1 >= threshold
                ? .open(until: now.advanced(by: cooldown)) : .closed(consecutiveFailures: failures + 1)
        case .open, .halfOpen:
            state = .open(until: now.advanced(by: cooldown))
        }
    }

    /// Closed, open or half-open, and for open the cool-down left.
    public func describe(at now: Moment) -> (state: Phase, remaining: Duration?) {
        switch state {
        case .closed: (.closed, nil)
        case .open(let until): now >= until ? (.halfOpen, nil) : (.open, now.duration(to: until))
        case .halfOpen: (.halfOpen, nil)
        }
    }
}
