import Foundation

/// Where long rate-limit windows (an hour or more, such as `25/day`) are counted, so they hold
/// across restarts and across processes running at once.
public protocol GrantStore: Sendable {
    /// Atomically: if each window has room at `now`, records a grant and returns nil; otherwise
    /// returns when the first grant will be possible.
    func reserve(source: SourceID, windows: [RateWindow], now: Date) throws -> Date?
    /// Grants counted in a window at `now`.
    func used(source: SourceID, window: RateWindow, now: Date) throws -> Int
}

extension RateWindow {
    /// Windows this long are persisted in a `GrantStore`.
    public var isLong: Bool { length >= .seconds(3600) }
}
