/// The strict rolling-window rule: at most `count` requests in any window of `length`, for every
/// window at once, as the provider counts them — by when each request *arrives*. A pure value: it
/// answers and records; callers decide whether to wait.
///
/// The client cannot see arrival times, only bounds: a request arrives no earlier than it was
/// granted and no later than its answer came back. So a grant is held open (a ticket) until the
/// answer, and then stands for the latest moment it can have arrived. A new request (arriving at
/// `t` or later) is safe when, for each window, at most `count − 1` earlier requests can have
/// arrived after `t − length`; one still in flight can have arrived at any time, so it always
/// counts. Server-side, `record` notes an arrival that is known exactly.
public struct RollingWindowLimiter<Instant: InstantProtocol>: Sendable where Instant.Duration == Duration {
    /// Identifies a grant whose answer is still to come.
    public typealias Ticket = Int

    public private(set) var windows: [RateWindow]
    /// Latest possible arrival of each recent request; nil while it is in flight.
    private var arrivals: [Ticket: Instant?] = [:]
    private var nextTicket: Ticket = 0

    public init(windows: [RateWindow]) {
        self.windows = windows
    }

    /// Nil when a request may go at `now`; otherwise the earliest instant to ask again (exact
    /// unless requests are in flight, whose answers can only push it later).
    public func earliestGrant(at now: Instant) -> Instant? {
        var latest: Instant?
        var known: [Instant]?
        let inFlight = arrivals.values.count { $0 == nil }
        for window in windows where arrivals.count >= window.count {
            let free: Instant
            if inFlight >= window.count {
                free = now.advanced(by: window.length)
            } else {
                if known == nil { known = arrivals.values.compactMap { $0 }.sorted(by: >) }
                free = known![window.count - inFlight - 1].advanced(by: window.length)
            }
            if free > now, latest.map({ free > $0 }) ?? true { latest = free }
        }
        return latest
    }

    /// Grants a request at `now` (callers check `earliestGrant` first); `complete` it when its
    /// answer arrives.
    public mutating func begin(at now: Instant) -> Ticket {
        prune(at: now)
        defer { nextTicket += 1 }
        if !windows.isEmpty { arrivals[nextTicket] = .some(nil) }
        return nextTicket
    }

    /// The answer to a granted request came back at `now`: it arrived at `now` at the latest.
    public mutating func complete(_ ticket: Ticket, at now: Instant) {
        if arrivals[ticket] != nil { arrivals[ticket] = now }
    }

    /// Withdraws a grant whose request was never sent.
    public mutating func cancel(_ ticket: Ticket) {
        arrivals[ticket] = nil
    }

    /// Records a request that arrived at `now` (a server counting what it receives).
    public mutating func record(_ now: Instant) {
        complete(begin(at: now), at: now)
    }

    /// Records and returns true if a request may arrive at `now`.
    public mutating func tryAcquire(at now: Instant) -> Bool {
        guard earliestGrant(at: now) == nil else { return false }
        record(now)
        return true
    }

    /// Per window: requests that count at `now` (in flight included), and when the oldest
    /// answered one stops counting.
    public func usage(at now: Instant) -> [(window: RateWindow, used: Int, resetsAt: Instant?)] {
        windows.map { window in
            let live = arrivals.values.filter { $0.map { $0.advanced(by: window.length) > now } ?? true }
            let oldest = live.compactMap { $0 }.min()
            return (window, live.count, oldest.map { $0.advanced(by: window.length) })
        }
    }

    /// Replaces the windows, keeping the recent requests so a tightened limit holds at once.
    public mutating func setWindows(_ new: [RateWindow]) {
        windows = new
        if windows.isEmpty { arrivals = [:] }
    }

    /// Forgets answered requests that no window can count any more.
    private mutating func prune(at now: Instant) {
        guard let longest = windows.map(\.length).max() else { return }
        arrivals = arrivals.filter { _, arrival in arrival.map { $0.advanced(by: longest) > now } ?? true }
    }
}
