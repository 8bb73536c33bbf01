import Foundation
import QuantumCore

/// A close-price chart as a standalone SVG document: a price axis on the left, a date axis below,
/// the close line as one `<polyline>` with exactly one point per candle, one `<circle>` marker
/// per candle coloured by the source that served that day, and a shaded band behind every
/// stretch a fallback source served (the whole series after a fallback, or the days another
/// source filled). Numbers are written with fixed decimals, so the same result always gives the
/// same bytes.
enum SVGChart {
    static let width = 800.0
    static let height = 360.0
    /// Plot area inside the margins (price labels left, title above, dates and legend below).
    static let plot = (left: 72.0, top: 40.0, right: 780.0, bottom: 290.0)
    /// Source colours in the registry's order.
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2"]
    static let fallbackShade = "#fdebd0"
    static let ink = "#333333", axisInk = "#555555", gridInk = "#e5e5e5", bandEdge = "#c8a165"

    /// The SVG text for `result`; a result with no finite close draws axes and says so.
    static func render(_ result: FetchResult) -> String {
        let sources = result.candleSources
        let served = zip(result.candles, sources).filter { $0.0.close.isFinite }
        let closes = served.map(\.0.close)
        var out = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<svg xmlns="http://www.w3.org/2000/svg" width="800" height="360" viewBox="0 0 800 360" "#
                + #"font-family="sans-serif" font-size="11">"#,
            "<title>\(escape(title(result)))</title>",
            #"<rect x="0" y="0" width="800" height="360" fill="white"/>"#,
            #"<text x="\#(plot.left)" y="22" font-size="14" font-weight="bold">\#(escape(title(result)))</text>"#,
        ]
        guard let low = closes.min(), let high = closes.max() else {
            out.append(#"<text x="400" y="165" text-anchor="middle">no candles to chart</text>"#)
            out += axes()
            out.append("</svg>")
            return out.joined(separator: "\n") + "\n"
        }
        let pad = high > low ? (high - low) * 0.05 : max(abs(high) * 0.01, 0.01)
        let scale = Scale(low: low - pad, high: high + pad, count: served.count)

        let shaded = bands(served.map(\.1), result: result, scale: scale)
        out += shaded
        out += axes()
        out += priceTicks(scale)
        out += dateTicks(served.map(\.0.date), scale: scale)
        out += splitMarks(result, dates: served.map(\.0.date), scale: scale)
        let points = closes.enumerated().map { "\(fixed(scale.x($0.offset))),\(fixed(scale.y($0.element)))" }
        out.append(
            #"<polyline class="close" fill="none" stroke="\#(ink)" stroke-width="1.5" points="\#(points.joined(separator: " "))"/>"#
        )
        for (index, (candle, source)) in served.enumerated() {
            let name = source?.rawValue ?? "unknown"
            out.append(
                #"<circle class="candle" cx="\#(fixed(scale.x(index)))" cy="\#(fixed(scale.y(candle.close)))" r="2.5" "#
                    + #"fill="\#(color(source))" data-date="\#(candle.date)" data-source="\#(name)">"#
                    + "<title>\(candle.date) close \(TextRenderer.price(candle.close)) via \(name)</title></circle>")
        }
        out += legend(Array(Set(served.compactMap(\.1))).sorted(), fallback: !shaded.isEmpty)
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    /// `AAPL close · 2024-03-01 … 2024-03-28 · 19 candles · polygon adjusted · simulated`.
    static func title(_ result: FetchResult) -> String {
        var parts = ["\(result.ticker) close"]
        if let first = result.candles.first, let last = result.candles.last {
            parts.append("\(first.date) … \(last.date)")
        }
        parts.append(TextRenderer.count(result.candles.count, "candle"))
        parts.append(result.source.map { "\($0.rawValue) \(result.basis?.rawValue ?? "")" } ?? "no data")
        if result.simulated { parts.append("simulated") }
        return parts.joined(separator: " · ")
    }

    /// Maps candle positions and prices to the plot area.
    struct Scale {
        var low: Double, high: Double, count: Int

        func x(_ index: Int) -> Double {
            let span = plot.right - plot.left
            return count <= 1 ? (plot.left + plot.right) / 2 : plot.left + span * Double(index) / Double(count - 1)
        }

        func y(_ price: Double) -> Double {
            plot.bottom - (plot.bottom - plot.top) * (price - low) / (high - low)
        }

        /// Half the distance between two candles, for bands that cover whole days.
        var halfStep: Double { count <= 1 ? 8 : (plot.right - plot.left) / Double(count - 1) / 2 }
    }

    /// A shaded band behind each run of candles served by a fallback: every day when the serving
    /// source was not the first one asked, and the days another source filled.
    static func bands(_ sources: [SourceID?], result: FetchResult, scale: Scale) -> [String] {
        var out: [String] = []
        var start = 0
        while start < sources.count {
            var end = start
            while end + 1 < sources.count, sources[end + 1] == sources[start] { end += 1 }
            let source = sources[start]
            let fallback = source != result.source || result.isFallback
            if fallback, let source {
                let left = max(plot.left, scale.x(start) - scale.halfStep)
                let right = min(plot.right, scale.x(end) + scale.halfStep)
                let why = source == result.source ? "served after a fallback" : "filled"
                out.append(
                    #"<rect class="fallback" x="\#(fixed(left))" y="\#(plot.top)" width="\#(fixed(right - left))" "#
                        + #"height="\#(plot.bottom - plot.top)" fill="\#(fallbackShade)" data-source="\#(source.rawValue)">"#
                        + "<title>\(source.rawValue): \(end - start + 1) day(s) \(why)</title></rect>")
            }
            start = end + 1
        }
        return out
    }

    static func axes() -> [String] {
        [
            #"<line class="axis" x1="\#(plot.left)" y1="\#(plot.top)" x2="\#(plot.left)" y2="\#(plot.bottom)" stroke="\#(axisInk)"/>"#,
            #"<line class="axis" x1="\#(plot.left)" y1="\#(plot.bottom)" x2="\#(plot.right)" y2="\#(plot.bottom)" stroke="\#(axisInk)"/>"#,
        ]
    }

    /// Prices at round steps with light grid lines, each label with the decimals its step needs
    /// (18.0, 18.5, 19.0).
    static func priceTicks(_ scale: Scale) -> [String] {
        let (prices, step) = roundTicks(low: scale.low, high: scale.high)
        var decimals = 0
        while decimals < 8, abs(step * pow(10, Double(decimals)) - (step * pow(10, Double(decimals))).rounded()) > 1e-6
        {
            decimals += 1
        }
        return prices.flatMap { price -> [String] in
            let y = fixed(scale.y(price))
            return [
                #"<line class="grid" x1="\#(plot.left)" y1="\#(y)" x2="\#(plot.right)" y2="\#(y)" stroke="\#(gridInk)"/>"#,
                #"<text class="price" x="\#(plot.left - 6)" y="\#(y)" text-anchor="end" dominant-baseline="middle">"#
                    + String(format: "%.\(decimals)f", price) + "</text>",
            ]
        }
    }

    /// The multiples of a round step (1, 2, 2.5 or 5 times a power of ten) between `low` and
    /// `high`: about five of them, never fewer than two.
    static func roundTicks(low: Double, high: Double) -> (prices: [Double], step: Double) {
        let span = high - low
        guard span > 0, span.isFinite else { return ([low], 1) }
        let rough = span / 5
        let magnitude = pow(10, floor(log10(rough)))
        let step = [1, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
        var prices: [Double] = []
        var index = (low / step).rounded(.up)
        while index * step <= high + step * 1e-9 {
            prices.append(index * step)
            index += 1
        }
        return (prices, step)
    }

    /// A dashed line at each split of the ledger that falls among the candles (on its first
    /// session on the new basis), labelled with its ratio, as `quality` names it.
    static func splitMarks(_ result: FetchResult, dates: [TradingDate], scale: Scale) -> [String] {
        (result.adjustment?.events ?? []).flatMap { event -> [String] in
            guard case .split(let split) = event.action, let index = dates.firstIndex(of: split.date) else { return [] }
            let x = fixed(scale.x(index))
            let sources = event.sources.map(\.rawValue).joined(separator: ", ")
            return [
                #"<line class="split" x1="\#(x)" y1="\#(plot.top)" x2="\#(x)" y2="\#(plot.bottom)" stroke="\#(bandEdge)" "#
                    + #"stroke-dasharray="4 3" data-date="\#(split.date)">"#
                    + "<title>\(split.date) \(split.ratio) split (\(sources))</title></line>",
                #"<text class="split" x="\#(x)" y="\#(plot.top - 4)" text-anchor="middle">\#(split.ratio) split</text>"#,
            ]
        }
    }

    /// Up to six dates spread along the axis, first and last included.
    static func dateTicks(_ dates: [TradingDate], scale: Scale) -> [String] {
        let count = min(6, dates.count)
        let indices = count <= 1 ? [0] : (0..<count).map { $0 * (dates.count - 1) / (count - 1) }
        return indices.flatMap { index -> [String] in
            let x = fixed(scale.x(index))
            // The last label ends at its tick, so it stays inside the picture.
            let anchor = index == dates.count - 1 && dates.count > 1 ? "end" : index == 0 ? "start" : "middle"
            return [
                #"<line class="tick" x1="\#(x)" y1="\#(plot.bottom)" x2="\#(x)" y2="\#(plot.bottom + 5)" stroke="\#(axisInk)"/>"#,
                #"<text class="date" x="\#(x)" y="\#(plot.bottom + 18)" text-anchor="\#(anchor)">\#(dates[index])</text>"#,
            ]
        }
    }

    /// A swatch per source that served a day, and the fallback shade when any band is drawn.
    static func legend(_ sources: [SourceID], fallback: Bool) -> [String] {
        var out: [String] = []
        var x = plot.left
        for source in sources {
            let label = "served by \(source.rawValue)"
            out.append(#"<rect x="\#(fixed(x))" y="322" width="10" height="10" fill="\#(color(source))"/>"#)
            out.append(#"<text x="\#(fixed(x + 14))" y="331">\#(label)</text>"#)
            x += 14 + 6.5 * Double(label.count) + 20  // about 6.5 px a character at 11 px
        }
        if fallback {
            out.append(
                #"<rect x="\#(fixed(x))" y="322" width="10" height="10" fill="\#(fallbackShade)" stroke="\#(bandEdge)"/>"#
            )
            out.append(#"<text x="\#(fixed(x + 14))" y="331">fallback-served days</text>"#)
        }
        return out
    }

    static func color(_ source: SourceID?) -> String {
        guard let source, let index = ProviderRegistry.names.firstIndex(of: source.rawValue) else { return "#777777" }
        return palette[index % palette.count]
    }

    static func fixed(_ value: Double) -> String {
        String(format: "%.1f", value)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
