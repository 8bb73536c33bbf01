import Foundation

/// Converts instants to calendar dates in America/New_York, the time zone US daily bars are dated in.
///
/// US daylight-saving rules since 1987 are computed directly (this is on the decode hot path);
/// earlier instants ask Foundation's time-zone database.
public enum NewYorkTime {
    /// The New York calendar date of an instant given in milliseconds since the Unix epoch.
    public static func date(epochMilliseconds ms: Int64) -> TradingDate {
        let seconds = ms.floorDivided(by: 1000)
        let local = seconds + Int64(utcOffsetSeconds(atEpochSeconds: seconds))
        return TradingDate(daysSinceEpoch: Int32(local.floorDivided(by: 86_400)))
    }

    /// The New York UTC offset in seconds (−18000 in winter, −14400 in summer) at an instant.
    public static func utcOffsetSeconds(atEpochSeconds s: Int64) -> Int {
        // The year by its average length (365.2425 days) is off by at most 1.2 days, and only
        // around New Year, when daylight saving is in force in no year: the bounds of that year
        // still give the right offset.
        let index = Int(s.floorDivided(by: 31_556_952)) + 1970 - 1987
        if index >= 0, index < daylightSaving.count {
            let bounds = daylightSaving[index]
            return s >= bounds.start && s < bounds.end ? -14_400 : -18_000
        }
        let utcDay = TradingDate(daysSinceEpoch: Int32(s.floorDivided(by: 86_400)))
        let year = utcDay.parts.year
        guard year >= 1987 else {
            return legacyZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(s)))
        }
        let (start, end) = daylightSavingBounds(year: year)
        return s >= start && s < end ? -14_400 : -18_000
    }

    /// Daylight saving's bounds for 1987 through 2199, computed once (a bar's date needs them).
    private static let daylightSaving: [(start: Int64, end: Int64)] = (1987...2199).map {
        daylightSavingBounds(year: $0)
    }

    /// Start and end of daylight-saving time in `year`, as UTC epoch seconds.
    static func daylightSavingBounds(year: Int) -> (Int64, Int64) {
        let startDay: TradingDate
        let endDay: TradingDate
        if year >= 2007 {
            startDay = nthWeekday(0, n: 2, month: 3, year: year)  // second Sunday in March
            endDay = nthWeekday(0, n: 1, month: 11, year: year)  // first Sunday in November
        } else {
            startDay = nthWeekday(0, n: 1, month: 4, year: year)  // first Sunday in April
            endDay = lastWeekday(0, month: 10, year: year)  // last Sunday in October
        }
        // 02:00 EST = 07:00 UTC; 02:00 EDT = 06:00 UTC.
        return (Int64(startDay.daysSinceEpoch) * 86_400 + 7 * 3600, Int64(endDay.daysSinceEpoch) * 86_400 + 6 * 3600)
    }

    /// The n-th given weekday (0 = Sunday) of a month.
    static func nthWeekday(_ weekday: Int, n: Int, month: Int, year: Int) -> TradingDate {
        let first = TradingDate(daysSinceEpoch: Int32(TradingDate.days(year: year, month: month, day: 1)))
        let offset = (weekday - first.weekday + 7) % 7
        return first.adding(days: offset + 7 * (n - 1))
    }

    /// The last given weekday (0 = Sunday) of a month.
    static func lastWeekday(_ weekday: Int, month: Int, year: Int) -> TradingDate {
        let lastDay = TradingDate.daysIn(month: month, year: year)
        let last = TradingDate(daysSinceEpoch: Int32(TradingDate.days(year: year, month: month, day: lastDay)))
        return last.adding(days: -((last.weekday - weekday + 7) % 7))
    }

    private static let legacyZone = TimeZone(identifier: "America/New_York") ?? TimeZone(secondsFromGMT: -18_000)!
}

extension NewYorkTime {
    /// Today's date in New York, by the system clock.
    @Sendable public static func today() -> TradingDate {
        date(at: Date())
    }

    /// The New York calendar date at an instant.
    public static func date(at instant: Date) -> TradingDate {
        date(epochMilliseconds: Int64((instant.timeIntervalSince1970 * 1000).rounded(.down)))
    }
}

extension NewYorkTime {
    /// 00:00 America/New_York on `date`, in milliseconds since the Unix epoch (how some providers stamp daily bars).
    public static func midnightEpochMilliseconds(_ date: TradingDate) -> Int64 {
        let utcMidnight = Int64(date.daysSinceEpoch) * 86_400
        // The offset at 05:00Z that day is the offset in force at New York's midnight (changes happen at 02:00 local).
        let offset = Int64(utcOffsetSeconds(atEpochSeconds: utcMidnight + 5 * 3600))
        return (utcMidnight - offset) * 1000
    }
}
