import Foundation
import QuantumCore

/// Human output: aligned tables, a fallback trail per fetch, charts; colour only when the style
/// asks for it.
public enum TextRenderer {
    /// Rows shown from each end of a series by default.
    static let candleRows = 3

    public static func render(_ cell: Cell, style: TextStyle = .plain) -> String {
        switch cell.output {
        case .fetch(let result, let quality):
            fetch(result, style) + "\n  " + style.paint("quality: " + quality.summary, quality.isClean ? .dim : .yellow)
                + candleTable(result.candles, rows: candleRows, style)
        case .batch(let report):
            if case .batch(let spec) = cell.command, spec.quiet {
                batch(report, style, quiet: true)
            } else {
                batch(report, style)
            }
        case .streamedBatch(let batch): streamedBatch(batch, style)
        case .sources(let sources, let status, let simulated):
            self.sources(sources, status: status, simulated: simulated, style)
        case .limits(let status): limits(status, style)
        case .faults(let faults, let label):
            faults.isEmpty
                ? "no faults in force (\(label))"
                : (["faults in force (\(label)):"]
                    + table(faults.map { [$0.0.rawValue, $0.1.description] }, indent: "  ")).joined(separator: "\n")
        case .show(let results, let rows):
            show(results, rows: rows ?? cell.display.rows, format: cell.display.format, style)
        case .chart(let results, _, _, let files) where !files.isEmpty:
            zip(results, files).map { "wrote the \($0.ticker) chart (\(count($0.candles.count, "point"))) to \($1)" }
                .joined(separator: "\n")
        case .chart(let results, let width, let height, _):
            results.map {
                ChartRenderer.render(
                    $0, width: width ?? style.width, height: height ?? ChartRenderer.defaultHeight, style: style)
            }
            .joined(separator: "\n\n")
        case .quality(let reports): reports.map { quality($0, style) }.joined(separator: "\n\n")
        case .compare(let comparison): compare(comparison, style)
        case .actions(let result, let from, let to): actions(result, from: from, to: to, style)
        case .export(let manifest): export(manifest)
        case .expectation(_, let passed, let detail): style.paint(passed ? "✓ " : "✗ ", passed ? .green : .red) + detail
        case .history(let entries):
            table(entries.map { [String($0.cell), $0.input] }, indent: "  ").joined(separator: "\n")
        case .settings(let lines):
            table(lines.map { [$0.name, $0.value, style.paint($0.about, .dim)] }, indent: "  ").joined(separator: "\n")
        case .cache(let stats): cache(stats)
        case .calendars(let listings, let provenance, let origin):
            calendars(listings, provenance: provenance, origin: origin)
        case .calendar(let report): calendar(report)
        case .help(let topic): HelpText.render(topic: topic, columns: style.width)
        case .message(let text): text
        case .quit: ""
        }
    }

