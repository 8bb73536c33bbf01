import Foundation

/// The calendar a listing's sessions follow, by its ticker (see `Listing`): US listings (`AAPL`,
/// `BRK.B`, `AAPL.US`) trade on NYSE days; a listing on another exchange follows that exchange's
/// calendar (`VOD.LSE` → XLON, `SAP.F` → XFRA) where the calendar data has it (`ExchangeCalendars`),
/// for the span the data covers. An exchange the data does not have keeps the honest "unknown":
/// only weekends are known to be closed and gaps are not judged.
public enum ListingCalendar: Sendable, Hashable, CustomStringConvertible {
    /// An exchange the calendar data has, by ISO 10383 MIC.
    case exchange(String)
    /// Another exchange, by the ticker's suffix.
    case unknown(exchange: String)

    /// The New York Stock Exchange (every US listing).
    public static let nyse = ListingCalendar.exchange("XNYS")

    /// The calendar of `ticker`.
    public init(ticker: String) {
        self.init(listing: Listing(ticker: ticker))
    }

    /// The calendar of a listing.
    public init(listing: Listing) {
        if let mic = listing.mic, mic == "XNYS" || ExchangeCalendars.current.calendar(mic) != nil {
            self = .exchange(mic)
        } else {
            self = .unknown(exchange: listing.unknownCode ?? listing.exchange?.code ?? listing.mic ?? "?")
        }
    }

    /// The calendar of an exchange by MIC, or of a listing by ticker (`XLON`, `VOD.LSE`).
    public init(exchangeOrTicker text: String) {
        let upper = text.uppercased()
        if ExchangeCalendars.current.calendar(upper) != nil {
            self = .exchange(upper)
        } else {
            self.init(ticker: upper)
        }
    }

    /// The data behind an exchange other than NYSE (whose rules also reach past the data).
    var data: ExchangeCalendar? {
        guard case .exchange(let mic) = self, self != .nyse else { return nil }
        return ExchangeCalendars.current.calendar(mic)
    }

    /// Whether the exchange and its hours are known (its bar of a session still open is left out).
    public var isKnown: Bool {
        if case .exchange = self { return true }
        return false
    }

    /// Whether trading days and gaps can be judged over the closed range: NYSE always (its
    /// rules reach past the data), another exchange where its data covers the whole range.
    public func judges(from: TradingDate, through to: TradingDate) -> Bool {
        guard isKnown else { return false }
        return data?.covers(from: from, through: to) ?? true
    }

    /// Why gaps in the closed range are not judged; nil when they are.
    public func whyNotJudged(from: TradingDate, through to: TradingDate) -> String? {
        if judges(from: from, through: to) { return nil }
        if let data {
            return "\(data.mic)'s calendar data covers \(data.first) … \(data.last) only: missing days are not judged"
        }
        return "\(exchangeName)'s trading calendar is unknown here: missing days are not judged"
    }

    /// The days in the closed range on which the listing may trade: the exchange's sessions
    /// where its data covers them, every weekday elsewhere (and on an unknown exchange).
    public func sessions(from: TradingDate, through to: TradingDate) -> [TradingDate] {
        guard from <= to else { return [] }
        if self == .nyse { return NYSECalendar.tradingDays(from: from, through: to) }
        guard let data else { return Self.weekdays(from: from, through: to) }
        return Self.weekdays(from: from, through: min(to, data.first.adding(days: -1)))
            + data.sessions(from: from, through: to)
            + Self.weekdays(from: max(from, data.last.adding(days: 1)), through: to)
    }

    private static func weekdays(from: TradingDate, through to: TradingDate) -> [TradingDate] {
        guard from <= to else { return [] }
        return (0...from.days(to: to)).map { from.adding(days: $0) }.filter { !$0.isWeekend }
    }

    /// Whether any day of the closed range is one the listing may trade on (stops at the first).
    public func hasSession(from: TradingDate, through to: TradingDate) -> Bool {
        var day = from
        while day <= to {
            if mayTrade(day) { return true }
            day = day.adding(days: 1)
        }
        return false
    }

