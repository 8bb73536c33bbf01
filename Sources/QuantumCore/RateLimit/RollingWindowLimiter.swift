/// The strict rolling-window rule: at most `count` grants in any window of `length`, for every
/// window at once. A pure value: it answers and records; callers decide whether to wait.
///
/// A grant at `t` is allowed when, for each window, the `count`-th most recent grant is at or
/// before `t − length` — so no half-open window `(t − length, t]` ever holds more than `count`.
public struct RollingWindowLimiter<Instant: InstantProtocol>: Sendable where Instant.Duration == Duration {
    public private(set) var windows: [RateWindow]
    /// The most recent grants, oldest first; as many as the largest window counts.
    private var history: [Instant] = []

    public init(windows: [RateWindow]) {
        self.windows = windows
    }

    private var depth: Int { windows.map(\.count).max() ?? 0 }

    /// Nil when a grant is allowed at `now`; otherwise the earliest instant it will be.
    public func earliestGrant(at now: Instant) -> Instant? {
        var latest: Instant?
        for window in windows where history.count >= window.count {
            let free = history[history.count - window.count].advanced(by: window.length)
            if free > now, latest.map({ free > $0 }) ?? true { latest = free }
        }
        return latest
    }

    /// Records a grant at `now` (callers check `earliestGrant` first).
    public mutating func record(_ now: Instant) {
        history.append(now)
        if history.count > depth { history.removeFirst(history.count - depth) }
    }

    /// Grants and records if allowed now.
    public mutating func tryAcquire(at now: Instant) -> Bool {
        guard earliestGrant(at: now) == nil else { return false }
        record(now)
        return true
    }

    /// Per window: grants counted at `now`, and when the oldest of them stops counting.
    public func usage(at now: Instant) -> [(window: RateWindow, used: Int, resetsAt: Instant?)] {
        windows.map { window in
            let live = history.suffix(window.count).filter { $0.advanced(by: window.length) > now }
            return (window, live.count, live.first.map { $0.advanced(by: window.length) })
        }
    }

    /// Replaces the windows, keeping the recent grants so a tightened limit holds at once.
    public mutating func setWindows(_ new: [RateWindow]) {
        windows = new
        if history.count > depth { history.removeFirst(history.count - depth) }
    }
}
