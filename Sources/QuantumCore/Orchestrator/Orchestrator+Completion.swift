extension Orchestrator {
    /// The last day a bar is due for: the range's end, or today when the range reaches past it,
    /// or the day before when today's session is still open.
    func dueThrough(_ request: FetchRequest) -> TradingDate {
        let today = time.today()
        let last = min(request.to, today)
        let open = last == today && !time.sessionIsOver(today, request.calendar) && request.calendar.isKnown
        return open ? today.adding(days: -1) : last
    }

    /// Why no provider need be asked: the range has no session (a weekend, a holiday, the
    /// future), or its only session is today's, still open (unless the request keeps it).
    func noSession(_ request: FetchRequest, due: TradingDate) -> String? {
        let today = time.today()
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
        guard let last = result.candles.last, !time.sessionIsOver(last.date, result.calendar) else { return }
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
        result.candles.removeAll { !time.sessionIsOver($0.date, calendar) }
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
    /// The answer depends on this ticker's series alone, never on what was fetched before. Days
    /// before the first bar are asked like any others; they are a later listing (not missing, with
    /// a note) only when another source's series of this ticker starts on the same day and no
    /// symbol change made the ticker then (`renamed(into:near:)`: its history is under the old
    /// symbol, and stays missing); else they stay missing with a note saying who had none. A served series that jumps across a long gap
    /// is first put to the other sources (`settle`): one whose series runs through the gap
    /// replaces it. A pinned request is not completed (its source's answer is final), and gaps of
    /// a listing whose calendar is unknown are not judged.
    func complete(_ result: inout FetchResult, due: TradingDate, sessions: [TradingDate]) async {
        if let why = result.request.calendar.whyNotJudged(from: result.from, through: due) {
            result.notes.append(why)
            return
        }
        guard result.source != nil, let basis = result.basis else { return }
        let days = sessions.prefix { $0 <= due }
        var missing = Self.daysWithoutBars(days, result.candles)
        guard !missing.isEmpty else { return }
        // Other sources' answers for the whole range, asked to judge a seam; they fill too.
        var answers: [SourceID: FetchResult] = [:]
        let seams = Self.seams(in: result.candles, missing: missing, basis: basis)
        let refused = seams.isEmpty ? nil : await settle(seams, in: &result, due: due, answers: &answers)
        if refused != nil { missing = Self.daysWithoutBars(days, result.candles) }
        guard let served = result.source, !missing.isEmpty else { return }
        let servedFirst = result.candles.first?.date
        var leading = LeadingDays()
        var rename: LedgerEvent?
        var renameAsked = false
        let others =
            result.request.pinned != nil
            ? []
            : sources.filter {
                $0.id != served && $0.id != refused && $0.mayAsk(for: result.request.listing)
                    && $0.source.basis(for: result.request.basis) == basis
            }
        for other in others {
            guard let first = missing.first, let last = missing.last else { break }
            // One served day next to the missing ones comes back too, to check the scale.
            let anchor = result.candles.last { $0.date < first } ?? result.candles.first { $0.date > last }
            var gap = result.request
            gap.from = min(first, anchor?.date ?? first)
            gap.to = max(last, anchor?.date ?? last)
            gap.pinned = other.id
            // The first bar so far, and whether days before it are still missing.
            let earliest = result.candles.first?.date
            let asksLeading = earliest.map { first < $0 } ?? false
            // Days before the first bar alone are not worth a wait for a slot (a batch of later
            // listings would wait minutes at a 5-a-minute source): a source at its limit leaves
            // them missing, and the note says it was not asked.
            gap.waitsForSlot = !(earliest.map { last < $0 } ?? false)
            let answer: FetchResult
            if let asked = answers[other.id] { answer = asked } else { answer = await fetchServed(gap) }
            if answer.wasCancelled {
                // Cut short while asking: what was served stays, the rest is missing, nothing judged.
                if let attempt = answer.attempts.last {
                    result.fills.append(Fill(source: other.id, dates: [], attempt: attempt))
                }
                result.missing = missing
                result.failure = FetchFailure(
                    .cancelled,
                    message: "cancelled while \(other.id.rawValue) was asked for \(result.ticker)'s \(missing.count) "
                        + "trading day(s) without a bar (first \(first)): they are missing")
                return
            }
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
                if asksLeading { leading.unanswered.append("\(other.id.rawValue) is on another scale") }
                continue
            }
            if let attempt = answer.attempts.last {
                result.fills.append(Fill(source: other.id, dates: bars.map(\.date), attempt: attempt))
            }
            if asksLeading, let earliest {
                let theirFirst = answer.ok ? answer.candles.first?.date : nil
                if let theirFirst, theirFirst < earliest {
                    leading.filledBy.append(other.id)
                } else if theirFirst == earliest {
                    // Another source's series of this ticker starts that day too: a later listing,
                    // unless a symbol change made this ticker then (its history is under the old one).
                    if !renameAsked {
                        renameAsked = true
                        rename = await renamed(into: result.ticker, near: earliest)
                    }
                    if rename != nil {
                        leading.answered.append(other.id)
                    } else {
                        let before = missing.filter { $0 < earliest }
                        missing.removeAll { $0 < earliest }
                        let starts = (result.candleSources.first ?? nil) ?? served
                        let names = [starts.rawValue, other.id.rawValue]
                        result.notes.append(
                            "no bar before \(earliest) at \(Self.list(names)), whose series of this ticker start that "
                                + "day: listed then? (\(before.count) earlier trading day(s) of the range not "
                                + "counted as missing)")
                    }
                } else if answer.ok || [.noData, .notFound].contains(answer.attempts.last?.outcome) {
                    leading.answered.append(other.id)
                } else {
                    leading.unanswered.append(Self.unanswered(other.id, answer.attempts.last?.outcome))
                }
            }
            guard !bars.isEmpty else { continue }
            result.candles = (result.candles + bars).sorted { $0.date < $1.date }
            result.cached += answer.isWhollyFromCache ? bars.count : 0
            let filled = Set(bars.map(\.date))
            missing.removeAll { filled.contains($0) }
        }
        if let servedFirst {
            result.notes += leading.notes(
                served: served, servedFirst: servedFirst, earliest: result.candles.first?.date ?? servedFirst,
                missing: missing, pinned: result.request.pinned != nil, othersAsked: others.count,
                renamed: rename.map { (event: $0, ticker: result.ticker) })
        }
        result.missing = missing
        if let first = missing.first {
            result.warnings.append(
                "incomplete: \(missing.count) of \(days.count) trading day(s) have no bar from any source (first \(first))"
            )
        }
    }

    /// Why a source gave no answer for the days before the first bar: "polygon was not asked (at
    /// its limit; a later fetch asks it)", "fmp said server_error".
    static func unanswered(_ source: SourceID, _ outcome: Outcome?) -> String {
        switch outcome {
        case .skippedRateLimit?: "\(source.rawValue) was not asked (at its limit; a later fetch asks it)"
        case .skippedCircuitOpen?: "\(source.rawValue) was not asked (its circuit is open)"
        case let outcome?: "\(source.rawValue) said \(outcome.rawValue)"
        case nil: "\(source.rawValue) said nothing"
        }
    }

    /// "a", "a or b", "a, b or c".
    static func list(_ names: [String]) -> String {
        guard let last = names.last, names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " or " + last
    }
}

