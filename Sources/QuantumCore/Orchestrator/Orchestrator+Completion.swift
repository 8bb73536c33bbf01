extension Orchestrator {
    /// The last day a bar is due for: the range's end, or today when the range reaches past it,
    /// or the day before when today's session is still open.
    func dueThrough(_ request: FetchRequest) -> TradingDate {
        let today = today()
        let last = min(request.to, today)
        let open = last == today && !sessionIsOver(today, request.calendar) && request.calendar.isKnown
        return open ? today.adding(days: -1) : last
    }

    /// Why no provider need be asked: the range has no session (a weekend, a holiday, the
    /// future), or its only session is today's, still open (unless the request keeps it).
    func noSession(_ request: FetchRequest, due: TradingDate) -> String? {
        let today = today()
        if let why = request.calendar.noSession(from: request.from, to: request.to, today: today) { return why }
        guard !request.keepsUnfinished, request.calendar.isKnown,
            !request.calendar.hasSession(from: request.from, through: due)
        else {
            return nil
        }
        return
            "no finished session yet: today's (\(today)) is open until \(Self.closeText(today, request.calendar)); "
            + "--partial fetches its bar so far"
    }

    /// The days (ascending) that no candle (ascending) is dated: one walk, no hashing.
    static func daysWithoutBars(_ days: ArraySlice<TradingDate>, _ candles: [Candle]) -> [TradingDate] {
        var missing: [TradingDate] = []
        var i = 0
        for day in days {
            while i < candles.count, candles[i].date < day { i += 1 }
            if i < candles.count, candles[i].date == day { continue }
            missing.append(day)
        }
        return missing
    }

    /// Whether two sources' bars of one day are on the same scale (closes within 2%).
    static func sameScale(_ a: Candle, _ b: Candle) -> Bool {
        abs(a.close - b.close) <= max(abs(a.close), abs(b.close)) * 0.02
    }

    /// A bar of a session still open is not a daily candle: it is left out with a note, or kept
    /// and marked when the request asks for it (`--partial`).
    func leaveOutUnfinished(_ result: inout FetchResult) {
        guard let last = result.candles.last, !sessionIsOver(last.date, result.calendar) else { return }
        guard result.calendar.isKnown else {
            result.notes.append(
                "\(last.date)'s bar kept: \(result.calendar.exchangeName)'s trading hours are unknown here, it may be partial"
            )
            return
        }
        if result.request.keepsUnfinished {
            result.notes.append("\(last.date): the session is still open; its bar is partial (kept by --partial)")
            return
        }
        let calendar = result.calendar
        result.candles.removeAll { !sessionIsOver($0.date, calendar) }
        result.cached = min(result.cached, result.candles.count)
        result.notes.append(Self.leftOutNote(last.date, result.calendar))
    }

    /// The note of a result whose range ends in a session still open, its bar left out.
    static func leftOutNote(_ date: TradingDate, _ calendar: ListingCalendar) -> String {
        "left out \(date)'s bar: the session is still open (until \(closeText(date, calendar))); --partial keeps it"
    }

    /// "16:00 New York", "16:30 London": the session's close where the exchange is.
    private static func closeText(_ date: TradingDate, _ calendar: ListingCalendar) -> String {
        let minutes = calendar.closeMinutes(date) ?? NYSECalendar.closeMinutes(date)
        let zone = calendar.timeZone ?? "America/New_York"
        let city = zone.split(separator: "/").last.map { $0.split(separator: "_").joined(separator: " ") } ?? zone
        return "\(minutes / 60):" + (minutes % 60 < 10 ? "0" : "") + "\(minutes % 60) \(city)"
    }

    /// Asks the other sources, in priority order and on the same basis, for exactly the trading
    /// days the serving source left without a bar; each candle keeps its own source. What is
    /// still missing is listed in the result and said in one line.
    ///
    /// Days before the first bar are a later listing (an IPO after `from`) or a plan that covers
    /// only recent years: when the source has served older bars of other tickers, or the first
    /// other source to answer has none before that day either, it is a listing and they are not
    /// missing; when no other source could be asked without waiting, they are not counted but
    /// said. A pinned request is not completed (its source's answer is final), and gaps of a
    /// listing whose calendar is unknown are not judged.
    func complete(_ result: inout FetchResult, due: TradingDate, sessions: [TradingDate]) async {
        if let why = result.request.calendar.whyNotJudged(from: result.from, through: due) {
            result.notes.append(why)
            return
        }
        guard let served = result.source, let basis = result.basis else { return }
        let days = sessions.prefix { $0 <= due }
        var missing = Self.daysWithoutBars(days, result.candles)
        guard !missing.isEmpty else { return }
        let firstBar = result.candles.first?.date
        var leadingSettled = true
        if let firstBar {
            // The source has older bars of other tickers: this one was listed later.
            if history.reaches(served, before: firstBar) { missing.removeAll { $0 < firstBar } }
            history.served(served, from: firstBar)
            leadingSettled = !missing.contains { $0 < firstBar }
        }
        if result.request.pinned == nil {
            for other in sources
            where other.id != served && other.enabled && other.endpoint.key != nil
                && other.id.descriptor.symbol(result.ticker) != nil
            {
                guard let first = missing.first, let last = missing.last else { break }
                guard other.source.basis(for: result.request.basis) == basis else { continue }
                // One served day next to the missing ones comes back too, to check the scale.
                let anchor = result.candles.last { $0.date < first } ?? result.candles.first { $0.date > last }
                var gap = result.request
                gap.from = min(first, anchor?.date ?? first)
                gap.to = max(last, anchor?.date ?? last)
                gap.pinned = other.id
                // Days before the first bar alone are not worth a wait for a slot.
                gap.waitsForSlot = firstBar.map { last >= $0 } ?? true
                let answer = await fetchServed(gap)
                let wanted = Set(missing)
                let bars = answer.ok ? answer.candles.filter { wanted.contains($0.date) } : []
                if let anchor, answer.ok, let theirs = answer.candles.first(where: { $0.date == anchor.date }),
                    !Self.sameScale(anchor, theirs)
                {
                    if let attempt = answer.attempts.last {
                        result.fills.append(Fill(source: other.id, dates: [], attempt: attempt))
                    }
                    result.notes.append(
                        "\(other.id.rawValue) gives \(anchor.date) a close of \(NumberText.shortest(theirs.close)) against "
                            + "\(NumberText.shortest(anchor.close)) here: another scale, so it filled nothing")
                    continue
                }
                if let attempt = answer.attempts.last {
                    result.fills.append(Fill(source: other.id, dates: bars.map(\.date), attempt: attempt))
                }
                let answered = answer.ok || answer.attempts.last?.outcome == .noData
                if !leadingSettled, answered, let firstBar {
                    leadingSettled = true
                    if !bars.contains(where: { $0.date < firstBar }) {
                        let before = missing.filter { $0 < firstBar }
                        missing.removeAll { $0 < firstBar }
                        result.notes.append(
                            "no bar before \(firstBar) at \(served.rawValue) or \(other.id.rawValue): listed then? "
                                + "(\(before.count) earlier trading day(s) of the range not counted as missing)")
                    }
                }
                guard !bars.isEmpty else { continue }
                result.candles = (result.candles + bars).sorted { $0.date < $1.date }
                result.cached += answer.isWhollyFromCache ? bars.count : 0
                let filled = Set(bars.map(\.date))
                missing.removeAll { filled.contains($0) }
            }
        }
        if !leadingSettled, let firstBar, missing.contains(where: { $0 < firstBar }) {
            result.notes.append(
                "no bar before \(firstBar) at \(served.rawValue), and no other source answered for the earlier days: "
                    + "listed then, or a plan that covers only recent years")
        }
        result.missing = missing
        if let first = missing.first {
            result.warnings.append(
                "incomplete: \(missing.count) of \(days.count) trading day(s) have no bar from any source (first \(first))"
            )
        }
    }
}
