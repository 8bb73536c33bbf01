import Foundation

/// The JSON shapes of results, written once for `--json`, exports' manifests and the HTTP API, so
/// they agree byte for byte (README.md, "Machine output"). Each function returns the members of an
/// object in the documented order, or one encoded value.
public enum ResultJSON {
    /// The fields of a fetch result, in the documented order (without `quality`).
    public static func fetchMembers(_ r: FetchResult) -> [(String, String)] {
        [
            ("ticker", JSONWriter.string(r.ticker)),
            // A fetch cut short is not a success, even with its cached bars shown.
            ("ok", String(r.ok && !r.wasCancelled)),
            ("source", JSONWriter.optional(r.source?.rawValue)),
            ("basis", JSONWriter.optional(r.basis?.rawValue)),
            ("simulated", String(r.simulated)),
            ("from", JSONWriter.string(r.from.description)),
            ("to", JSONWriter.string(r.to.description)),
            ("candles", candles(r.candles, sources: r.candleSources)),
            ("attempts", JSONWriter.array(r.attempts.map(attempt))),
            ("warnings", JSONWriter.array(r.warnings.map(JSONWriter.string))),
            ("notes", JSONWriter.array(r.notes.map(JSONWriter.string))),
            ("complete", String(r.isComplete)),
            ("missing", missing(r.missing, calendar: r.calendar)),
            ("missing_days", String(r.missing.count)),
            ("filled", JSONWriter.array(r.fills.map(fill))),
            ("error", JSONWriter.optional(r.error)),
            ("cached", String(r.cached)),
            ("elapsed_ms", String(milliseconds(r.elapsed))),
            ("adjustment", r.adjustment.map(adjustment) ?? "null"),
        ]
    }

    /// The longest list of missing days written day by day; a longer one is written as runs.
    public static let missingDaysListed = 100

    /// Missing trading days as `YYYY-MM-DD` strings, ascending; when there are more than
    /// `missingDaysListed`, each run of consecutive sessions (by `calendar`) of two or more days
    /// is one `FROM..TO` string (every session from FROM through TO is missing), so an unknown
    /// ticker asked for a century is a line, not half a megabyte.
    public static func missing(_ days: [TradingDate], calendar: ListingCalendar) -> String {
        guard days.count > missingDaysListed, let first = days.first, let last = days.last else {
            return JSONWriter.array(days.map { JSONWriter.string($0.description) })
        }
        let sessions = calendar.sessions(from: first, through: last)
        var position = [TradingDate: Int](minimumCapacity: sessions.count)
        for (i, day) in sessions.enumerated() { position[day] = i }
        var runs: [String] = []
        var start = first
        var previous = first
        func close() {
            runs.append(JSONWriter.string(start == previous ? start.description : "\(start)..\(previous)"))
        }
        for day in days.dropFirst() {
            if let p = position[previous], let q = position[day], q == p + 1 {
                previous = day
                continue
            }
            close()
            start = day
            previous = day
        }
        close()
        return JSONWriter.array(runs)
    }

    /// How a result's basis was computed from the bars as traded (null for a failed fetch or a
    /// basis served unchecked, without a ledger): `events` (as in `actions`), `factors` and
    /// `volume_factors` (per candle, in order: adjusted ÷ raw), and the sources' `disagreements`
    /// about those events.
    public static func adjustment(_ a: Adjustment) -> String {
        JSONWriter.object([
            ("events", JSONWriter.array(a.events.map(event))),
            ("factors", JSONWriter.array(a.factors.map(JSONWriter.number))),
            ("volume_factors", JSONWriter.array(a.volumeFactors.map(JSONWriter.number))),
            ("disagreements", JSONWriter.array(a.disagreements.map(disagreement))),
        ])
    }

    /// One ticker of a streamed batch: the fetch members with `rows`, `first` and `last` in place
    /// of `candles` (which are in the batch's file), and `adjustment_events` in place of
    /// `adjustment` (each row's factor is in the file).
    public static func summaryMembers(_ s: TickerSummary, request: FetchRequest) -> [(String, String)] {
        fetchMembers(s.result(request: request, candles: [])).flatMap { name, value -> [(String, String)] in
            if name == "adjustment" {
                return [("adjustment_events", JSONWriter.array((s.details?.adjustmentEvents ?? []).map(event)))]
            }
            guard name == "candles" else { return [(name, value)] }
            return [
                ("rows", String(s.rows)), ("first", JSONWriter.optional(s.first?.description)),
                ("last", JSONWriter.optional(s.last?.description)),
            ]
        }
    }

    /// A streamed batch's file: `{path, manifest, format, rows, bytes, sha256}`.
    public static func streamedExport(_ e: StreamedExport) -> String {
        JSONWriter.object([
            ("path", JSONWriter.string(e.path)), ("manifest", JSONWriter.string(e.manifestPath)),
            ("format", JSONWriter.string(e.format.rawValue)), ("rows", String(e.rows)), ("bytes", String(e.bytes)),
            ("sha256", JSONWriter.string(e.sha256)),
        ])
    }