    /// `AAPL  ok via eodhd (4 attempts) …`, then the fallback trail and warnings.
    static func fetch(_ r: FetchResult, _ style: TextStyle) -> String {
        var lines: [String] = []
        let ms = style.timings ? " · \(JSONRenderer.milliseconds(r.elapsed)) ms" : ""
        let tried = r.attempts.count == 1 ? "1 attempt" : "\(r.attempts.count) attempts"
        let sim = r.simulated ? " · simulated" : ""
        if let source = r.source, let first = r.candles.first, let last = r.candles.last {
            let whollyCached = r.isWhollyFromCache
            let cached = r.cached == 0 || whollyCached ? "" : " · \(r.cached) from the cache"
            let via =
                whollyCached
                ? "from the cache (\(source.rawValue), no request sent)" : "via \(source.rawValue) (\(tried))"
            let state =
                r.wasCancelled
                ? style.paint("cancelled", .red)
                : r.isComplete ? style.paint("ok", .green) : style.paint("incomplete", .yellow)
            lines.append(
                style.paint(r.ticker, .bold) + "  " + state + " \(via)"
                    + " · \(Self.count(r.candles.count, "candle")) \(first.date) … \(last.date) · "
                    + "basis \(r.basis?.rawValue ?? "?")\(cached)\(ms)\(sim)")
        } else if r.ok {
            let via = r.source.map { " via \($0.rawValue) (\(tried))" } ?? ""
            lines.append(
                style.paint(r.ticker, .bold) + "  " + style.paint("ok", .green) + "\(via) · no bars\(ms)\(sim)")
        } else {
            let state = r.wasCancelled ? "cancelled" : "failed"
            lines.append(style.paint(r.ticker, .bold) + "  " + style.paint(state, .red) + " (\(tried))\(ms)\(sim)")
        }
        if r.attempts.count > 1 || !r.ok || r.wasCancelled {
            lines += table(
                r.attempts.map { a in
                    [
                        a.source.rawValue, a.outcome.rawValue, a.status.map(String.init) ?? "-",
                        a.message.map { "\"\(shorten($0, 90))\"" } ?? "",
                    ]
                }, indent: "  ",
                tint: { row, column in column == 1 ? TextStyle.tint(r.attempts[row].outcome.rawValue) : nil },
                style: style)
        }
        for fill in r.fills {
            let what =
                fill.dates.isEmpty
                ? "none of the missing days" : "\(Self.count(fill.dates.count, "day")) (first \(fill.dates[0]))"
            lines.append("  filled from \(fill.source.rawValue): \(what) · \(fill.attempt.outcome.rawValue)")
        }
        for note in r.notes { lines.append("  note: \(note)") }
        for warning in r.warnings { lines.append("  " + style.paint("warning: \(warning)", .yellow)) }
        if let error = r.error { lines.append("  " + style.paint("error: \(error)", .red)) }
        return lines.joined(separator: "\n")
    }

    /// `show`'s candles as `set format` lays them out: the summary line and a table (or a block
    /// per candle) of the first and last `rows`; a Markdown table per ticker; or, for `csv` and
    /// `json`, every row as the export writes it.
    static func show(_ results: [FetchResult], rows: Int, format: ShowFormat, _ style: TextStyle) -> String {
        switch format {
        case .table:
            return results.map { fetch($0, style) + candleTable($0.candles, rows: rows, style) }.joined(
                separator: "\n\n")
        case .vertical:
            return results.map { fetch($0, style) + vertical($0.candles, rows: rows, style) }.joined(
                separator: "\n\n")
        case .markdown:
            return results.map { r in
                "**\(r.ticker)**\n\n"
                    + (r.candles.isEmpty ? "(no candles)" : MarkdownRenderer.candleTable(r, rows: rows))
            }.joined(separator: "\n\n")
        case .csv, .json:
            let text = String(decoding: (format == .csv ? ExportFormat.csv : .json).encode(results), as: UTF8.self)
            return text.hasSuffix("\n") ? String(text.dropLast()) : text
        }
    }

    /// psql's expanded display: one block per candle, field names aligned.
    static func vertical(_ candles: [Candle], rows: Int, _ style: TextStyle) -> String {
        guard !candles.isEmpty else { return "" }
        let decimals = priceDecimals(candles)
        let shown = (candles.count - 1) / 2 <= rows ? candles : Array(candles.prefix(rows) + candles.suffix(rows))
        let blocks = shown.map { c in
            [
                style.paint("-[ \(c.date) ]-", .dim),
                "open   | \(price(c.open, decimals: decimals))", "high   | \(price(c.high, decimals: decimals))",
                "low    | \(price(c.low, decimals: decimals))", "close  | \(price(c.close, decimals: decimals))",
                "volume | \(NumberText.shortest(c.volume))",
            ].map { "  " + $0 }.joined(separator: "\n")
        }
        let skipped = candles.count - shown.count
        let note =
            skipped > 0 ? "\n" + style.paint("  (\(skipped) candles not shown; show --all for every one)", .dim) : ""
        return "\n\n" + blocks.joined(separator: "\n") + note
    }