    /// Whether the listing can have traded on `date`.
    public func mayTrade(_ date: TradingDate) -> Bool {
        if self == .nyse { return NYSECalendar.isTradingDay(date) }
        return data?.isSession(date) ?? !date.isWeekend
    }

    /// The days among `dates` on which the listing cannot have traded (`mayTrade` false), the
    /// exchange's data looked up once.
    public func daysWithoutSession(_ dates: [TradingDate]) -> [TradingDate] {
        if self == .nyse { return dates.filter { !NYSECalendar.isTradingDay($0) } }
        let data = self.data
        return dates.filter { !(data?.isSession($0) ?? !$0.isWeekend) }
    }

    /// Whether `date` is a day of the week the exchange usually trades on (Monday to Friday,
    /// Sunday to Thursday at Tadawul); weekdays where unknown.
    public func tradesUsually(on date: TradingDate) -> Bool {
        data?.tradesUsually(on: date) ?? !date.isWeekend
    }

    /// When `date`'s session closes, in minutes after local midnight; nil when the hours are unknown.
    public func closeMinutes(_ date: TradingDate) -> Int? {
        if self == .nyse { return NYSECalendar.closeMinutes(date) }
        return data?.closeMinutes(date)
    }

    /// Whether `date`'s session is over at `now`, in the exchange's own time zone (NYSE's rule
    /// for an exchange whose hours are unknown).
    public func sessionIsOver(_ date: TradingDate, at now: Date) -> Bool {
        // Every zone is within a day of UTC: a day before yesterday's UTC date is over wherever
        // it trades (asked of every bar a fetch serves, so the calendar is looked up only near today).
        if date.daysSinceEpoch < Int32((now.timeIntervalSince1970 / 86_400).rounded(.down)) - 1 { return true }
        return data?.sessionIsOver(date, at: now) ?? NYSECalendar.sessionIsOver(date, at: now)
    }

    /// The exchange's time zone (`Europe/London`); nil when unknown.
    public var timeZone: String? {
        self == .nyse ? "America/New_York" : data?.timeZone
    }

    /// "NYSE", "the London Stock Exchange (XLON)", or "the AU exchange".
    public var exchangeName: String {
        switch self {
        case .nyse: "NYSE"
        case .exchange(let mic): "the \(data?.name ?? mic) (\(mic))"
        case .unknown(let exchange): "the \(exchange) exchange"
        }
    }

    /// "NYSE", the MIC ("XLON"), or "unknown (AU)".
    public var description: String {
        switch self {
        case .nyse: "NYSE"
        case .exchange(let mic): mic
        case .unknown(let exchange): "unknown (\(exchange))"
        }
    }

    /// "an NYSE holiday", "an XLON holiday"; "NYSE holidays".
    private var holidayName: (one: String, many: String) {
        let name = self == .nyse ? "NYSE" : description
        let article = "AEFHILMNORSX".contains(name.first ?? "N") ? "an" : "a"
        return ("\(article) \(name) holiday", "\(name) holidays")
    }

    /// Why the closed range has no session, or nil when it has one.
    func noSession(from: TradingDate, to: TradingDate, today: TradingDate) -> String? {
        if from > today { return "no session yet: \(from) is after today (\(today))" }
        guard !hasSession(from: from, through: min(to, today)) else { return nil }
        let days = from == to ? "\(from) is" : "\(from) … \(to) are"
        let closed = (0...from.days(to: min(to, today))).map { from.adding(days: $0) }
        let usual = closed.filter { tradesUsually(on: $0) }
        if usual.isEmpty { return "no session: \(days) a weekend" }
        let holidays = usual.count == 1 ? holidayName.one : holidayName.many
        return "no session: \(days) \(holidays)" + (usual.count == closed.count ? "" : " and a weekend")
    }
}
