import Foundation
import QuantumCore

/// Human output: plain text with aligned columns. Colour is the terminal's business, not ours.
public enum TextRenderer {
    /// Rows of candles shown after a fetch (the most recent ones).
    static let candleRows = 5

    public static func render(_ cell: Cell) -> String {
        switch cell.output {
        case .fetch(let result): fetch(result)
        case .sources(let sources, let simulated): self.sources(sources, simulated: simulated)
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

    static func sources(_ sources: [SourceSettings], simulated: Bool) -> String {
        let header = ["#", "source", "enabled", "key", "base URL", "limits"]
        let rows = sources.map { s in
            [String(s.priority), s.id.rawValue, s.enabled ? "yes" : "no", s.key == nil ? "none" : (simulated ? "simulated" : "configured"), s.baseURL,
             s.limits.map(\.description).joined(separator: ",")]
        }
        return table([header] + rows).joined(separator: "\n")
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
