import Foundation

/// A point in time as an offset from when a `TimeSource` was made. The resilience state
/// machines are written against it, so they need no clock and tests can state exact instants.
public struct Moment: InstantProtocol, Hashable, Sendable, CustomStringConvertible {
    public var offset: Duration

    public init(_ offset: Duration) {
        self.offset = offset
    }

    public static let zero = Moment(.zero)

    public func advanced(by duration: Duration) -> Moment { Moment(offset + duration) }
    public func duration(to other: Moment) -> Duration { other.offset - offset }
    public static func < (lhs: Moment, rhs: Moment) -> Bool { lhs.offset < rhs.offset }

    public var description: String { "t+\(SettingValues.text(offset))" }
}

/// The seam through which the orchestrator tells time and waits: a real clock in the tool, a
/// test clock in tests.
public struct TimeSource: Sendable {
    /// Now, as a moment.
    public let now: @Sendable () -> Moment
    /// Waits until a moment; throws if the task is cancelled first.
    public let sleep: @Sendable (Moment) async throws -> Void
    /// The wall-clock time now, for state that outlives the process (day windows).
    public let wallNow: @Sendable () -> Date

    /// Time from `clock`; with `wallOrigin`, wall time advances with that clock from it (tests).
    public init<C: Clock>(_ clock: C, wallOrigin: Date? = nil) where C.Duration == Duration {
        let origin = clock.now
        let now: @Sendable () -> Moment = { Moment(origin.duration(to: clock.now)) }
        self.now = now
        self.sleep = { moment in try await clock.sleep(until: origin.advanced(by: moment.offset), tolerance: .zero) }
        if let wallOrigin {
            self.wallNow = { wallOrigin.addingTimeInterval(now().offset.seconds) }
        } else {
            self.wallNow = { Date() }
        }
    }

    /// The real, monotonic clock.
    public static var continuous: TimeSource { TimeSource(ContinuousClock()) }
}

extension Duration {
    /// The duration in seconds, as a double.
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
