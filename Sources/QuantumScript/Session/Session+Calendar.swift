import Foundation
import QuantumCore

extension Session {
    /// `calendar`, `calendar EXCHANGE|TICKER [range]` and `calendar update FILE`.
    func calendarCommand(_ action: CalendarAction, into cell: inout Cell) {
        switch action {
        case .list:
            let calendars = ExchangeCalendars.current
            cell.output = .calendars(
                Self.listings(calendars), provenance: calendars.provenance, origin: calendars.origin)
        case .show(let name, let range):
            let today = engine.today()
            let (from, to) =
                range?.resolve(today: today)
                ?? (
                    TradingDate(year: today.parts.year, month: 1, day: 1)!,
                    TradingDate(year: today.parts.year, month: 12, day: 31)!
                )
            let calendar = ListingCalendar(exchangeOrTicker: name)
            var report = CalendarReport(asked: name, calendar: calendar, from: from, to: to)
            let mics = ExchangeCalendars.current.mics
            if name.count == 4, name.hasPrefix("X"), !mics.contains(name) {
                report.note =
                    Suggestion.phrase("\(name) is no exchange's MIC in the calendar data", name, mics)
                    + "; shown as a US ticker's calendar"
            }
            cell.output = .calendar(report)
        case .update(let path):
            do {
                let calendars = try ExchangeCalendars.install(
                    from: path, environment: ProcessInfo.processInfo.environment)
                ExchangeCalendars.use(calendars)
                cell.output = .message(
                    "calendar data: \(calendars.provenance); \(calendars.mics.count) exchanges, "
                        + "installed as \(calendars.origin) and in use from now on")
            } catch {
                cell.failure = "calendar update \(path): \(error)"
                cell.output = .message(cell.failure ?? "")
            }
        }
    }

    /// Every exchange of the data, with its name, time zone and span (an alias with the exchange
    /// it follows).
    static func listings(_ calendars: ExchangeCalendars) -> [ExchangeListing] {
        calendars.mics.compactMap { mic in
            guard let calendar = calendars.calendar(mic) else { return nil }
            let codes = ListingExchange.all.first { $0.mic == mic }?.code ?? (mic == "XNYS" ? "US" : nil)
            return ExchangeListing(
                mic: mic, name: calendar.name, timeZone: calendar.timeZone, first: calendar.first, last: calendar.last,
                code: codes, sameAs: calendars.aliases[mic]?.sameAs)
        }
    }
}

/// One exchange as `calendar` lists it.
public struct ExchangeListing: Sendable, Equatable {
    public var mic: String
    public var name: String
    public var timeZone: String
    public var first: TradingDate
    public var last: TradingDate
    /// The code a ticker's suffix names it by (`LSE`), if any.
    public var code: String?
    /// The exchange whose sessions it follows, for an alias.
    public var sameAs: String?
}
