import Foundation

extension NYSECalendar {
    /// When the session of `date` closes, in minutes after midnight New York: as the calendar
    /// data says within its span; elsewhere 16:00, or 13:00 on the early-close days (the day
    /// after Thanksgiving, Christmas Eve, and the day before Independence Day, when those are
    /// trading days).
    public static func closeMinutes(_ date: TradingDate) -> Int {
        if let data, data.covers(date) { return data.closeMinutes(date) }
        let (year, month, day) = date.parts
        let thanksgiving = NewYorkTime.nthWeekday(4, n: 4, month: 11, year: year)
        if date == thanksgiving.adding(days: 1) { return 13 * 60 }
        if month == 12, day == 24, isTradingDay(date) { return 13 * 60 }
        // The day before Independence Day, when that falls Tuesday to Friday.
        if month == 7, day == 3, isTradingDay(date), (2...5).contains(date.adding(days: 1).weekday) { return 13 * 60 }
        return 16 * 60
    }

    /// Whether the session of `date` is over at `now`: any past date, or today after its close.
    public static func sessionIsOver(_ date: TradingDate, at now: Date) -> Bool {
        let ms = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        let today = NewYorkTime.date(epochMilliseconds: ms)
        if date < today { return true }
        if date > today { return false }
        let minutes = Int((ms - NewYorkTime.midnightEpochMilliseconds(today)) / 60_000)
        return minutes >= closeMinutes(date)
    }
}
