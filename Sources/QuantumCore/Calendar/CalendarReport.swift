/// What `calendar EXCHANGE|TICKER` shows: an exchange's sessions over a range, the weekdays it
/// was closed, the sessions that closed early, and where the calendar data comes from — so a
/// user can see why a day was or was not expected.
public struct CalendarReport: Sendable, Equatable {
    /// What the user asked for (`XLON`, `VOD.LSE`).
    public var asked: String
    /// The calendar it resolved to.
    public var calendar: ListingCalendar
    /// The exchange's name, time zone and regular close (minutes after local midnight) at the
    /// range's end; nil for an unknown exchange.
    public var name: String?
    public var timeZone: String?
    public var regularClose: Int?
    public var from: TradingDate
    public var to: TradingDate
    /// The sessions of the range (weekdays where the calendar is unknown or its data ends).
    public var sessions: [TradingDate]
    /// Weekdays of the range without a session: holidays and ad-hoc closures.
    public var closures: [TradingDate]
    /// Sessions that closed at another time than the regular close, with that close.
    public var specialCloses: [SpecialClose]
    /// The span the exchange's data covers (NYSE's rules reach past it); nil when unknown.
    public var dataFirst: TradingDate?
    public var dataLast: TradingDate?
    /// Why the range's days are not judged, when they are not (an unknown exchange, a range
    /// outside the data).
    public var notJudged: String?
    /// Where the calendar data comes from (the exchange's own source when known), and which
    /// file is in use.
    public var provenance: String
    public var origin: String
    /// The library the exchange's data comes from (`pandas_market_calendars 5.5.0 NYSE`).
    public var source: String?
    /// What the name asked for turned out to be, when it is not what it looks like (`XXXX`:
    /// no exchange's MIC, so a US ticker's calendar).
    public var note: String?

    public struct SpecialClose: Sendable, Equatable {
        public var date: TradingDate
        /// Minutes after local midnight.
        public var minutes: Int
    }

    /// The report of `calendar` over the closed range.
    public init(asked: String, calendar: ListingCalendar, from: TradingDate, to: TradingDate) {
        let calendars = ExchangeCalendars.current
        self.asked = asked
        self.calendar = calendar
        self.from = from
        self.to = to
        provenance = calendars.provenance
        origin = calendars.origin
        sessions = calendar.sessions(from: from, through: to)
        var closed: [TradingDate] = []
        var day = from
        var next = sessions.startIndex
        while day <= to {
            while next < sessions.endIndex, sessions[next] < day { next += 1 }
            let trades = next < sessions.endIndex && sessions[next] == day
            if !trades, calendar.tradesUsually(on: day) { closed.append(day) }
            day = day.adding(days: 1)
        }
        let judged = calendar.judges(from: from, through: to)
        closures = judged ? closed : []
        notJudged = calendar.whyNotJudged(from: from, through: to)
        guard case .exchange(let mic) = calendar else {
            specialCloses = []
            return
        }
        let data = ExchangeCalendars.current.calendar(mic)
        name = data?.name
        source = data?.source
        timeZone = calendar.timeZone
        dataFirst = data?.first
        dataLast = data?.last
        let regular = { (date: TradingDate) in
            calendar == .nyse && !(data?.covers(date) ?? false) ? 16 * 60 : data?.regularClose(date) ?? 16 * 60
        }
        regularClose = regular(to)
        specialCloses = sessions.compactMap { date in
            guard let close = calendar.closeMinutes(date), close != regular(date) else { return nil }
            return SpecialClose(date: date, minutes: close)
        }
    }
}