    /// The first and last `rows` candles (all when they fit, as for `--all`'s `Int.max`), with a
    /// note of what is left out.
    static func candleTable(_ candles: [Candle], rows: Int, _ style: TextStyle) -> String {
        guard !candles.isEmpty else { return "" }
        let header = ["date", "open", "high", "low", "close", "volume"]
        let decimals = priceDecimals(candles)
        func row(_ c: Candle) -> [String] {
            [
                c.date.description, price(c.open, decimals: decimals), price(c.high, decimals: decimals),
                price(c.low, decimals: decimals), price(c.close, decimals: decimals), NumberText.shortest(c.volume),
            ]
        }
        var body: [[String]]
        var skipped = 0
        // count <= rows * 2 + 1, without computing rows * 2 (rows may be Int.max).
        if (candles.count - 1) / 2 <= rows {
            body = candles.map(row)
        } else {
            skipped = candles.count - rows * 2
            body =
                candles.prefix(rows).map(row) + [["…"] + Array(repeating: "", count: 5)] + candles.suffix(rows).map(row)
        }
        var lines = table(
            [header] + body, indent: "  ", rightAlignFrom: 1, tint: { row, _ in row == 0 ? .dim : nil }, style: style)
        if skipped > 0 { lines.append(style.paint("  (\(skipped) rows not shown; show --all for every row)", .dim)) }
        return "\n\n" + lines.joined(separator: "\n")
    }

    static func sources(_ sources: [SourceSettings], status: [SourceStatus], simulated: Bool, _ style: TextStyle)
        -> String
    {
        let header = ["#", "source", "enabled", "key", "base URL", "limits", "breaker", "requests"]
        let rows = sources.map { s in
            let health = status.first { $0.id == s.id }
            let breaker =
                health.map { h in
                    h.unusable != nil
                        ? "key refused"
                        : h.breaker.rawValue + (h.breakerRemaining.map { style.timings ? " \(seconds($0))" : "" } ?? "")
                } ?? CircuitBreaker.Phase.closed.rawValue
            return [
                String(s.priority), s.id.rawValue, s.enabled ? "yes" : "no",
                s.key == nil ? "none" : (simulated ? "simulated" : "configured"), s.baseURL,
                s.limits.isEmpty ? "none" : s.limits.map(\.description).joined(separator: ","), breaker,
                String(health?.requests ?? 0),
            ]
        }
        // Red: a key refused, or a circuit not closed.
        let troubled = sources.map { s in
            status.first { $0.id == s.id }.map { $0.unusable != nil || $0.breaker != .closed } ?? false
        }
        let tint = { (row: Int, column: Int) -> TextStyle.Tint? in
            row == 0
                ? .dim
                : column == 6 && troubled[row - 1]
                    ? .red : column == 2 && rows[row - 1][2] == "no" ? .dim : nil
        }
        var lines = table([header] + rows, tint: tint)
        if lines.contains(where: { $0.count > style.width }) {
            // Too wide for the screen: one block per source, a field a line (psql's expanded mode).
            lines = rows.enumerated().flatMap { index, row in
                [style.paint("\(row[1]) (#\(row[0]))", .bold)]
                    + table(
                        (2..<row.count).map { [header[$0], row[$0]] }, indent: "  ",
                        tint: { r, c in c == 0 ? .dim : tint(index + 1, r + 2) }, style: style)
            }
        } else {
            lines = table([header] + rows, tint: tint, style: style)
        }
        let plans = sources.compactMap { s in s.id.descriptor.plan(of: s.limits).map { (s.id, s.limits, $0) } }
        return (lines + Self.plans(plans, style)).joined(separator: "\n")
    }

    /// "eodhd: 1000/min, 20/day (free plan; set EODHD_LIMITS for a paid one)", one line for each
    /// source whose limits are its provider's defaults, dimmed.
    static func plans(_ plans: [(SourceID, [RateWindow], String)], _ style: TextStyle) -> [String] {
        plans.flatMap { id, windows, plan in
            // Wrapped to the screen, the lines after the first indented.
            let text = "\(id.rawValue): \(windows.map(\.description).joined(separator: ", ")) (\(plan))"
            return wrap(text, width: max(20, style.width - 3)).enumerated().map { index, line in
                style.paint(index == 0 ? line : "  " + line, .dim)
            }
        }
    }

