import Foundation
import Synchronization

/// A quota ledger for one process: simulated sessions and tests.
public final class MemoryQuotaLedger: QuotaLedger {
    private let grants = Mutex([QuotaKey: [Date]]())
    private let spent = Mutex([QuotaKey: Date]())

    public init() {}

    public func reserve(_ key: QuotaKey, windows: [RateWindow], now: Date) async throws -> Date? {
        grants.withLock { all in
            let longest = windows.map(\.length.seconds).max() ?? 0
            var times = (all[key] ?? []).filter { now.timeIntervalSince($0) < longest }
            let free = QuotaArithmetic.firstFree(times, windows: windows, now: now)
            if free == nil { times.append(now) }
            all[key] = times
            return free
        }
    }

    public func used(_ key: QuotaKey, window: RateWindow, now: Date) async throws -> Int {
        grants.withLock { all in (all[key] ?? []).count { now.timeIntervalSince($0) < window.length.seconds } }
    }

    public func markSpent(_ key: QuotaKey, until: Date) async throws {
        spent.withLock { $0[key] = max($0[key] ?? until, until) }
    }

    public func spentUntil(_ key: QuotaKey, now: Date) async throws -> Date? {
        spent.withLock { $0[key].flatMap { $0 > now ? $0 : nil } }
    }
}

/// The rolling-window rule over recorded grant times, shared by every ledger backend.
public enum QuotaArithmetic {
    /// Nil when every window has room at `now` for one more grant; otherwise when it first will.
    /// `times` are the grants of the longest window, in any order.
    public static func firstFree(_ times: [Date], windows: [RateWindow], now: Date) -> Date? {
        var free: Date?
        let sorted = times.sorted()
        for window in windows {
            let inWindow = sorted.filter { now.timeIntervalSince($0) < window.length.seconds }
            if inWindow.count >= window.count {
                let at = inWindow[inWindow.count - window.count].addingTimeInterval(window.length.seconds)
                free = max(free ?? at, at)
            }
        }
        return free
    }
}
