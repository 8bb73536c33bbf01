import Foundation
import QuantumCore

/// A close-price chart as a standalone SVG document: a price axis on the left, a date axis below,
/// the close line as one `<polyline>` with exactly one point per candle, one `<circle>` marker
/// per candle coloured by the source that served that day, and a shaded band behind every
/// stretch a fallback source served (the whole series after a fallback, or the days another
/// source filled). Numbers are written with fixed decimals, so the same result always gives the
/// same bytes.
enum SVGChart {
    /// The picture's size in pixels when `chart --svg` is given no `--width`/`--height`.
    static let defaultSize = Size(width: 800, height: 360)
    /// Source colours in the registry's order.
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2"]
    static let fallbackShade = "#fdebd0"
    static let ink = "#333333", axisInk = "#555555", gridInk = "#e5e5e5", bandEdge = "#c8a165"

    /// A picture's size in pixels and the plot area inside its margins (price labels left,
    /// title above, dates and legend below).
    struct Size {
        var width: Double, height: Double

        var left: Double { 72 }
        var top: Double { 40 }
        var right: Double { width - 36 }
        var bottom: Double { height - 70 }
        /// Where the legend's swatches start.
        var legendTop: Double { height - 38 }
    }

    /// The SVG text for `result`, `size` pixels (default 800 × 360); a result with no finite close
    /// draws axes and says so.
    static func render(_ result: FetchResult, size: Size = defaultSize) -> String {
        let sources = result.candleSources
        let served = zip(result.candles, sources).filter { $0.0.close.isFinite }
        let closes = served.map(\.0.close)
        let (w, h) = (String(Int(size.width)), String(Int(size.height)))
        var out = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<svg xmlns="http://www.w3.org/2000/svg" width="\#(w)" height="\#(h)" viewBox="0 0 \#(w) \#(h)" "#
                + #"font-family="sans-serif" font-size="11">"#,
            "<title>\(escape(title(result)))</title>",
            #"<rect x="0" y="0" width="\#(w)" height="\#(h)" fill="white"/>"#,
            #"<text x="\#(size.left)" y="22" font-size="14" font-weight="bold">\#(escape(title(result)))</text>"#,
        ]
        guard let low = closes.min(), let high = closes.max() else {
            out.append(
                #"<text x="\#(fixed(size.width / 2))" y="\#(fixed((size.top + size.bottom) / 2))" "#
                    + #"text-anchor="middle">no candles to chart</text>"#)
            out += axes(size)
            out.append("</svg>")
            return out.joined(separator: "\n") + "\n"
        }
        let pad = high > low ? (high - low) * 0.05 : max(abs(high) * 0.01, 0.01)
        let scale = Scale(low: low - pad, high: high + pad, count: served.count, size: size)

        let shaded = bands(served.map(\.1), result: result, scale: scale)
        out += shaded
        out += axes(size)
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
        out += legend(Array(Set(served.compactMap(\.1))).sorted(), fallback: !shaded.isEmpty, size: size)
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
        var size: Size

        func x(_ index: Int) -> Double {
            let span = size.right - size.left
            return count <= 1 ? (size.left + size.right) / 2 : size.left + span * Double(index) / Double(count - 1)
        }

        func y(_ price: Double) -> Double {
            size.bottom - (size.bottom - size.top) * (price - low) / (high - low)
        }

        /// Half the distance between two candles, for bands that cover whole days.
        var halfStep: Double { count <= 1 ? 8 : (size.right - size.left) / Double(count - 1) / 2 }
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
                let plot = scale.size
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

    static func axes(_ plot: Size) -> [String] {
        [
            #"<line class="axis" x1="\#(plot.left)" y1="\#(plot.top)" x2="\#(plot.left)" y2="\#(plot.bottom)" stroke="\#(axisInk)"/>"#,
            #"<line class="axis" x1="\#(plot.left)" y1="\#(plot.bottom)" x2="\#(plot.right)" y2="\#(plot.bottom)" stroke="\#(axisInk)"/>"#,
        ]
    }

    /// Prices at round steps with light grid lines, each label with the decimals its step needs
    /// (18.0, 18.5, 19.0).
    static func priceTicks(_ scale: Scale) -> [String] {
        let plot = scale.size
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
            let plot = scale.size
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

    /// Ticks at round dates: the first session of each week, month, quarter, half-year or year (a
    /// multiple of years for long series), whichever gives about six; each labelled as its step
    /// needs (`2024-03-04`, `2024-03`, `2024`).
    static func dateTicks(_ dates: [TradingDate], scale: Scale) -> [String] {
        let plot = scale.size
        return roundDates(dates).flatMap { tick -> [String] in
            let x = fixed(scale.x(tick.index))
            return [
                #"<line class="tick" x1="\#(x)" y1="\#(plot.bottom)" x2="\#(x)" y2="\#(plot.bottom + 5)" stroke="\#(axisInk)"/>"#,
                #"<text class="date" x="\#(x)" y="\#(plot.bottom + 18)" text-anchor="middle">\#(tick.label)</text>"#,
            ]
        }
    }

    /// The positions among `dates` (ascending sessions) where a round period begins, with labels:
    /// the finest step of weeks, months (1, 2, 3, 6) or years (1, 2, 5, 10, 20, 50) that gives at
    /// most seven ticks. A period's tick is its first session, so no tick falls off the series.
    static func roundDates(_ dates: [TradingDate]) -> [(index: Int, label: String)] {
        guard let first = dates.first, let last = dates.last, first < last else {
            return dates.first.map { [(0, "\($0)")] } ?? []
        }
        let span = Double(first.days(to: last))
        enum Step { case weeks(Int), months(Int), years(Int) }
        let weeks: [(Step, Double)] = [(.weeks(1), 7), (.weeks(2), 14)]
        let months: [(Step, Double)] = [1, 2, 3, 6].map { n in (Step.months(n), 30.44 * Double(n)) }
        let years: [(Step, Double)] = [1, 2, 5, 10, 20, 50].map { n in (Step.years(n), 365.25 * Double(n)) }
        let steps = weeks + months + years
        let step = steps.first { span / $0.1 <= 6 }?.0 ?? .years(100)
        var ticks: [(index: Int, label: String)] = []
        var lastPeriod: Int?
        for (index, date) in dates.enumerated() {
            let (year, month, _) = date.parts
            let period: Int
            let label: String
            switch step {
            case .weeks(let n):
                // Weeks counted from a Monday (1970-01-05 is day 4 after the epoch).
                period = (Int(date.daysSinceEpoch) - 4).floorDivided(by: 7 * n)
                label = "\(date)"
            case .months(let n):
                period = (year * 12 + month - 1).floorDivided(by: n)
                label = String(format: "%04d-%02d", year, month)
            case .years(let n):
                period = year.floorDivided(by: n)
                label = String(format: "%04d", year)
            }
            // The series' first session starts a tick only when it opens its period.
            if period != lastPeriod, lastPeriod != nil || isPeriodStart(date, step: step) {
                ticks.append((index, label))
            }
            lastPeriod = period
        }
        // A series too short for two round places still shows where it starts and ends.
        return ticks.count < 2 ? [(0, "\(first)"), (dates.count - 1, "\(last)")] : ticks

        func isPeriodStart(_ date: TradingDate, step: Step) -> Bool {
            let (year, month, day) = date.parts
            switch step {
            case .weeks(let n):
                return Int(date.daysSinceEpoch) - 4 - 7 * n * (Int(date.daysSinceEpoch) - 4).floorDivided(by: 7 * n) < 3
            case .months(let n): return (month - 1) % n == 0 && day <= 3
            case .years(let n): return year % n == 0 && month == 1 && day <= 4
            }
        }
    }

    /// A swatch per source that served a day, and the fallback shade when any band is drawn.
    static func legend(_ sources: [SourceID], fallback: Bool, size: Size) -> [String] {
        var out: [String] = []
        var x = size.left
        let top = fixed(size.legendTop), baseline = fixed(size.legendTop + 9)
        for source in sources {
            let label = "served by \(source.rawValue)"
            out.append(#"<rect x="\#(fixed(x))" y="\#(top)" width="10" height="10" fill="\#(color(source))"/>"#)
            out.append(#"<text x="\#(fixed(x + 14))" y="\#(baseline)">\#(label)</text>"#)
            x += 14 + 6.5 * Double(label.count) + 20  // about 6.5 px a character at 11 px
        }
        if fallback {
            out.append(
                #"<rect x="\#(fixed(x))" y="\#(top)" width="10" height="10" fill="\#(fallbackShade)" stroke="\#(bandEdge)"/>"#
            )
            out.append(#"<text x="\#(fixed(x + 14))" y="\#(baseline)">fallback-served days</text>"#)
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
