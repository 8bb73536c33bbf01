import Foundation
import QuantumCore

/// Human output: plain text with aligned columns. Colour is the terminal's business, not ours.
public enum TextRenderer {
    /// Rows of candles shown after a fetch (the most recent ones).
    static let candleRows = 5

    public static func render(_ cell: Cell) -> String {
        switch cell.output {
        case .fetch(let result): fetch(result)
        case .batch(let report): batch(report)
        case .sources(let sources, let status, let simulated): self.sources(sources, status: status, simulated: simulated)
        case .limits(let status): limits(status)
        case .faults(let faults, let label):
            faults.isEmpty ? "no faults in force (\(label))"
                : (["faults in force (\(label)):"] + table(faults.map { [$0.0.rawValue, $0.1.description] }, indent: "  ")).joined(separator: "\n")
        case .help(let text), .message(let text): text
        case .quit: ""
        }
    }

    /// `AAPL  ok via eodhd (4 attempts) …`, the fallback trail, then the latest candles.
    static func fetch(_ r: FetchResult) -> String {
        var lines: [String] = []
        let ms = JSONRenderer.milliseconds(r.elapsed)
        let tried = r.attempts.count == 1 ? "1 attempt" : "\(r.attempts.count) attempts"
        if let source = r.source, let first = r.candles.first, let last = r.candles.last {
            let sim = r.simulated ? " · simulated" : ""
            lines.append("\(r.ticker)  ok via \(source.rawValue) (\(tried)) · \(r.candles.count) candles \(first.date) … \(last.date) · basis \(r.basis?.rawValue ?? "?") · \(ms) ms\(sim)")
        } else {
            lines.append("\(r.ticker)  failed (\(tried)) · \(ms) ms")
        }
        if r.attempts.count > 1 || !r.ok {
            lines += table(r.attempts.map { a in
                [a.source.rawValue, a.outcome.rawValue, a.status.map(String.init) ?? "-", a.message.map { "\"\(shorten($0, 90))\"" } ?? ""]
            }, indent: "  ")
        }
        for warning in r.warnings { lines.append("  warning: \(warning)") }
        if let error = r.error { lines.append("  error: \(error)") }
        if !r.candles.isEmpty {
            lines.append("")
            let rows = r.candles.suffix(candleRows).map { c in
                [c.date.description, price(c.open), price(c.high), price(c.low), price(c.close), JSONWriter.number(c.volume)]
            }
            lines += table([["date", "open", "high", "low", "close", "volume"]] + rows, indent: "  ", rightAlignFrom: 1)
            if r.candles.count > candleRows { lines.append("  (\(r.candles.count - candleRows) earlier rows not shown)") }
        }
        return lines.joined(separator: "\n")
    }

    static func sources(_ sources: [SourceSettings], status: [SourceStatus], simulated: Bool) -> String {
        let header = ["#", "source", "enabled", "key", "base URL", "limits", "breaker", "requests"]
        let rows = sources.map { s in
            let health = status.first { $0.id == s.id }
            let breaker = health.map { h in h.unusable != nil ? "key refused" : h.breaker + (h.breakerRemaining.map { " \(seconds($0))" } ?? "") } ?? "-"
            return [String(s.priority), s.id.rawValue, s.enabled ? "yes" : "no", s.key == nil ? "none" : (simulated ? "simulated" : "configured"), s.baseURL,
                    s.limits.map(\.description).joined(separator: ","), breaker, String(health?.requests ?? 0)]
        }
        return table([header] + rows).joined(separator: "\n")
    }

    /// Every window of every source: used, remaining, and when the oldest counted request expires.
    static func limits(_ status: [SourceStatus]) -> String {
        var rows = [["source", "limit", "used", "remaining", "resets in", ""]]
        for s in status {
            for w in s.windows {
                let note = s.coolingFor.map { "cooling down \(seconds($0))" } ?? ""
                rows.append([s.id.rawValue, w.window.description, String(w.used), String(max(0, w.window.count - w.used)), w.resetsIn.map(seconds) ?? "-", note])
            }
        }
        return table(rows).joined(separator: "\n")
    }

    /// One line per ticker, then the tally.
    static func batch(_ report: BatchReport) -> String {
        let rows = report.results.map { r -> [String] in
            if let source = r.source, let first = r.candles.first, let last = r.candles.last {
                let before = r.attempts.dropLast().filter { $0.outcome != .skippedNoKey && $0.outcome != .skippedDisabled }
                let fallback = before.isEmpty ? "" : "after " + before.map { "\($0.source.rawValue) \($0.outcome.rawValue)" }.joined(separator: ", ")
                return [r.ticker, "ok", "via \(source.rawValue)", "\(r.candles.count) candles", "\(first.date) … \(last.date)", fallback]
            }
            let last = r.attempts.last { $0.outcome != .skippedNoKey && $0.outcome != .skippedDisabled } ?? r.attempts.last
            return [r.ticker, "failed", last.map { "\($0.source.rawValue) \($0.outcome.rawValue)" } ?? "-", "", "", shorten(last?.message ?? r.error ?? "", 60)]
        }
        var lines = table(rows, indent: "  ")
        lines.append("\(report.results.count) requested · \(report.ok) ok · \(report.failed) failed · \(report.fallbacks) fallbacks · \(seconds(report.elapsed))")
        return lines.joined(separator: "\n")
    }

    /// `1.2s`, `41s`.
    static func seconds(_ d: Duration) -> String {
        let s = d.seconds
        return s < 10 ? String(format: "%.1fs", s) : "\(Int(s.rounded()))s"
    }

    /// Columns padded to their widest cell; numbers right-aligned from a column on.
    static func table(_ rows: [[String]], indent: String = "", rightAlignFrom: Int = .max) -> [String] {
        guard let columns = rows.map(\.count).max() else { return [] }
        var widths = [Int](repeating: 0, count: columns)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            let cells = row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                if i == row.count - 1 && i < rightAlignFrom { return cell }
                return i >= rightAlignFrom ? pad + cell : cell + pad
            }
            return indent + cells.joined(separator: "  ")
        }
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

    static func shorten(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}