    /// Every window of every source: used, remaining, and when the oldest counted request expires.
    static func limits(_ status: [SourceStatus], _ style: TextStyle) -> String {
        var rows = [["source", "limit", "used", "remaining", "resets in", ""]]
        for s in status {
            for w in s.windows {
                let spent = s.quotaSpentUntil.map { "quota spent until \(Self.utc($0))" }
                let note = spent ?? s.coolingFor.map { "cooling down" + (style.timings ? " \(seconds($0))" : "") } ?? ""
                rows.append([
                    s.id.rawValue, w.window.description, String(w.used), String(max(0, w.window.count - w.used)),
                    w.resetsIn.map { style.timings ? seconds($0) : "within the window" } ?? "-", note,
                ])
            }
            if s.windows.isEmpty {
                rows.append([
                    s.id.rawValue, "none", String(s.requests), "-", "-",
                    s.quotaSpentUntil.map { "quota spent until \(Self.utc($0))" } ?? "",
                ])
            }
        }
        let lines = table(
            rows, tint: { row, column in row == 0 ? .dim : column == 3 && rows[row][3] == "0" ? .yellow : nil },
            style: style)
        let plans = status.compactMap { s in s.plan.map { (s.id, s.windows.map(\.window), $0) } }
        return (lines + Self.plans(plans, style)).joined(separator: "\n")
    }

    /// The sources side by side, then where they disagree and what only some have.
    static func compare(_ c: Comparison, _ style: TextStyle) -> String {
        var lines = [
            style.paint(c.ticker, .bold) + " compared · \(c.from) … \(c.to) · "
                + (c.reference.map { "reference \($0.rawValue) (\(c.basis?.rawValue ?? "?"))" } ?? "no source served it")
        ]
        lines += table(
            c.sides.map { [$0.source.rawValue, $0.basis?.rawValue ?? "-", count($0.bars, "bar"), $0.note ?? ""] },
            indent: "  ", style: style)
        for side in c.sides {
            lines += side.warnings.map { "  " + style.paint("\(side.source.rawValue): \($0)", .yellow) }
        }
        func percent(_ fraction: Double) -> String { NumberText.shortest((fraction * 10000).rounded() / 100) + "%" }
        if c.cancelled {
            lines.append(
                "  "
                    + style.paint(
                        "cancelled before every source answered: no day was compared, agreement not judged", .red))
            return lines.joined(separator: "\n")
        }
        if !c.judged {
            if let only = c.reference {
                lines.append(
                    "  "
                        + style.paint(
                            "only \(only.rawValue) served bars: nothing to compare them with, agreement not judged",
                            .red))
            }
            return lines.joined(separator: "\n")
        }
        if c.disagreements.isEmpty {
            lines.append(
                "  "
                    + style.paint(
                        "\(c.agreeing) day(s) agree within \(percent(c.tolerance.close)) (close) "
                            + "and \(percent(c.tolerance.volume)) (volume)",
                        .green))
        } else {
            lines.append(
                "  " + style.paint("\(c.disagreements.count) disagreement(s); \(c.agreeing) day(s) agree", .yellow))
            lines += table(
                c.disagreements.prefix(20).map { d in
                    [
                        d.date.description, d.field,
                        "\(c.reference?.rawValue ?? "") \(NumberText.shortest(d.reference))",
                        "\(d.source.rawValue) \(NumberText.shortest((d.value * 1e4).rounded() / 1e4))",
                        percent(d.difference),
                    ]
                }, indent: "    ", style: style)
            if c.disagreements.count > 20 {
                lines.append("    … \(c.disagreements.count - 20) more (--json lists all)")
            }
        }
        if !c.lone.isEmpty {
            lines.append("  \(c.lone.count) day(s) only some sources have:")
            lines += table(
                c.lone.prefix(10).map {
                    [
                        $0.date.description,
                        $0.sources.isEmpty ? "none" : $0.sources.map(\.rawValue).joined(separator: ", "),
                    ]
                },
                indent: "    ", style: style)
            if c.lone.count > 10 { lines.append("    … \(c.lone.count - 10) more (--json lists all)") }
        }
        return lines.joined(separator: "\n")
    }

