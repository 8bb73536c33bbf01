import Foundation
import QuantumCore

/// A close-price line chart in braille (each character cell holds 2 × 4 dots), with a price axis
/// on the left and dates below, sized to the columns it is given.
enum ChartRenderer {
    static let defaultHeight = 14

    static func render(_ result: FetchResult, width: Int, height: Int = defaultHeight, style: TextStyle = .plain)
        -> String
    {
        let state = result.wasCancelled ? "cancelled" : result.ok ? "no data" : "failed"
        let title =
            "\(result.ticker) close · "
            + (result.source.map { "\($0.rawValue) \(result.basis?.rawValue ?? "")" } ?? state)
        let closes = result.candles.map(\.close).filter(\.isFinite)
        guard closes.count >= 2, let first = result.candles.first, let last = result.candles.last,
            let low = closes.min(), let high = closes.max()
        else {
            if let why = result.whyNoCandles { return "\(title)\n  no candles: \(why)" }
            return "\(title)\n  (too few candles to chart: \(result.candles.count))"
        }

        let decimals = high < 1 ? 4 : 2
        let labels = [high, (high + low) / 2, low].map { String(format: "%.\(decimals)f", $0) }
        let labelWidth = labels.map(\.count).max() ?? 0
        let plotColumns = max(10, width - labelWidth - 3)
        let dotsX = plotColumns * 2, dotsY = height * 4
        let span = high - low

        // The dot row of each x position (0 = top): the series read at evenly spaced positions,
        // interpolated between bars when there are fewer bars than dots.
        let ys: [Int] = (0..<dotsX).map { x in
            let position = Double(x) * Double(closes.count - 1) / Double(dotsX - 1)
            let left = Int(position.rounded(.down)), right = min(closes.count - 1, left + 1)
            let value = closes[left] + (closes[right] - closes[left]) * (position - Double(left))
            let fraction = span > 0 ? (value - low) / span : 0.5
            return min(dotsY - 1, max(0, Int(((1 - fraction) * Double(dotsY - 1)).rounded())))
        }
        var grid = [[UInt8]](repeating: [UInt8](repeating: 0, count: plotColumns), count: height)
        func plot(_ x: Int, _ y: Int) {
            // Braille dot bits: left column 0,1,2,6 and right column 3,4,5,7, top to bottom.
            let bits: [UInt8] = x % 2 == 0 ? [0x01, 0x02, 0x04, 0x40] : [0x08, 0x10, 0x20, 0x80]
            grid[y / 4][x / 2] |= bits[y % 4]
        }
        for x in 0..<dotsX {
            // Join each point to the previous one so steep moves stay a line.
            let from = x == 0 ? ys[0] : ys[x - 1], to = ys[x]
            for y in min(from, to)...max(from, to) { plot(x, y) }
        }

        // The heading fits the width too: what does not is cut, from the end.
        let dates = TextRenderer.shorten(
            " · \(first.date) … \(last.date) · \(result.candles.count) bars", max(1, width - title.count))
        var lines = [
            style.paint(TextRenderer.shorten(title, width), .bold)
                + (title.count < width ? style.paint(dates, .dim) : "")
        ]
        for row in 0..<height {
            let label: String
            switch row {
            case 0: label = labels[0]
            case height / 2: label = labels[1]
            case height - 1: label = labels[2]
            default: label = ""
            }
            let dots = String(String.UnicodeScalarView(grid[row].map { Unicode.Scalar(0x2800 + UInt32($0))! }))
            lines.append(
                String(repeating: " ", count: labelWidth - label.count) + label + " ┤" + style.paint(dots, .cyan))
        }
        lines.append(String(repeating: " ", count: labelWidth) + " └" + String(repeating: "─", count: plotColumns))
        lines.append(String(repeating: " ", count: labelWidth + 2) + axis(result.candles, columns: plotColumns))
        return lines.joined(separator: "\n")
    }

    /// First, middle and last dates spread under the plot.
    private static func axis(_ candles: [Candle], columns: Int) -> String {
        let first = candles[0].date.description, last = candles[candles.count - 1].date.description
        let middle = candles[candles.count / 2].date.description
        guard columns >= first.count * 3 + 4 else {
            return first + String(repeating: " ", count: max(1, columns - first.count - last.count)) + last
        }
        let left = (columns - middle.count) / 2 - first.count
        let right = columns - first.count - max(0, left) - middle.count - last.count
        return first + String(repeating: " ", count: max(1, left)) + middle
            + String(repeating: " ", count: max(1, right)) + last
    }
}
