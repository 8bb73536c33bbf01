import QuantumCore

extension TextRenderer {
    /// Tickers of a streamed batch listed one per line at most; a larger batch lists only the
    /// tickers that were not served whole.
    static let streamedLines = 50

    /// A streamed batch: its tickers (or the ones not served whole), the tally, and the file.
    static func streamedBatch(_ b: StreamedBatch, _ style: TextStyle) -> String {
        let listed =
            b.summaries.count <= streamedLines
            ? b.summaries : Array(b.summaries.lazy.filter { !$0.isComplete }.prefix(streamedLines + 1))
        let notWhole = b.summaries.count <= streamedLines ? 0 : b.summaries.count { !$0.isComplete }
        let rows = listed.prefix(streamedLines).map { s -> [String] in
            if let source = s.source, let first = s.first, let last = s.last {
                return [
                    s.ticker, s.wasCancelled ? "cancelled" : s.isComplete ? "ok" : "incomplete",
                    "via \(source.rawValue)", count(s.rows, "candle"),
                    "\(first) … \(last)", s.cached > 0 ? "\(s.cached) from the cache" : "",
                ]
            }
            if s.ok { return noBarsRow(s.ticker, note: s.details?.notes.first) }
            if s.wasCancelled { return [s.ticker, "cancelled"] }
            let last = s.attempts.last { $0.outcome != .skippedNoKey && $0.outcome != .skippedDisabled }
            return [
                s.ticker, "failed", last.map { "\($0.source.rawValue) \($0.outcome.rawValue)" } ?? "-", "", "",
                shorten(why(s.error) ?? last?.message ?? "", 60),
            ]
        }
        var lines = table(
            fitted(rows, width: style.width), indent: "  ",
            tint: { row, column in column == 1 ? TextStyle.tint(rows[row][1]) : nil },
            style: style)
        if notWhole > rows.count { lines.append("  … and \(notWhole - rows.count) more not served whole") }
        let simulated = b.summaries.contains(where: \.simulated) ? " · simulated" : ""
        let cancelled = b.cancelled > 0 ? " · \(b.cancelled) cancelled" : ""
        let incomplete = b.summaries.count { $0.ok && !$0.isComplete && !$0.wasCancelled }
        lines.append(
            "\(b.summaries.count) requested · \(b.ok) ok\(incomplete > 0 ? " (\(incomplete) incomplete)" : "") · "
                + "\(b.failed) failed\(cancelled) · \(count(b.fallbacks, "fallback"))"
                + "\(style.timings ? " · \(seconds(b.elapsed))" : "")\(simulated)")
        if let e = b.export {
            lines.append(
                "wrote \(count(e.rows, "row")) to \(e.path) as the batch went · \(e.format.rawValue) · \(e.bytes) bytes "
                    + "· sha256 \(e.sha256.prefix(16))…")
            lines.append("manifest: \(e.manifestPath)\(simulated.isEmpty ? "" : " (marked simulated)")")
        } else if let problem = b.exportError {
            lines.append(style.paint("not written: \(problem)", .red))
        }
        lines += b.notes.map { style.paint("note: " + $0, .dim) }
        return lines.joined(separator: "\n")
    }
}
