import Foundation
import QuantumCore

/// A notebook's output for its cells, as Markdown: each cell's number and command, then what it
/// produced — candles as Markdown tables, charts as links to their SVG files, everything else
/// (fallback trails, quality, expectations, errors) as the text renderer draws it, in a fenced
/// `text` block. Figures that depend on the wall clock rather than the data are left out
/// (`TextStyle.timings`), so the same data gives the same Markdown.
enum MarkdownRenderer {
    static let style = TextStyle(color: false, width: 140, timings: false)

    /// The Markdown for `cells`; `link` turns a chart file into the link the notebook writes.
    static func render(_ cells: [Cell], link: (String) -> String) -> String {
        cells.map { render($0, link: link) }.joined(separator: "\n\n")
    }

    static func render(_ cell: Cell, link: (String) -> String) -> String {
        var parts = [
            "**[\(cell.number)]** " + codeSpan(cell.input.split(whereSeparator: \.isNewline).joined(separator: " "))
        ]
        var text: [String] = []
        func flush() {
            if !text.isEmpty { parts.append(fenced(text.joined(separator: "\n"))) }
            text = []
        }
        switch cell.output {
        case .fetch(let result, let quality):
            text.append(
                TextRenderer.fetch(result, style) + "\n  quality: " + quality.summary)
            flush()
            parts.append(candleTable(result, rows: TextRenderer.candleRows))
        case .show(let results, let rows):
            for result in results {
                text.append(TextRenderer.fetch(result, style))
                flush()
                parts.append(candleTable(result, rows: rows ?? cell.display.rows))
            }
        case .chart(let results, _, _, let files) where !files.isEmpty:
            parts += zip(results, files).map { "![\(SVGChart.title($0))](\(link($1)))" }
        case .quit:
            break
        default:
            let rendered = TextRenderer.render(cell, style: style)
            if cell.failure != nil, case .message = cell.output {
                text.append("error: " + rendered)
            } else if !rendered.isEmpty {
                text.append(rendered)
            }
        }
        if let failure = cell.failure, !cell.output.saysItsOwnFailure {
            text.append("error: " + failure)
        }
        text += cell.notices.map { "note: " + $0 }
        flush()
        return parts.filter { !$0.isEmpty }.joined(separator: "\n\n")
    }

    /// The first and last `rows` candles as a Markdown table (all when they fit), with a source
    /// column when another source filled some days, and a line saying how many rows are left out.
    static func candleTable(_ result: FetchResult, rows: Int) -> String {
        let candles = result.candles
        guard !candles.isEmpty else { return "" }
        let mixed = !result.fills.isEmpty
        let sources = result.candleSources
        let decimals = TextRenderer.priceDecimals(candles)
        func row(_ index: Int) -> [String] {
            let c = candles[index]
            return [
                c.date.description, TextRenderer.price(c.open, decimals: decimals),
                TextRenderer.price(c.high, decimals: decimals), TextRenderer.price(c.low, decimals: decimals),
                TextRenderer.price(c.close, decimals: decimals), NumberText.shortest(c.volume),
            ] + (mixed ? [sources[index]?.rawValue ?? "?"] : [])
        }
        var body: [[String]]
        var skipped = 0
        // count <= rows * 2 + 1, without computing rows * 2 (rows may be Int.max).
        if (candles.count - 1) / 2 <= rows {
            body = candles.indices.map(row)
        } else {
            skipped = candles.count - rows * 2
            // No pseudo-row inside the table (a reader would take it for data): the note below says.
            body = (0..<rows).map(row) + (candles.count - rows..<candles.count).map(row)
        }
        let header = ["date", "open", "high", "low", "close", "volume"] + (mixed ? ["source"] : [])
        var lines = [
            "| " + header.joined(separator: " | ") + " |",
            "|---|" + Array(repeating: "---:|", count: 5).joined() + (mixed ? "---|" : ""),
        ]
        lines += body.map { "| " + $0.map(cell).joined(separator: " | ") + " |" }
        if skipped > 0 {
            lines.append(
                "\n(the first and last \(rows) rows; \(skipped) between them not shown: `show --all` for every row)")
        }
        return lines.joined(separator: "\n")
    }

    /// A table cell: `|` escaped.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }

    /// `text` in a fenced `text` block, its fence longer than any run of backticks inside.
    static func fenced(_ text: String) -> String {
        let fence = String(repeating: "`", count: max(3, longestRun(of: "`", in: text) + 1))
        return "\(fence)text\n\(text)\n\(fence)"
    }

    /// `text` as inline code, with enough backticks around it.
    static func codeSpan(_ text: String) -> String {
        let ticks = String(repeating: "`", count: longestRun(of: "`", in: text) + 1)
        let pad = text.hasPrefix("`") || text.hasSuffix("`") ? " " : ""
        return ticks + pad + text + pad + ticks
    }

    static func longestRun(of character: Character, in text: String) -> Int {
        var longest = 0, run = 0
        for c in text {
            run = c == character ? run + 1 : 0
            longest = max(longest, run)
        }
        return longest
    }
}