/// What the other sources said of the days before the serving source's first bar.
struct LeadingDays {
    /// Sources that filled some of them.
    var filledBy: [SourceID] = []
    /// Sources that answered with none of them.
    var answered: [SourceID] = []
    /// Sources that could not answer for them, each in a few words ("fmp said rate_limited").
    var unanswered: [String] = []

    /// The notes on those days: who had them, or why the ones still without a bar stay missing.
    func notes(
        served: SourceID, servedFirst: TradingDate, earliest: TradingDate, missing: [TradingDate], pinned: Bool,
        othersAsked: Int, renamed: (event: LedgerEvent, ticker: String)? = nil
    ) -> [String] {
        var notes: [String] = []
        if !filledBy.isEmpty {
            notes.append(
                "no bar before \(servedFirst) at \(served.rawValue); "
                    + "\(Orchestrator.list(filledBy.map(\.rawValue))) had earlier ones")
        }
        let leading = missing.filter { $0 < earliest }
        let before = leading.count
        guard before > 0 else { return notes }
        if let renamed, let note = Orchestrator.renameNote(renamed.event, ticker: renamed.ticker, days: leading) {
            return notes + [note]
        }
        let stay = "the \(before) earlier trading day(s) of the range stay missing"
        if pinned {
            notes.append(
                "no bar before \(earliest) at \(served.rawValue), and no other source was asked (pinned): listed then, "
                    + "or beyond its plan's history; \(stay)")
        } else if othersAsked == 0 {
            notes.append(
                "no bar before \(earliest) at \(served.rawValue), and no other source serves this basis: listed then, "
                    + "or beyond its plan's history; \(stay)")
        } else if unanswered.isEmpty {
            notes.append(
                "no source has bars before \(earliest) (every one on this basis was asked): listed then, or beyond every plan's "
                    + "history; \(stay)")
        } else {
            notes.append(
                "no bar before \(earliest) at \(Orchestrator.list(([served] + filledBy + answered).map(\.rawValue))); "
                    + "\(unanswered.joined(separator: ", ")): \(stay)")
        }
        return notes
    }
}