    /// `2026-12-01 00:00 UTC`.
    static func utc(_ date: Date) -> String {
        String(ResultJSON.timestamp(date).prefix(16)).replacingOccurrences(of: "T", with: " ") + " UTC"
    }

    /// One line per ticker, then the tally.
    /// One line per ticker (with `quiet`, only those that failed or miss days), then the summary.
    static func batch(_ report: BatchReport, _ style: TextStyle, quiet: Bool = false) -> String {
        // Quiet: what failed or misses days; cancelled tickers are only counted.
        let shown = quiet ? report.results.filter { !$0.wasCancelled && (!$0.ok || !$0.isComplete) } : report.results
        let rows = shown.map { r -> [String] in
            if let source = r.source, let first = r.candles.first, let last = r.candles.last {
                let before = r.attempts.dropLast().filter {
                    $0.outcome != .skippedNoKey && $0.outcome != .skippedDisabled
                }
                let fallback =
                    before.isEmpty
                    ? (r.cached > 0 ? "\(r.cached) from the cache" : "")
                    : "after " + before.map { "\($0.source.rawValue) \(brief($0.outcome))" }.joined(separator: ", ")
                let state = r.wasCancelled ? "cancelled" : r.isComplete ? "ok" : "incomplete"
                return [
                    r.ticker, state, "via \(source.rawValue)", Self.count(r.candles.count, "candle"),
                    "\(first.date) … \(last.date)", fallback,
                ]
            }
            // Served with no bar: the range holds no finished session (a weekend, today before the close).
            if r.ok { return noBarsRow(r.ticker, note: r.notes.first) }
            if r.wasCancelled { return [r.ticker, "cancelled"] }
            let last =
                r.attempts.last { $0.outcome != .skippedNoKey && $0.outcome != .skippedDisabled } ?? r.attempts.last
            return [
                r.ticker, "failed", last.map { "\($0.source.rawValue) \($0.outcome.rawValue)" } ?? "-", "", "",
                shorten(Self.why(r.error) ?? last?.message ?? "", 60),
            ]
        }
        var lines = table(
            fitted(rows, width: style.width), indent: "  ",
            tint: { row, column in column == 1 ? TextStyle.tint(rows[row][1]) : nil }, style: style)
        let simulated = report.results.contains(where: \.simulated) ? " · simulated" : ""
        let cancelled = report.cancelled > 0 ? " · \(report.cancelled) cancelled" : ""
        let incomplete = report.results.count { $0.ok && !$0.isComplete && !$0.wasCancelled }
        lines.append(
            "\(report.results.count) requested · \(report.ok) ok\(incomplete > 0 ? " (\(incomplete) incomplete)" : "") · "
                + "\(report.failed) failed\(cancelled) "
                + "· \(Self.count(report.fallbacks, "fallback"))\(style.timings ? " · \(seconds(report.elapsed))" : "")\(simulated)"
        )
        return lines.joined(separator: "\n")
    }

    /// A failure's sentence without its trail of attempts (the row shows the last one): "no
    /// source knows NOPE (…)", "AAPL split prices need its corporate actions …".
    static func why(_ error: String?) -> String? {
        guard let error else { return nil }
        return error.components(separatedBy: "; attempts: ").first
    }

    /// The row of a ticker served with no bar, and why there is none.
    static func noBarsRow(_ ticker: String, note: String?) -> [String] {
        [ticker, "ok", "no bars", "", "", shorten(note ?? "no session in the range", 60)]
    }

    /// A batch's rows (ticker, state, source, candles, dates, then the fallback trail or why it
    /// failed) fitted to the terminal's `width`, so no row is wider: the last column is shortened
    /// to what the others and the two-space indent leave (left out when not even `x…` fits), and
    /// on a narrow terminal the dates, then the candles, then the source are left out too.
    static func fitted(_ rows: [[String]], width: Int) -> [[String]] {
        let widths = (0..<5).map { column in rows.map { $0.count > column ? $0[column].count : 0 }.max() ?? 0 }
        var kept = 5
        while kept > 2, 2 + widths.prefix(kept).reduce(0, +) + 2 * (kept - 1) > width { kept -= 1 }
        let room = width - 2 - widths.prefix(kept).reduce(0, +) - 2 * kept
        return rows.map { row in
            let trail = row.count == 6 && kept == 5 && room >= 2 ? [shorten(row[5], room)] : []
            return Array(row.prefix(kept)) + trail
        }
    }

