import Synchronization

/// The New York Stock Exchange's trading days: weekdays that are not exchange holidays.
///
/// Within the span of the calendar data (XNYS from 1885; see `ExchangeCalendars`) every holiday
/// and closure is the data's — the pre-1971 holiday rules, election days, storms, funerals and
/// the blackout of 1977 included. Outside it, the rules of today: NYSE rule 7.2 (a Saturday
/// holiday is observed on Friday, a Sunday one on Monday, except New Year's Day falling on a
/// Saturday, which is not observed), plus the unscheduled closures since 2001.
public enum NYSECalendar {
    public static func isTradingDay(_ date: TradingDate) -> Bool {
        if let session = data?.isSession(date) { return session }
        return !date.isWeekend && !isHoliday(date)
    }

    /// The trading day `n` sessions before `date` (n = 0: `date` itself if it trades, else the one before).
    public static func tradingDay(_ n: Int, before date: TradingDate) -> TradingDate {
        var day = date
        while !isTradingDay(day) { day = day.adding(days: -1) }
        var left = n
        while left > 0 {
            day = day.adding(days: -1)
            if isTradingDay(day) { left -= 1 }
        }
        return day
    }

    /// Every trading day in the closed range: the data's sessions where it covers the range
    /// (Saturday sessions before 1952 included), the rules' elsewhere.
    public static func tradingDays(from: TradingDate, through to: TradingDate) -> [TradingDate] {
        guard from <= to else { return [] }
        guard let data else { return ruledDays(from: from, through: to) }
        return ruledDays(from: from, through: min(to, data.first.adding(days: -1)))
            + data.sessions(from: from, through: to)
            + ruledDays(from: max(from, data.last.adding(days: 1)), through: to)
    }

    /// The rules' trading days in the closed range (weekdays that are not holidays).
    private static func ruledDays(from: TradingDate, through to: TradingDate) -> [TradingDate] {
        guard from <= to else { return [] }
        var days: [TradingDate] = []
        days.reserveCapacity(from.days(to: to) * 5 / 7 + 2)
        var day = from
        var year = day.parts.year
        // The year's holidays in date order, walked alongside the days (no hashing per day).
        var closed = holidays(year)[...]
        var nextYear = Int32(TradingDate.days(year: year + 1, month: 1, day: 1))
        while day <= to {
            if day.daysSinceEpoch >= nextYear {
                year += 1
                closed = holidays(year)[...]
                nextYear = Int32(TradingDate.days(year: year + 1, month: 1, day: 1))
            }
            while let next = closed.first, next < day { closed.removeFirst() }
            if !day.isWeekend, closed.first != day { days.append(day) }
            day = day.adding(days: 1)
        }
        return days
    }

    public static func isHoliday(_ date: TradingDate) -> Bool {
        holidays(date.parts.year).contains(date)
    }

    /// A year's weekday holidays and closures in date order (about ten), worked out once per process.
    static func holidays(_ year: Int) -> [TradingDate] {
        if let known = byYear.withLock({ $0[year] }) { return known }
        var days: [TradingDate] = []
        var day = TradingDate(year: year, month: 1, day: 1) ?? TradingDate(daysSinceEpoch: 0)
        while day.parts.year == year {
            if !day.isWeekend, computeIsHoliday(day) { days.append(day) }
            day = day.adding(days: 1)
        }
        byYear.withLock { $0[year] = days }
        return days
    }

    private static let byYear = Mutex<[Int: [TradingDate]]>([:])

    /// Forgets the years worked out so far (the calendar data in use changed).
    static func forgetYears() {
        byYear.withLock { $0 = [:] }
    }

    /// The calendar data of XNYS.
    static var data: ExchangeCalendar? { ExchangeCalendars.current.calendar("XNYS") }

    private static func computeIsHoliday(_ date: TradingDate) -> Bool {
        if let session = data?.isSession(date) { return !session }
        let (y, m, _) = date.parts
        if closures.contains(date) { return true }
        switch m {
        case 1:
            if observed(year: y, month: 1, day: 1, saturdayMovesBack: false) == date { return true }
            // Martin Luther King Jr. Day
            return y >= 1998 && date == NewYorkTime.nthWeekday(1, n: 3, month: 1, year: y)
        case 2:
            return date == NewYorkTime.nthWeekday(1, n: 3, month: 2, year: y)  // Washington's Birthday
        case 3, 4:
            return date == easterSunday(year: y).adding(days: -2)  // Good Friday
        case 5:
            return date == NewYorkTime.lastWeekday(1, month: 5, year: y)  // Memorial Day
        case 6:
            return y >= 2022 && observed(year: y, month: 6, day: 19) == date  // Juneteenth
        case 7:
            return observed(year: y, month: 7, day: 4) == date
        case 9:
            return date == NewYorkTime.nthWeekday(1, n: 1, month: 9, year: y)  // Labor Day
        case 11:
            return date == NewYorkTime.nthWeekday(4, n: 4, month: 11, year: y)  // Thanksgiving
        case 12:
            return observed(year: y, month: 12, day: 25) == date
        default:
            return false
        }
    }

    private static func observed(year: Int, month: Int, day: Int, saturdayMovesBack: Bool = true) -> TradingDate? {
        guard let date = TradingDate(year: year, month: month, day: day) else { return nil }
        switch date.weekday {
        case 6: return saturdayMovesBack ? date.adding(days: -1) : nil
        case 0: return date.adding(days: 1)
        default: return date
        }
    }

    /// Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    static func easterSunday(year: Int) -> TradingDate {
        let a = year % 19, b = year / 100, c = year % 100
        let d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return TradingDate(daysSinceEpoch: Int32(TradingDate.days(year: year, month: month, day: day)))
    }

    /// Unscheduled full-day closures since 2001 (for a calendar file that does not cover them).
    private static let closures: Set<TradingDate> = Set(
        [
            "2001-09-11", "2001-09-12", "2001-09-13", "2001-09-14",  // September 11
            "2004-06-11",  // President Reagan's funeral
            "2007-01-02",  // President Ford's funeral
            "2012-10-29", "2012-10-30",  // Hurricane Sandy
            "2018-12-05",  // President G. H. W. Bush's funeral
            "2025-01-09",  // President Carter's funeral
        ].compactMap { TradingDate($0) })
}
