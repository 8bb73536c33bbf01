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
        if case .streamedBatch(let batch) = cell.output {
            streamed(batch, cell, head: head, to: out)
            return
        }
        guard case .batch(let report) = cell.output else {
            out(head + members(cell).map { "," + JSONWriter.string($0.0) + ":" + $0.1 }.joined() + "}")
            return
        }
        out(head + #","results":["#)
        for (i, result) in report.results.enumerated() {
            // Each as `fetch --json` writes it, its quality report included.
            let members =
                i < report.qualities.count
                ? ResultJSON.fetch(result, quality: report.qualities[i]) : ResultJSON.fetchMembers(result)
            out((i == 0 ? "" : ",") + JSONWriter.object(members))
        }
        out(
            #"],"summary":\#(ResultJSON.batchSummary(report)),"elapsed_ms":\#(milliseconds(report.elapsed))"#
                + tail(cell).map { "," + JSONWriter.string($0.0) + ":" + $0.1 }.joined() + "}")
    }

    /// A streamed batch: one object per ticker (`rows`, `first`, `last` in place of `candles`),
    /// the tally, then `export` (the file, or null when it was not written: `error` says why).
    private static func streamed(_ batch: StreamedBatch, _ cell: Cell, head: String, to out: (String) -> Void) {
        out(head + #","results":["#)
        for (i, summary) in batch.summaries.enumerated() {
            guard let request = batch.request(for: summary.ticker) else { continue }
            out((i == 0 ? "" : ",") + JSONWriter.object(ResultJSON.summaryMembers(summary, request: request)))
        }
        let summary = JSONWriter.object([
            ("requested", String(batch.summaries.count)), ("ok", String(batch.ok)),
            ("failed", String(batch.failed)), ("cancelled", String(batch.cancelled)),
            ("fallbacks", String(batch.fallbacks)),
        ])
        let export = batch.export.map(ResultJSON.streamedExport) ?? "null"
        let notes = JSONWriter.array(batch.notes.map(JSONWriter.string))
        out(
            #"],"summary":\#(summary),"export":\#(export),"batch_notes":\#(notes),"elapsed_ms":\#(milliseconds(batch.elapsed))"#
                + tail(cell).map { "," + JSONWriter.string($0.0) + ":" + $0.1 }.joined() + "}")
    }

    /// The members after `cell` and `command` (a batch's are written by `write`).
    static func members(_ cell: Cell) -> [(String, String)] {
        var members: [(String, String)] = []
        switch cell.output {
        case .fetch(let result, let quality):
            // A fetch that served and still failed (--strict) says why in its own `error`.
            members += ResultJSON.fetch(result, quality: quality).map { name, value in
                name == "error" && result.error == nil ? (name, JSONWriter.optional(cell.failure)) : (name, value)
            }
        case .batch, .streamedBatch:
            break
        case .sources(let sources, let status, let simulated):
            members += ResultJSON.sources(SourcesReport(sources: sources, status: status, simulated: simulated))
        case .limits(let status):
            members += ResultJSON.limits(status)
        case .faults(let faults, let label):
            members.append(("injected_by", JSONWriter.string(label)))
            members.append(
                (
                    "faults",
                    JSONWriter.array(
                        faults.map {
                            JSONWriter.object([
                                ("source", JSONWriter.string($0.0.rawValue)),
                                ("fault", JSONWriter.string($0.1.description)),
                            ])
                        })
                ))
        case .show(let results, _):
            members.append(
                ("results", JSONWriter.array(results.map { JSONWriter.object(ResultJSON.fetchMembers($0)) })))
        case .chart(let results, let width, let height, let files):
            members.append(
                (
                    "charts",
                    JSONWriter.array(
                        results.enumerated().map { index, r in
                            JSONWriter.object(
                                [
                                    ("ticker", JSONWriter.string(r.ticker)), ("points", String(r.candles.count)),
                                    ("no_candles", JSONWriter.optional(r.whyNoCandles)),
                                    (
                                        "text",
                                        JSONWriter.string(
                                            ChartRenderer.render(
                                                r, width: width ?? 80, height: height ?? ChartRenderer.defaultHeight))
                                    ),
                                ] + (index < files.count ? [("svg", JSONWriter.string(files[index]))] : []))
                        })
                ))
        case .compare(let comparison):
            members += ResultJSON.comparison(comparison)
        case .actions(let result, let from, let to):
            members += ResultJSON.actions(result, from: from, to: to)
        case .quality(let reports):
            members.append(("reports", JSONWriter.array(reports.map(ResultJSON.quality))))
        case .export(let m):
            members += [
                ("path", JSONWriter.string(m.path)), ("manifest", JSONWriter.optional(m.manifestPath)),
                ("format", JSONWriter.string(m.format.rawValue)), ("wide", JSONWriter.optional(m.wide?.rawValue)),
                ("rows", String(m.rows)), ("bytes", String(m.bytes)), ("sha256", JSONWriter.string(m.sha256)),
                ("simulated", String(m.simulated)),
                ("tickers", JSONWriter.array(m.series.filter { $0.rows > 0 }.map { JSONWriter.string($0.ticker) })),
            ]
        case .expectation(let e, let passed, let detail):
            members += [
                ("ref", JSONWriter.string(e.ref.description)), ("passed", String(passed)),
                ("detail", JSONWriter.string(detail)),
            ]
        case .history(let entries):
            members.append(
                (
                    "history",
                    JSONWriter.array(
                        entries.map {
                            JSONWriter.object([("cell", String($0.cell)), ("input", JSONWriter.string($0.input))])
                        })
                ))
        case .settings(let lines):
            members.append(("settings", JSONWriter.object(lines.map { ($0.name, JSONWriter.string($0.value)) })))
        case .cache(let stats):
            members += [
                ("tickers", String(stats.tickers)), ("candles", String(stats.candles)), ("bytes", String(stats.bytes)),
                (
                    "sources",
                    JSONWriter.array(
                        stats.sources.map { s in
                            JSONWriter.object([
                                ("source", JSONWriter.string(s.source.rawValue)), ("tickers", String(s.tickers)),
                                ("candles", String(s.candles)),
                                ("first", JSONWriter.string(s.first.description)),
                                ("last", JSONWriter.string(s.last.description)),
                            ])
                        })
                ),
            ]
        case .calendars(let listings, let provenance, let origin):
            members += [
                (
                    "exchanges",
                    JSONWriter.array(
                        listings.map { e in
                            JSONWriter.object([
                                ("mic", JSONWriter.string(e.mic)), ("code", JSONWriter.optional(e.code)),
                                ("name", JSONWriter.string(e.name)), ("time_zone", JSONWriter.string(e.timeZone)),
                                ("first", JSONWriter.string(e.first.description)),
                                ("last", JSONWriter.string(e.last.description)),
                                ("same_as", JSONWriter.optional(e.sameAs)),
                            ])
                        })
                ),
                (
                    "data",
                    JSONWriter.object([("source", JSONWriter.string(provenance)), ("file", JSONWriter.string(origin))])
                ),
            ]
        case .calendar(let r):
            let dates = { (days: [TradingDate]) in JSONWriter.array(days.map { JSONWriter.string($0.description) }) }
            members += [
                ("exchange", JSONWriter.string(r.calendar.description)), ("name", JSONWriter.optional(r.name)),
                ("time_zone", JSONWriter.optional(r.timeZone)),
                ("regular_close", JSONWriter.optional(r.regularClose.map(ExchangeCalendar.clock))),
                ("from", JSONWriter.string(r.from.description)), ("to", JSONWriter.string(r.to.description)),
                ("judged", String(r.notJudged == nil)), ("note", JSONWriter.optional(r.note ?? r.notJudged)),
                ("sessions", dates(r.sessions)), ("closures", dates(r.closures)),
                (
                    "early_closes",
                    JSONWriter.array(
                        r.specialCloses.map {
                            JSONWriter.object([
                                ("date", JSONWriter.string($0.date.description)),
                                ("close", JSONWriter.string(ExchangeCalendar.clock($0.minutes))),
                            ])
                        })
                ),
                (
                    "data",
                    JSONWriter.object([
                        ("first", JSONWriter.optional(r.dataFirst?.description)),
                        ("last", JSONWriter.optional(r.dataLast?.description)),
                        ("source", JSONWriter.optional(r.source)), ("file_source", JSONWriter.string(r.provenance)),
                        ("file", JSONWriter.string(r.origin)),
                    ])
                ),
            ]
        case .help(let topic):
            members.append(("text", JSONWriter.string(HelpText.render(topic: topic))))
        case .message(let text):
            members.append(("text", JSONWriter.string(text)))
        case .quit:
            break
        }
        return members + tail(cell)
    }

    /// `error` (for commands other than fetch, whose result has its own) and `notices`.
    static func tail(_ cell: Cell) -> [(String, String)] {
        var members: [(String, String)] = []
        if case .fetch = cell.output {
        } else if let failure = cell.failure {
            members.append(("error", JSONWriter.string(failure)))
        }
        if !cell.notices.isEmpty { members.append(("notices", JSONWriter.array(cell.notices.map(JSONWriter.string)))) }
        return members
    }

    static func milliseconds(_ d: Duration) -> Int { ResultJSON.milliseconds(d) }
}
