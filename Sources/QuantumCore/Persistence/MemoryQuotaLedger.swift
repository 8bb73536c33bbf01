import Foundation
import Synchronization

/// A quota ledger for one process: simulated sessions and tests. With `countsEveryWindow` it
/// keeps the shared ledger's promise (every window, grants in flight until answered), so the
/// governor's use of one can be tested without a database.
public final class MemoryQuotaLedger: QuotaLedger {
    private struct State {
        var grants: [QuotaKey: [Int64: QuotaArithmetic.Grant]] = [:]
        var nextID: Int64 = 1
        var spent: [QuotaKey: Date] = [:]
    }

    private let state = Mutex(State())
    public let countsEveryWindow: Bool
    private let flightLimit: TimeInterval

    /// `flightLimit`: how long a grant with no answer counts as in flight (see `QuotaArithmetic`).
    public init(countsEveryWindow: Bool = false, flightLimit: Duration = QuotaArithmetic.defaultFlightLimit) {
        self.countsEveryWindow = countsEveryWindow
        self.flightLimit = flightLimit.seconds
    }

    public func reserve(_ key: QuotaKey, windows: [RateWindow], now: Date) async throws -> Date? {
        switch take(key, windows: windows, now: now, inFlight: false) {
        case .granted: nil
        case .notUntil(let free), .spent(let free): free
        }
    }

    public func grant(_ key: QuotaKey, windows: [RateWindow], now: Date) async throws -> QuotaGrant {
        take(key, windows: windows, now: now, inFlight: true)
    }

    public func answered(_ key: QuotaKey, grant id: Int64, at: Date) async throws {
        state.withLock { state in
            guard let grant = state.grants[key]?[id], grant.inFlight else { return }
            state.grants[key]?[id] = QuotaArithmetic.Grant(arrivedBy: min(at, grant.arrivedBy), inFlight: false)
        }
    }

    private func take(_ key: QuotaKey, windows: [RateWindow], now: Date, inFlight: Bool) -> QuotaGrant {
        state.withLock { state in
            if inFlight, let until = state.spent[key], until > now { return .spent(until: until) }
            let horizon = QuotaArithmetic.horizon
            var grants = (state.grants[key] ?? [:]).filter { now.timeIntervalSince($0.value.arrivedBy) < horizon }
            defer { state.grants[key] = grants }
            if let free = QuotaArithmetic.firstFree(Array(grants.values), windows: windows, now: now) {
                return .notUntil(free)
            }
            let id = state.nextID
            state.nextID += 1
            grants[id] = QuotaArithmetic.Grant(
                arrivedBy: inFlight ? now.addingTimeInterval(flightLimit) : now, inFlight: inFlight)
            return .granted(id: id)
        }
    }

    public func used(_ key: QuotaKey, window: RateWindow, now: Date) async throws -> Int {
        state.withLock { state in
            (state.grants[key] ?? [:]).values.count {
                ($0.inFlight && $0.arrivedBy > now) || now.timeIntervalSince($0.arrivedBy) < window.length.seconds
            }
        }
    }

    public func firstCounted(_ key: QuotaKey, window: RateWindow, now: Date) async throws -> Date? {
        state.withLock { state in
            (state.grants[key] ?? [:]).values.filter {
                ($0.inFlight && $0.arrivedBy > now) || now.timeIntervalSince($0.arrivedBy) < window.length.seconds
            }.map(\.arrivedBy).min()
        }
    }

    public func markSpent(_ key: QuotaKey, until: Date) async throws {
        state.withLock { $0.spent[key] = max($0.spent[key] ?? until, until) }
    }

    public func spentUntil(_ key: QuotaKey, now: Date) async throws -> Date? {
        state.withLock { $0.spent[key].flatMap { $0 > now ? $0 : nil } }
    }
}

/// The rolling-window rule over recorded grants, shared by every ledger backend — the rule of
/// `RollingWindowLimiter`, in wall time.
public enum QuotaArithmetic {
    /// A recorded grant: answered (its request arrived by `arrivedBy`), or in flight (it can
    /// arrive at any moment). A grant whose answer never came (its process died) counts as in
    /// flight until `arrivedBy` — its grant time plus the flight limit — and as arrived then.
    public struct Grant: Sendable, Equatable {
        public var arrivedBy: Date
        public var inFlight: Bool

        public init(arrivedBy: Date, inFlight: Bool) {
            self.arrivedBy = arrivedBy
            self.inFlight = inFlight
        }
    }

    /// How long a grant with no answer counts as in flight: longer than any request waits.
    public static let defaultFlightLimit: Duration = .seconds(120)

    /// Grants older than this count in no window (the longest window is a day): seconds.
    public static let horizon: TimeInterval = 86_400 + 60

    /// Nil when every window has room at `now` for one more grant; otherwise when it first will.
    /// `times` are the grants of the longest window, in any order, each arrived at its time.
    public static func firstFree(_ times: [Date], windows: [RateWindow], now: Date) -> Date? {
        firstFree(times.map { Grant(arrivedBy: $0, inFlight: false) }, windows: windows, now: now)
    }

    /// Nil when every window has room at `now` for one more grant; otherwise when to ask again:
    /// exact when no grant is in flight; with some in flight, one window length from now (their
    /// answers can only push it later).
    public static func firstFree(_ grants: [Grant], windows: [RateWindow], now: Date) -> Date? {
        let inFlight = grants.count { $0.inFlight && $0.arrivedBy > now }
        let arrived = grants.filter { !($0.inFlight && $0.arrivedBy > now) }.map(\.arrivedBy).sorted(by: >)
        var free: Date?
        for window in windows where grants.count >= window.count {
            let at =
                inFlight >= window.count
                ? now.addingTimeInterval(window.length.seconds)
                : arrived[window.count - inFlight - 1].addingTimeInterval(window.length.seconds)
            if at > now { free = max(free ?? at, at) }
        }
        return free
    }
}