    static func quality(_ q: QualityReport, _ style: TextStyle) -> String {
        var lines = [
            style.paint(q.ticker, .bold) + " quality"
                + (q.source.map { " · \($0.rawValue) \(q.basis?.rawValue ?? "")" } ?? "")
        ]
        func item(_ label: String, _ value: String, bad: Bool) {
            lines.append(
                "  " + label.padding(toLength: 28, withPad: " ", startingAt: 0)
                    + style.paint(value, bad ? .yellow : nil))
        }
        func dates(_ list: [TradingDate]) -> String {
            list.isEmpty
                ? "none"
                : "\(list.count): " + list.prefix(5).map(\.description).joined(separator: ", ")
                    + (list.count > 5 ? ", …" : "")
        }
        if let nothing = q.nothingServed {
            lines.append("  " + style.paint("no candles: \(nothing)", q.failed ? .yellow : nil))
            return lines.joined(separator: "\n")
        }
        if q.judged {
            let exchange = q.calendar == .nyse ? "" : " (\(q.calendar))"
            item("bars", "\(q.bars) of \(q.expectedDays) trading days\(exchange)", bad: q.bars < q.expectedDays)
            item("gaps inside", dates(q.gaps), bad: !q.gaps.isEmpty)
            item("before first / after last", "\(q.missingBefore) / \(q.missingAfter) trading day(s)", bad: false)
            item("on closed days", dates(q.offCalendar), bad: !q.offCalendar.isEmpty)
        } else {
            item("bars", "\(q.bars)", bad: false)
            item("calendar", "\(q.calendar): gaps and closed days not judged", bad: false)
        }
        if !q.filled.isEmpty { item("filled from", q.filled.joined(separator: "; "), bad: false) }
        if !q.missing.isEmpty { item("missing (no source)", dates(q.missing), bad: true) }
        item("duplicates dropped", String(q.duplicates), bad: q.duplicates > 0)
        item("out of order", q.outOfOrder ? "yes (sorted)" : "no", bad: q.outOfOrder)
        item("break price rules", String(q.integrityViolations), bad: q.integrityViolations > 0)
        item("zero volume", dates(q.zeroVolume), bad: !q.zeroVolume.isEmpty)
        for (i, split) in q.splits.enumerated() { item(i == 0 ? "splits (ledger)" : "", split, bad: false) }
        if q.jumps.isEmpty {
            item("jumps", "none", bad: false)
        } else {
            for (i, jump) in q.jumps.prefix(8).enumerated() {
                item(
                    i == 0 ? "jumps" : "", "\(jump.date) ×\(QualityReport.ratioText(jump.ratio)) — \(jump.note)",
                    bad: true)
            }
        }
        item(
            "basis",
            q.basisChange.map { "changed by fallback: \($0)" } ?? q.basis.map { "\($0.rawValue), one for every bar" }
                ?? "none",
            bad: q.basisChange != nil)
        return lines.joined(separator: "\n")
    }

    static func export(_ m: ExportManifest) -> String {
        let tickers = unique(m.series.filter { $0.rows > 0 }.map(\.ticker))
        let skipped = unique(m.series.filter { $0.rows == 0 }.map(\.ticker)).filter { !tickers.contains($0) }
        let place = m.toStandardOutput ? "standard output" : m.path
        let what =
            m.wide.map {
                "the \($0.rawValue) of \(Self.count(tickers.count, "ticker")) × \(Self.count(m.rows, "date"))"
            }
            ?? Self.count(m.rows, "row")
        var text =
            "wrote \(what) (\(listed(tickers))) to \(place) · \(m.format.rawValue) "
            + "· \(m.bytes) bytes · sha256 \(m.sha256.prefix(16))…"
        text +=
            "\nmanifest: "
            + (m.manifestPath.map { $0 + (m.simulated ? " (marked simulated)" : "") }
                ?? "none (standard output has no file beside it)")
        if !skipped.isEmpty { text += "\nnot in the file (no candles): \(listed(skipped))" }
        return text
    }