    /// A fetch object with its quality report, as `fetch --json` and the HTTP API print it.
    public static func fetch(_ r: FetchResult, quality: QualityReport) -> [(String, String)] {
        fetchMembers(r) + [("quality", self.quality(quality))]
    }

    public static func quality(_ q: QualityReport) -> String {
        JSONWriter.object([
            ("ticker", JSONWriter.string(q.ticker)),
            ("bars", String(q.bars)), ("expected_days", String(q.expectedDays)),
            ("gaps", JSONWriter.array(q.gaps.map { JSONWriter.string($0.description) })),
            ("missing_before", String(q.missingBefore)), ("missing_after", String(q.missingAfter)),
            ("off_calendar", JSONWriter.array(q.offCalendar.map { JSONWriter.string($0.description) })),
            ("duplicates", String(q.duplicates)), ("out_of_order", String(q.outOfOrder)),
            ("integrity_violations", String(q.integrityViolations)),
            ("zero_volume", JSONWriter.array(q.zeroVolume.map { JSONWriter.string($0.description) })),
            (
                "jumps",
                JSONWriter.array(
                    q.jumps.map { j in
                        JSONWriter.object([
                            ("date", JSONWriter.string(j.date.description)), ("ratio", NumberText.shortest(j.ratio)),
                            ("note", JSONWriter.string(j.note)),
                        ])
                    })
            ),
            ("splits", JSONWriter.array(q.splits.map(JSONWriter.string))),
            ("basis_change", JSONWriter.optional(q.basisChange)),
            ("calendar", JSONWriter.string(q.calendar.description)),
            ("missing", missing(q.missing, calendar: q.calendar)),
            ("filled", JSONWriter.array(q.filled.map(JSONWriter.string))),
            ("summary", JSONWriter.string(q.summary)),
            ("no_candles", JSONWriter.optional(q.nothingServed)),
        ])
    }

    /// A candle and the source that served it:
    /// `{"date":…,"source":…,"open":…,"high":…,"low":…,"close":…,"volume":…}`. Written directly (the
    /// hottest shape: one per candle), byte for byte what `JSONWriter.object` would write.
    public static func candle(_ c: Candle, source: SourceID?) -> String {
        var out = ""
        out.reserveCapacity(128)
        append(c, source: source, to: &out)
        return out
    }

    /// `[candle,…]` for candles (ascending) and the source of each: what
    /// `JSONWriter.array(zip(candles, sources).map(candle))` writes, into one string (a batch of
    /// 500 tickers over a year is 125,000 candles: no string each, and no join).
    public static func candles(_ candles: [Candle], sources: [SourceID?]) -> String {
        var out = "["
        out.reserveCapacity(2 + candles.count * 112)
        for (at, (c, source)) in zip(candles, sources).enumerated() {
            if at > 0 { out += "," }
            append(c, source: source, to: &out)
        }
        out += "]"
        return out
    }

    private static func append(_ c: Candle, source: SourceID?, to out: inout String) {
        out += #"{"date":"#
        out += JSONWriter.string(c.date.description)
        out += #","source":"#
        out += JSONWriter.optional(source?.rawValue)
        out += #","open":"#
        out += JSONWriter.number(c.open)
        out += #","high":"#
        out += JSONWriter.number(c.high)
        out += #","low":"#
        out += JSONWriter.number(c.low)
        out += #","close":"#
        out += JSONWriter.number(c.close)
        out += #","volume":"#
        out += JSONWriter.number(c.volume)
        out += "}"
    }

    /// Days another source filled, and its attempt.
    public static func fill(_ f: Fill) -> String {
        JSONWriter.object([
            ("source", JSONWriter.string(f.source.rawValue)),
            ("dates", JSONWriter.array(f.dates.map { JSONWriter.string($0.description) })),
            ("attempt", attempt(f.attempt)),
        ])
    }

    public static func attempt(_ a: Attempt) -> String {
        JSONWriter.object([
            ("source", JSONWriter.string(a.source.rawValue)),
            ("outcome", JSONWriter.string(a.outcome.rawValue)),
            ("status", JSONWriter.optional(a.status)),
            ("message", JSONWriter.optional(a.message)),
            ("ms", String(a.milliseconds)),
        ])
    }

