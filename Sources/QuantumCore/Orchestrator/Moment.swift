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

/// The one clock seam: how the engine tells time and waits (a real clock in the tool, a test
/// clock in tests), and from the same wall time what day it is in New York and whether a
/// listing's session has closed.
public struct TimeSource: Sendable {
    /// Now, as a moment.
    public let now: @Sendable () -> Moment
    /// Waits until a moment; throws if the task is cancelled first.
    public let sleep: @Sendable (Moment) async throws -> Void
    /// The wall-clock time now, for state that outlives the process (day windows).
    public let wallNow: @Sendable () -> Date
    /// Today's date in New York (US daily bars are dated in it), at `wallNow`.
    public let today: @Sendable () -> TradingDate
    /// Whether a date's session is over at the listing's exchange at `wallNow` (its close in its
    /// own time zone, early closes included: NYSE 16:00 New York, 13:00 on early-close days);
    /// until then its bar is not a daily candle.
    public let sessionIsOver: @Sendable (TradingDate, ListingCalendar) -> Bool

    /// Time from `clock`; with `wallOrigin`, wall time advances with that clock from it (tests).
    public init<C: Clock>(_ clock: C, wallOrigin: Date? = nil) where C.Duration == Duration {
        let origin = clock.now
        let now: @Sendable () -> Moment = { Moment(origin.duration(to: clock.now)) }
        let wallNow: @Sendable () -> Date
        if let wallOrigin {
            wallNow = { wallOrigin.addingTimeInterval(now().offset.seconds) }
        } else {
            wallNow = { Date() }
        }
        self.init(
            now: now,
            sleep: { moment in try await clock.sleep(until: origin.advanced(by: moment.offset), tolerance: .zero) },
            wallNow: wallNow,
            today: {
                NewYorkTime.date(at: wallNow())
            },
            sessionIsOver: { date, calendar in calendar.sessionIsOver(date, at: wallNow()) })
    }

    private init(
        now: @escaping @Sendable () -> Moment, sleep: @escaping @Sendable (Moment) async throws -> Void,
        wallNow: @escaping @Sendable () -> Date, today: @escaping @Sendable () -> TradingDate,
        sessionIsOver: @escaping @Sendable (TradingDate, ListingCalendar) -> Bool
    ) {
        self.now = now
        self.sleep = sleep
        self.wallNow = wallNow
        self.today = today
        self.sessionIsOver = sessionIsOver
    }

    /// The same clock with today, or the end of sessions, decided otherwise (a test pins today,
    /// or says every session is over); nil keeps this clock's.
    public func with(
        today: (@Sendable () -> TradingDate)? = nil,
        sessionIsOver: (@Sendable (TradingDate, ListingCalendar) -> Bool)? = nil
    ) -> TimeSource {
        TimeSource(
            now: now, sleep: sleep, wallNow: wallNow, today: today ?? self.today,
            sessionIsOver: sessionIsOver ?? self.sessionIsOver)
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