    /// Each name once, in the order first given.
    static func unique(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.filter { seen.insert($0).inserted }
    }

    /// "AAPL, MSFT, NVDA", or the first ten and how many more.
    static func listed(_ names: [String]) -> String {
        names.count <= 10
            ? names.joined(separator: ", ")
            : names.prefix(10).joined(separator: ", ") + " and \(names.count - 10) more"
    }

    static func cache(_ stats: CacheStats) -> String {
        guard !stats.sources.isEmpty else { return "the cache is empty" }
        var rows = [["source", "tickers", "candles", "from", "to"]]
        rows += stats.sources.map {
            [$0.source.rawValue, String($0.tickers), String($0.candles), $0.first.description, $0.last.description]
        }
        return
            (table(rows, rightAlignFrom: 1) + [
                "\(stats.tickers) ticker(s), \(stats.candles) candles, \(stats.bytes / 1024) KiB"
            ]).joined(separator: "\n")
    }

    /// An outcome in a few words, for the batch table's fallback trail.
    static func brief(_ outcome: Outcome) -> String {
        switch outcome {
        case .skippedRateLimit: "at its limit"
        case .rateLimited: "rate-limited"
        case .skippedCircuitOpen: "circuit open"
        case .notFound: "not found"
        case .noData: "no data"
        case .authFailed: "key refused"
        case .serverError: "server error"
        case .networkError: "network error"
        case .badResponse: "bad response"
        default: outcome.rawValue
        }
    }

    /// `1.2s`, `41s`, `23h 59m`.
    static func seconds(_ d: Duration) -> String {
        DurationText.human(d)
    }

    /// Columns padded to their widest cell; numbers right-aligned from a column on; `tint`
    /// colours a cell (row, column) when the style has colour.
    static func table(
        _ rows: [[String]], indent: String = "", rightAlignFrom: Int = .max,
        tint: (Int, Int) -> TextStyle.Tint? = { _, _ in nil }, style: TextStyle = .plain
    ) -> [String] {
        guard let columns = rows.map(\.count).max() else { return [] }
        var widths = [Int](repeating: 0, count: columns)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return rows.enumerated().map { r, row in
            let cells = row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                let painted = style.paint(cell, tint(r, i))
                if i == row.count - 1 && i < rightAlignFrom { return painted }
                return i >= rightAlignFrom ? pad + painted : painted + pad
            }
            let line = indent + cells.joined(separator: "  ")
            return String(line.reversed().drop { $0 == " " }.reversed())
        }
    }

    /// `text`'s words in lines of at most `width` characters (a longer word on a line of its own).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += line.isEmpty ? String(word) : " " + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// At least two decimals and at most four: `130.26`, `131.2636`, `0.0036`.
    static func price(_ value: Double) -> String {
        guard value.isFinite else { return String(value) }
        var text = String(format: "%.4f", value)
        while text.hasSuffix("0"), let dot = text.firstIndex(of: "."), text.distance(from: dot, to: text.endIndex) > 3 {
            text.removeLast()
        }
        return text
    }

    /// The decimals (2 to 4) the candles' prices need to be shown as `price` shows each: one
    /// precision for every price column of a table, so the decimal points line up.
    static func priceDecimals(_ candles: [Candle]) -> Int {
        var most = 2
        for c in candles where most < 4 {
            for value in [c.open, c.high, c.low, c.close] {
                let text = price(value)
                if let dot = text.firstIndex(of: ".") {
                    most = max(most, text.distance(from: dot, to: text.endIndex) - 1)
                }
            }
        }
        return most
    }

    /// `value` with `decimals` decimals.
    static func price(_ value: Double, decimals: Int) -> String {
        value.isFinite ? String(format: "%.\(decimals)f", value) : String(value)
    }

    static func shorten(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    /// "1 candle", "3 candles".
    static func count(_ n: Int, _ noun: String) -> String {
        "\(n) \(noun)\(n == 1 ? "" : "s")"
    }
}
