import Foundation

/// One exchange's trading calendar as data (generated from exchange_calendars; see
/// `scripts/calendars/generate.py`): its sessions between `first` and `last`, the holidays and
/// ad-hoc closures among its usual trading days, sessions on days it usually does not trade,
/// and its close time in local time, regular (as it changed over history) and special (early
/// closes).
///
/// Outside `first … last` nothing is known: `covers` says so and callers do not judge gaps there.
public struct ExchangeCalendar: Sendable {
    /// The ISO 10383 market identifier code (`XNYS`, `XLON`).
    public let mic: String
    /// The exchange's name (`London Stock Exchange`).
    public let name: String
    /// The IANA time zone its sessions are in (`Europe/London`).
    public let timeZone: String
    /// The first and last day the data covers.
    public let first: TradingDate
    public let last: TradingDate
    /// The library (and its calendar) the data comes from: `exchange_calendars 4.13.2`,
    /// `pandas_market_calendars 5.5.0 NYSE`.
    public let source: String
    /// The days of the week it usually trades, Sunday first (`TradingDate.weekday`'s order).
    let tradesOnWeekday: [Bool]
    /// Usual trading days without a session (holidays, closures), ascending day numbers.
    let holidays: [Int32]
    /// Sessions on days it usually does not trade, ascending day numbers.
    let extraSessions: [Int32]
    /// The regular close in minutes after local midnight, from each date on (ascending).
    let regularCloses: [(since: Int32, minutes: Int)]
    /// Sessions closing at another time than the regular close (early closes), ascending.
    let specialCloses: [(day: Int32, minutes: Int)]

    /// Whether `date` is a day of the week the exchange usually trades on.
    public func tradesUsually(on date: TradingDate) -> Bool { tradesOnWeekday[date.weekday] }

    /// Whether the data covers `date`.
    public func covers(_ date: TradingDate) -> Bool { date >= first && date <= last }

    /// Whether the data covers every day of the closed range.
    public func covers(from: TradingDate, through to: TradingDate) -> Bool { from >= first && to <= last }

    /// Whether `date` is a session; nil outside the data.
    public func isSession(_ date: TradingDate) -> Bool? {
        guard covers(date) else { return nil }
        if tradesOnWeekday[date.weekday] { return !Self.contains(holidays, date.daysSinceEpoch) }
        return Self.contains(extraSessions, date.daysSinceEpoch)
    }

    /// Every session in the closed range (the part the data covers).
    public func sessions(from: TradingDate, through to: TradingDate) -> [TradingDate] {
        let from = max(from, first)
        let to = min(to, last)
        guard from <= to else { return [] }
        var days: [TradingDate] = []
        days.reserveCapacity(from.days(to: to) * 5 / 7 + 2)
        var closed = Self.lowerBound(holidays, from.daysSinceEpoch)
        var extra = Self.lowerBound(extraSessions, from.daysSinceEpoch)
        var day = from
        while day <= to {
            let n = day.daysSinceEpoch
            if tradesOnWeekday[day.weekday] {
                while closed < holidays.count, holidays[closed] < n { closed += 1 }
                if closed == holidays.count || holidays[closed] != n { days.append(day) }
            } else {
                while extra < extraSessions.count, extraSessions[extra] < n { extra += 1 }
                if extra < extraSessions.count, extraSessions[extra] == n { days.append(day) }
            }
            day = day.adding(days: 1)
        }
        return days
    }

    /// The weekday closures (holidays and ad-hoc closures) in the closed range, as data covers it.
    public func closures(from: TradingDate, through to: TradingDate) -> [TradingDate] {
        let start = Self.lowerBound(holidays, max(from, first).daysSinceEpoch)
        return holidays[start...].prefix { $0 <= min(to, last).daysSinceEpoch }.map(TradingDate.init(daysSinceEpoch:))
    }

    /// The sessions in the closed range that close early (or late): each with its close.
    public func specialCloses(from: TradingDate, through to: TradingDate) -> [(date: TradingDate, minutes: Int)] {
        specialCloses.filter { $0.day >= from.daysSinceEpoch && $0.day <= to.daysSinceEpoch }.map {
            (TradingDate(daysSinceEpoch: $0.day), $0.minutes)
        }
    }

    /// The close of `date`'s session in minutes after local midnight (its special close, else the
    /// regular close then in force).
    public func closeMinutes(_ date: TradingDate) -> Int {
        let n = date.daysSinceEpoch
        var low = 0
        var high = specialCloses.count
        while low < high {
            let mid = (low + high) / 2
            if specialCloses[mid].day < n { low = mid + 1 } else { high = mid }
        }
        if low < specialCloses.count, specialCloses[low].day == n { return specialCloses[low].minutes }
        return regularClose(date)
    }

    /// The regular close in force on `date`, in minutes after local midnight.
    public func regularClose(_ date: TradingDate) -> Int {
        var minutes = regularCloses.first?.minutes ?? 16 * 60
        for close in regularCloses where close.since <= date.daysSinceEpoch { minutes = close.minutes }
        return minutes
    }

    /// Whether `date`'s session is over at `now`: a date before the exchange's local today, or
    /// today after its close.
    public func sessionIsOver(_ date: TradingDate, at now: Date) -> Bool {
        // Every zone is within a day of UTC: only the days around today need the zone.
        let utcDay = Int32((now.timeIntervalSince1970 / 86_400).rounded(.down))
        if date.daysSinceEpoch < utcDay - 1 { return true }
        if date.daysSinceEpoch > utcDay + 1 { return false }
        let zone = TimeZone(identifier: timeZone) ?? TimeZone(secondsFromGMT: 0)!
        let local = now.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: now))
        let localDay = Int32((local / 86_400).rounded(.down))
        if date.daysSinceEpoch < localDay { return true }
        if date.daysSinceEpoch > localDay { return false }
        let minutes = Int((local - Double(localDay) * 86_400) / 60)
        return minutes >= closeMinutes(date)
    }

    static func contains(_ sorted: [Int32], _ value: Int32) -> Bool {
        let i = lowerBound(sorted, value)
        return i < sorted.count && sorted[i] == value
    }

    static func lowerBound(_ sorted: [Int32], _ value: Int32) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

extension ExchangeCalendar {
    /// "15:30" for 930 minutes after midnight.
    public static func clock(_ minutes: Int) -> String {
        let h = minutes / 60
        let m = minutes % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }
}