    /// The members of a comparison (`compare`).
    public static func comparison(_ c: Comparison) -> [(String, String)] {
        [
            ("ticker", JSONWriter.string(c.ticker)),
            ("from", JSONWriter.string(c.from.description)),
            ("to", JSONWriter.string(c.to.description)),
            ("basis", JSONWriter.optional(c.basis?.rawValue)),
            ("reference", JSONWriter.optional(c.reference?.rawValue)),
            ("simulated", String(c.results.contains(where: \.simulated))),
            (
                "tolerance",
                JSONWriter.object([
                    ("close", NumberText.shortest(c.tolerance.close)),
                    ("volume", NumberText.shortest(c.tolerance.volume)),
                ])
            ),
            (
                "sources",
                JSONWriter.array(
                    c.sides.map { s in
                        JSONWriter.object([
                            ("source", JSONWriter.string(s.source.rawValue)),
                            ("basis", JSONWriter.optional(s.basis?.rawValue)),
                            ("bars", String(s.bars)), ("note", JSONWriter.optional(s.note)),
                            ("warnings", JSONWriter.array(s.warnings.map(JSONWriter.string))),
                        ])
                    })
            ),
            ("cancelled", String(c.cancelled)),
            ("agreeing_days", c.judged ? String(c.agreeing) : "null"),
            (
                "disagreements",
                JSONWriter.array(
                    c.disagreements.map { d in
                        JSONWriter.object([
                            ("date", JSONWriter.string(d.date.description)), ("field", JSONWriter.string(d.field)),
                            ("reference", JSONWriter.number(d.reference)),
                            ("source", JSONWriter.string(d.source.rawValue)),
                            ("value", JSONWriter.number(d.value)),
                            ("difference", NumberText.shortest((d.difference * 1e6).rounded() / 1e6)),
                        ])
                    })
            ),
            (
                "only_some",
                JSONWriter.array(
                    c.lone.map { l in
                        JSONWriter.object([
                            ("date", JSONWriter.string(l.date.description)),
                            ("sources", JSONWriter.array(l.sources.map { JSONWriter.string($0.rawValue) })),
                        ])
                    })
            ),
        ]
    }

    /// One source as `sources` lists it.
    public static func source(_ s: SourceSettings, _ status: SourceStatus?) -> String {
        JSONWriter.object([
            ("name", JSONWriter.string(s.id.rawValue)),
            ("priority", String(s.priority)),
            ("enabled", String(s.enabled)),
            ("key_configured", String(s.key != nil)),
            ("base_url", JSONWriter.string(s.baseURL)),
            ("limits", JSONWriter.array(s.limits.map { JSONWriter.string($0.description) })),
            ("plan", JSONWriter.optional(s.id.descriptor.plan(of: s.limits))),
            ("breaker", JSONWriter.optional(status?.breaker.rawValue)),
            ("usable", String(status?.unusable == nil)),
            ("requests", String(status?.requests ?? 0)),
        ])
    }

    /// The members of `sources`: whether simulated, and every source in priority order.
    public static func sources(_ report: SourcesReport) -> [(String, String)] {
        [
            ("simulated", String(report.simulated)),
            (
                "sources",
                JSONWriter.array(report.sources.map { s in source(s, report.status.first { $0.id == s.id }) })
            ),
        ]
    }

    /// The members of `limits`: each source's windows.
    public static func limits(_ status: [SourceStatus]) -> [(String, String)] {
        [("limits", JSONWriter.array(status.map(limits)))]
    }

    /// A batch's tally, as its `summary` object.
    public static func batchSummary(_ report: BatchReport) -> String {
        JSONWriter.object([
            ("requested", String(report.results.count)), ("ok", String(report.ok)),
            ("failed", String(report.failed)), ("cancelled", String(report.cancelled)),
            ("fallbacks", String(report.fallbacks)),
        ])
    }

    /// One source's windows as `limits` lists them.
    public static func limits(_ s: SourceStatus) -> String {
        JSONWriter.object([
            ("source", JSONWriter.string(s.id.rawValue)),
            (
                "windows",
                JSONWriter.array(
                    s.windows.map { w in
                        JSONWriter.object([
                            ("limit", JSONWriter.string(w.window.description)), ("used", String(w.used)),
                            ("remaining", String(max(0, w.window.count - w.used))),
                            ("resets_in_ms", JSONWriter.optional(w.resetsIn.map(milliseconds))),
                        ])
                    })
            ),
            ("plan", JSONWriter.optional(s.plan)),
            ("cooling_ms", JSONWriter.optional(s.coolingFor.map(milliseconds))),
            ("quota_spent_until", JSONWriter.optional(s.quotaSpentUntil.map(timestamp))),
            ("breaker", JSONWriter.string(s.breaker.rawValue)),
            ("requests", String(s.requests)),
        ])
    }

    /// `2026-12-01T00:00:00Z`. Foundation's `ISO8601FormatStyle`, not `ISO8601DateFormatter`:
    /// the latter loads ICU's data, a few megabytes of memory for one timestamp.
    public static func timestamp(_ date: Date) -> String {
        Date.ISO8601FormatStyle().format(date)
    }

    /// Whole milliseconds, rounded down.
    public static func milliseconds(_ d: Duration) -> Int {
        Int(d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000)
    }
}
