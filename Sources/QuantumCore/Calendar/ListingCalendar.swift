/// The calendar a listing's sessions follow, by its ticker: US listings (`AAPL`, `BRK.B`,
/// `AAPL.US`) trade on NYSE days; a listing on another exchange (`BHP.AU`, `BMW.XETRA`) follows a
/// calendar the project does not have, so only weekends are known to be closed and gaps are not
/// judged.
public enum ListingCalendar: Sendable, Hashable, CustomStringConvertible {
    case nyse
    /// Another exchange, by the ticker's suffix.
    case unknown(exchange: String)

    /// The calendar of `ticker`: a suffix of two or more letters after the last dot names the
    /// exchange (one letter is a share class, as in `BRK.B`).
    public init(ticker: String) {
        guard let dot = ticker.lastIndex(of: "."), ticker.index(after: dot) < ticker.endIndex else {
            self = .nyse
            return
        }
        let suffix = ticker[ticker.index(after: dot)...].uppercased()
        self = suffix.count < 2 || suffix == "US" ? .nyse : .unknown(exchange: suffix)
    }

    /// Whether trading days and gaps can be judged.
    public var isKnown: Bool { self == .nyse }

    /// The days in the closed range on which the listing may trade: NYSE trading days, or every
    /// weekday when the exchange's calendar is unknown.
    public func sessions(from: TradingDate, through to: TradingDate) -> [TradingDate] {
        switch self {
        case .nyse: return NYSECalendar.tradingDays(from: from, through: to)
        case .unknown:
            guard from <= to else { return [] }
            return (0...from.days(to: to)).map { from.adding(days: $0) }.filter { !$0.isWeekend }
        }
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
        switch self {
        case .nyse: NYSECalendar.isTradingDay(date)
        case .unknown: !date.isWeekend
        }
    }

    /// "NYSE", or the exchange's suffix ("AU").
    public var exchangeName: String {
        switch self {
        case .nyse: "NYSE"
        case .unknown(let exchange): "the \(exchange) exchange"
        }
    }

    /// "NYSE", or "unknown (AU)".
    public var description: String {
        switch self {
        case .nyse: "NYSE"
        case .unknown(let exchange): "unknown (\(exchange))"
        }
    }

    /// Why the closed range has no session, or nil when it has one.
    func noSession(from: TradingDate, to: TradingDate, today: TradingDate) -> String? {
        if from > today { return "no session yet: \(from) is after today (\(today))" }
        guard !hasSession(from: from, through: min(to, today)) else { return nil }
        let days = from == to ? "\(from) is" : "\(from) … \(to) are"
        let closed = (0...from.days(to: min(to, today))).map { from.adding(days: $0) }
        if closed.allSatisfy(\.isWeekend) { return "no session: \(days) a weekend" }
        return "no session: \(days) \(closed.count == 1 ? "an NYSE holiday" : "NYSE holidays and weekends")"
    }
}
