import QuantumCore

extension TextRenderer {
    /// Ranges up to this many days list every day; longer ones list closures and early closes.
    static let calendarDays = 31

    /// `calendar`: every exchange, then where the data comes from.
    static func calendars(_ listings: [ExchangeListing], provenance: String, origin: String) -> String {
        let header = ["MIC", "code", "exchange", "time zone", "data"]
        let rows = listings.map { e in
            [
                e.mic, e.code ?? "–", e.name + (e.sameAs.map { " (on \($0)'s sessions)" } ?? ""), e.timeZone,
                "\(e.first) … \(e.last)",
            ]
        }
        return
            (table([header] + rows, indent: "  ") + [
                "\(listings.count) exchanges; a ticker names one by its code or MIC: VOD.LSE, SAP.XETR",
                "calendar data: \(provenance) (\(origin))",
            ]).joined(separator: "\n")
    }

    /// `calendar EXCHANGE|TICKER`: the exchange, the range's sessions and closures, the data.
    static func calendar(_ report: CalendarReport) -> String {
        var lines: [String] = []
        var title = report.calendar.description
        if case .exchange(let mic) = report.calendar { title = mic }
        if let name = report.name { title += " · \(name)" }
        if let zone = report.timeZone { title += " · \(zone)" }
        if let close = report.regularClose { title += " · closes \(ExchangeCalendar.clock(close))" }
        if !title.hasPrefix(report.asked.uppercased()) { title = "\(report.asked): " + title }
        lines.append(title)
        if let note = report.note { lines.append("  note: " + note) }
        let weekdays = report.sessions.count + report.closures.count
        lines.append(
            "\(report.from) … \(report.to): "
                + (report.notJudged == nil
                    ? "\(count(report.sessions.count, "session")), closed on \(count(report.closures.count, "weekday")) of \(weekdays)"
                    : "\(count(report.sessions.count, "weekday")), sessions not known"))
        if let why = report.notJudged { lines.append("  " + why) }
        let special = Dictionary(report.specialCloses.map { ($0.date, $0.minutes) }) { a, _ in a }
        if report.from.days(to: report.to) < calendarDays {
            let sessions = Set(report.sessions)
            var rows: [[String]] = []
            var day = report.from
            while day <= report.to {
                let inData = report.dataFirst.map { day >= $0 } ?? false && report.dataLast.map { day <= $0 } ?? false
                let judged = inData || report.calendar == .nyse
                let what =
                    !judged
                    ? (day.isWeekend ? "weekend" : "weekday (not judged)")
                    : sessions.contains(day)
                        ? special[day].map { "session, closes \(ExchangeCalendar.clock($0))" } ?? "session"
                        : report.calendar.tradesUsually(on: day) ? "closed" : "no trading (weekend)"
                rows.append([day.description, Self.weekdayName(day), what])
                day = day.adding(days: 1)
            }
            lines += table(rows, indent: "  ")
        } else {
            if !report.closures.isEmpty {
                lines.append("closed:")
                lines += table(report.closures.map { [$0.description, Self.weekdayName($0)] }, indent: "  ")
            }
            if !report.specialCloses.isEmpty {
                lines.append("early (or late) closes:")
                lines += table(
                    report.specialCloses.map {
                        [$0.date.description, Self.weekdayName($0.date), ExchangeCalendar.clock($0.minutes)]
                    }, indent: "  ")
            }
        }
        if let first = report.dataFirst, let last = report.dataLast {
            lines.append(
                "calendar data: \(first) … \(last) from \(report.source ?? "?"); "
                    + "\(report.provenance) (\(report.origin))")
        }
        return lines.joined(separator: "\n")
    }

    static func weekdayName(_ date: TradingDate) -> String {
        ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][date.weekday]
    }
}
