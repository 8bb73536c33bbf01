import QuantumCore

/// Machine mode: one JSON object per cell, documented in README.md ("Machine output").
public enum JSONRenderer {
    /// The cell's JSON object, one line.
    public static func render(_ cell: Cell) -> String {
        var text = ""
        write(cell) { text += $0 }
        return text
    }

    /// Writes the cell's JSON object in pieces, so a batch of thousands of tickers is never one
    /// string in memory; the pieces concatenated are `render(cell)`.
    public static func write(_ cell: Cell, to out: (String) -> Void) {
        let head = #"{"cell":\#(cell.number),"command":\#(JSONWriter.string(cell.command.name))"#
        guard case .batch(let report) = cell.output else {
            out(head + members(cell).map { "," + JSONWriter.string($0.0) + ":" + $0.1 }.joined() + "}")
            return
        }
        out(head + #","results":["#)
        for (i, result) in report.results.enumerated() {
            out((i == 0 ? "" : ",") + JSONWriter.object(fetchMembers(result)))
        }
        let summary = JSONWriter.object([
            ("requested", String(report.results.count)), ("ok", String(report.ok)),
            ("failed", String(report.failed)), ("cancelled", String(report.cancelled)), ("fallbacks", String(report.fallbacks)),
        ])
        out(#"],"summary":\#(summary),"elapsed_ms":\#(milliseconds(report.elapsed))"# + tail(cell).map { "," + JSONWriter.string($0.0) + ":" + $0.1 }.joined() + "}")
    }

    /// The members after `cell` and `command` (a batch's are written by `write`).
    static func members(_ cell: Cell) -> [(String, String)] {
        var members: [(String, String)] = []
        switch cell.output {
        case .fetch(let result, let quality):
            members += fetchMembers(result) + [("quality", self.quality(quality))]
        case .batch:
            break
        case .sources(let sources, let status, let simulated):
            members.append(("simulated", String(simulated)))
            members.append(("sources", JSONWriter.array(sources.map { s in source(s, status.first { $0.id == s.id }) })))
        case .limits(let status):
            members.append(("limits", JSONWriter.array(status.map(limits))))
        case .faults(let faults, let label):
            members.append(("injected_by", JSONWriter.string(label)))
            members.append(("faults", JSONWriter.array(faults.map { JSONWriter.object([("source", JSONWriter.string($0.0.rawValue)), ("fault", JSONWriter.string($0.1.description))]) })))
        case .show(let results, _):
            members.append(("results", JSONWriter.array(results.map { JSONWriter.object(fetchMembers($0)) })))
        case .chart(let results, let width, let height):
            members.append(("charts", JSONWriter.array(results.map { r in
                JSONWriter.object([
                    ("ticker", JSONWriter.string(r.ticker)), ("points", String(r.candles.count)),
                    ("text", JSONWriter.string(ChartRenderer.render(r, width: width ?? 80, height: height ?? ChartRenderer.defaultHeight))),
                ])
            })))
        case .quality(let reports):
            members.append(("reports", JSONWriter.array(reports.map(quality))))
        case .export(let m):
            members += [
                ("path", JSONWriter.string(m.path)), ("manifest", JSONWriter.optional(m.manifestPath)), ("format", JSONWriter.string(m.format.rawValue)),
                ("rows", String(m.rows)), ("bytes", String(m.bytes)), ("sha256", JSONWriter.string(m.sha256)), ("simulated", String(m.simulated)),
                ("tickers", JSONWriter.array(m.series.filter { $0.rows > 0 }.map { JSONWriter.string($0.ticker) })),
            ]
        case .expectation(let e, let passed, let detail):
            members += [("ref", JSONWriter.string(e.ref.description)), ("passed", String(passed)), ("detail", JSONWriter.string(detail))]
        case .history(let entries):
            members.append(("history", JSONWriter.array(entries.map { JSONWriter.object([("cell", String($0.cell)), ("input", JSONWriter.string($0.input))]) })))
        case .cache(let stats):
            members += [
                ("tickers", String(stats.tickers)), ("candles", String(stats.candles)), ("bytes", String(stats.bytes)),
                ("sources", JSONWriter.array(stats.sources.map { s in
                    JSONWriter.object([
                        ("source", JSONWriter.string(s.source.rawValue)), ("tickers", String(s.tickers)), ("candles", String(s.candles)),
                        ("first", JSONWriter.string(s.first.description)), ("last", JSONWriter.string(s.last.description)),
                    ])
                })),
            ]
        case .help(let text), .message(let text):
            members.append(("text", JSONWriter.string(text)))
        case .quit:
            break
        }
        return members + tail(cell)
    }

    /// `error` (for commands other than fetch, whose result has its own) and `notices`.
    static func tail(_ cell: Cell) -> [(String, String)] {
        var members: [(String, String)] = []
        if case .fetch = cell.output {} else if let failure = cell.failure {
            members.append(("error", JSONWriter.string(failure)))
        }
        if !cell.notices.isEmpty { members.append(("notices", JSONWriter.array(cell.notices.map(JSONWriter.string)))) }
        return members
    }

    /// The fields of a fetch result, in the documented order.
    static func fetchMembers(_ r: FetchResult) -> [(String, String)] {
        [
            ("ticker", JSONWriter.string(r.ticker)),
            ("ok", String(r.ok)),
            ("source", JSONWriter.optional(r.source?.rawValue)),
            ("basis", JSONWriter.optional(r.basis?.rawValue)),
            ("simulated", String(r.simulated)),
            ("from", JSONWriter.string(r.from.description)),
            ("to", JSONWriter.string(r.to.description)),
            ("candles", JSONWriter.array(r.candles.map(candle))),
            ("attempts", JSONWriter.array(r.attempts.map(attempt))),
            ("warnings", JSONWriter.array(r.warnings.map(JSONWriter.string))),
            ("error", JSONWriter.optional(r.error)),
            ("cached", String(r.cached)),
            ("elapsed_ms", String(milliseconds(r.elapsed))),
        ]
    }

    static func quality(_ q: QualityReport) -> String {
        JSONWriter.object([
            ("ticker", JSONWriter.string(q.ticker)),
            ("bars", String(q.bars)), ("expected_days", String(q.expectedDays)),
            ("gaps", JSONWriter.array(q.gaps.map { JSONWriter.string($0.description) })),
            ("missing_before", String(q.missingBefore)), ("missing_after", String(q.missingAfter)),
            ("off_calendar", JSONWriter.array(q.offCalendar.map { JSONWriter.string($0.description) })),
            ("duplicates", String(q.duplicates)), ("out_of_order", String(q.outOfOrder)),
            ("integrity_violations", String(q.integrityViolations)),
            ("zero_volume", JSONWriter.array(q.zeroVolume.map { JSONWriter.string($0.description) })),
            ("jumps", JSONWriter.array(q.jumps.map { j in
                JSONWriter.object([("date", JSONWriter.string(j.date.description)), ("ratio", NumberText.shortest(j.ratio)), ("note", JSONWriter.string(j.note))])
            })),
            ("basis_change", JSONWriter.optional(q.basisChange)),
            ("summary", JSONWriter.string(q.summary)),
        ])
    }

    static func candle(_ c: Candle) -> String {
        JSONWriter.object([
            ("date", JSONWriter.string(c.date.description)),
            ("open", JSONWriter.number(c.open)), ("high", JSONWriter.number(c.high)),
            ("low", JSONWriter.number(c.low)), ("close", JSONWriter.number(c.close)),
            ("volume", JSONWriter.number(c.volume)),
        ])
    }

    static func attempt(_ a: Attempt) -> String {
        JSONWriter.object([
            ("source", JSONWriter.string(a.source.rawValue)),
            ("outcome", JSONWriter.string(a.outcome.rawValue)),
            ("status", JSONWriter.optional(a.status)),
            ("message", JSONWriter.optional(a.message)),
            ("ms", String(a.milliseconds)),
        ])
    }

    static func source(_ s: SourceSettings, _ status: SourceStatus?) -> String {
        JSONWriter.object([
            ("name", JSONWriter.string(s.id.rawValue)),
            ("priority", String(s.priority)),
            ("enabled", String(s.enabled)),
            ("key_configured", String(s.key != nil)),
            ("base_url", JSONWriter.string(s.baseURL)),
            ("limits", JSONWriter.array(s.limits.map { JSONWriter.string($0.description) })),
            ("breaker", JSONWriter.optional(status?.breaker)),
            ("usable", String(status?.unusable == nil)),
            ("requests", String(status?.requests ?? 0)),
        ])
    }

    static func limits(_ s: SourceStatus) -> String {
        JSONWriter.object([
            ("source", JSONWriter.string(s.id.rawValue)),
            ("windows", JSONWriter.array(s.windows.map { w in
                JSONWriter.object([
                    ("limit", JSONWriter.string(w.window.description)), ("used", String(w.used)),
                    ("remaining", String(max(0, w.window.count - w.used))),
                    ("resets_in_ms", JSONWriter.optional(w.resetsIn.map(milliseconds))),
                ])
            })),
            ("cooling_ms", JSONWriter.optional(s.coolingFor.map(milliseconds))),
            ("breaker", JSONWriter.string(s.breaker)),
            ("requests", String(s.requests)),
        ])
    }

    static func milliseconds(_ d: Duration) -> Int {
        Int(d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000)
    }
}
