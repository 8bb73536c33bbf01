import Foundation

/// Puts raw (as-traded) bars on a basis, from a ledger's splits and cash dividends, the same way
/// whichever vendor served the bars.
///
/// For a bar dated d:
/// - split factor `S(d)` = the product of `1 / ratio` over the splits dated after d (a split's
///   date is its first session on the new basis). Split-adjusted prices are `raw × S(d)`, volume
///   `raw ÷ S(d)`.
/// - dividend factor `F(d)` = the product over the cash dividends with an ex-date after d of
///   `1 − D / C` (the CRSP convention), where `C` is the raw close of the last session before the
///   ex-date and `D` the amount as declared, both put on one share basis (`D × S(ex)` against
///   `C × S(prev)`: they differ only when a split takes effect on the ex-date). Split-and-dividend
///   adjusted prices are `raw × S(d) × F(d)`; volume is split-adjusted only.
///
/// Worked example: a 4-for-1 split on 2020-08-31 and a 0.82 dividend ex 2020-08-07 whose
/// previous close is 455.61. A 2020-08-06 bar with close 455.61 is 113.9025 split-adjusted
/// (÷4) and 113.9025 × (1 − 0.82 / 455.61) = 113.6975 split-and-dividend adjusted.
public enum PriceAdjustment {
    /// The factors for one bar: its prices are multiplied by `price`, its volume by `volume`.
    public struct Factor: Sendable, Equatable {
        public var price: Double
        public var volume: Double

        public static let one = Factor(price: 1, volume: 1)
    }

    /// A dividend whose adjustment cannot be computed: no raw close of the session before its
    /// ex-date was given.
    public struct MissingClose: Error, Sendable, Equatable {
        public var exDate: TradingDate
    }

    /// The factor for each of `dates` (ascending) on `basis`.
    ///
    /// `closeBefore(exDate)` gives the raw close of the last session before a dividend's
    /// ex-date, and that session's date (from the bars of the series, or from bars read to
    /// adjust it); it is asked only for dividends dated after the first of `dates`, and only on
    /// `split+dividend`. Throws `MissingClose` when it has none.
    public static func factors(
        for dates: [TradingDate], basis: PriceBasis, splits: [Split], dividends: [CashDividend],
        closeBefore: (TradingDate) -> (date: TradingDate, close: Double)?
    ) throws(MissingClose) -> [Factor] {
        guard basis != .raw, let first = dates.first else { return dates.map { _ in .one } }
        let splits = splits.sorted { $0.date < $1.date }
        func splitFactor(_ day: TradingDate) -> Double {
            splits.reduce(1) { $1.date > day ? $0 / $1.ratio.value : $0 }
        }
        // (ex-date, 1 − D/C) for every dividend that reaches a bar, oldest first.
        var steps: [(exDate: TradingDate, factor: Double)] = []
        if basis == .splitDividend {
            for dividend in dividends.filter({ $0.exDate > first }).sorted(by: { $0.exDate < $1.exDate }) {
                guard let previous = closeBefore(dividend.exDate), previous.close > 0 else {
                    throw MissingClose(exDate: dividend.exDate)
                }
                let amount = dividend.amount * splitFactor(dividend.exDate)
                let close = previous.close * splitFactor(previous.date)
                steps.append((dividend.exDate, 1 - amount / close))
            }
        }
        let split = perDay(dates, splits, dated: \.date) { $0 / $1.ratio.value }
        let dividend = perDay(dates, steps, dated: \.exDate) { $0 * $1.factor }
        return zip(split, dividend).map { Factor(price: $0 * $1, volume: 1 / $0) }
    }

    /// The `split` factors for `dates`: what `factors(for:basis:.split,…)` gives, which needs no
    /// close and so cannot fail.
    public static func splitFactors(for dates: [TradingDate], splits: [Split]) -> [Factor] {
        let splits = splits.sorted { $0.date < $1.date }
        return perDay(dates, splits, dated: \.date) { $0 / $1.ratio.value }.map { Factor(price: $0, volume: 1 / $0) }
    }

    /// For each of `days`: 1 combined by `step` with each of `events` (ascending by date) dated
    /// after the day, oldest first. The events after a day are the tail of `events` from a
    /// binary search, and their product is worked out again only where a day's tail differs from
    /// the day before's (the bars between two events share it), in the same order, so to the bit.
    private static func perDay<Event>(
        _ days: [TradingDate], _ events: [Event], dated date: (Event) -> TradingDate,
        step: (Double, Event) -> Double
    ) -> [Double] {
        var tail = -1
        var product = 1.0
        return days.map { day in
            var lo = 0
            var hi = events.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if date(events[mid]) > day { hi = mid } else { lo = mid + 1 }
            }
            if lo != tail {
                tail = lo
                product = events[lo...].reduce(1.0, step)
            }
            return product
        }
    }

    /// `candles` (raw, ascending) on `basis`; the adjusted close replaces nothing else. Values
    /// are kept to 12 significant digits (a split undone and done again gives back 267.967, not
    /// 267.96700000000004), far inside any vendor's precision.
    public static func apply(_ factors: [Factor], to candles: [Candle]) -> [Candle] {
        var adjusted = Array(candles.prefix(factors.count))
        for (at, factor) in zip(adjusted.indices, factors) where factor.price != 1 || factor.volume != 1 {
            adjusted[at] = scaled(adjusted[at], price: factor.price, volume: factor.volume)
        }
        return adjusted
    }

    /// `candle` with its prices multiplied by `price`, each kept to 12 significant digits, and its
    /// volume by `volume`, to the whole share (a 1-for-10 split's tenth of an odd volume is not a
    /// share anyone traded; Parquet's `volume` is an integer column).
    static func scaled(_ candle: Candle, price: Double, volume: Double) -> Candle {
        var scaled = candle
        scaled.open = significant(candle.open * price)
        scaled.high = significant(candle.high * price)
        scaled.low = significant(candle.low * price)
        scaled.close = significant(candle.close * price)
        scaled.volume = roundedHalfAway(candle.volume * volume)
        scaled.vwap = candle.vwap.map { significant($0 * price) }
        return scaled
    }

    /// `value` to 12 significant digits: `(value × 10^(11 − d)).rounded() / 10^(11 − d)`, `d` the
    /// decimal exponent (`floor(log10 |value|)`), found from the binary exponent's bits and
    /// literal powers of ten for |d| ≤ 11 (every price and factor; five prices a bar, on every
    /// adjusted bar: `log10` and `pow` each time cost more than the rest of the adjustment).
    @inline(__always)
    static func significant(_ value: Double) -> Double {
        let magnitudeBits = value.bitPattern & 0x7fff_ffff_ffff_ffff
        let biased = Int(truncatingIfNeeded: magnitudeBits >> 52)
        // Zero, subnormals, infinities and NaN: the exponent bits are all 0 or all 1.
        guard biased != 0, biased != 0x7ff else {
            return value.isFinite && value != 0 ? significantSlowly(value) : value
        }
        // ⌊log10(2) × e⌋ for the binary exponent e, in integers (78,913 / 2^18 ≈ log10 2, exact
        // for |e| < 1,650): the decimal exponent or one less.
        var decimal = ((biased - 1023) * 78_913) >> 18
        guard decimal >= -10, decimal <= 10 else { return significantSlowly(value) }
        let magnitude = Double(bitPattern: magnitudeBits)
        if magnitude >= PowerOfTen.of(decimal + 1) {
            decimal += 1
        } else if magnitude < PowerOfTen.of(decimal) {
            decimal -= 1
        }
        let scale = PowerOfTen.of(11 - decimal)
        return roundedHalfAway(value * scale) / scale
    }

    /// `x.rounded()` (to the nearest integer, a tie away from zero) without a call into libm:
    /// adding and taking away 2^52 rounds to the nearest (a tie to even) in the FPU, and a tie
    /// that went down is moved up.
    static func roundedHalfAway(_ x: Double) -> Double {
        let magnitude = abs(x)
        guard magnitude < 0x1p52 else { return x }
        var rounded = (magnitude + 0x1p52) - 0x1p52
        if rounded - magnitude == -0.5 { rounded += 1 }
        return x < 0 ? -rounded : rounded
    }

    /// `significant` by `log10` and `pow`, for magnitudes beyond the table.
    static func significantSlowly(_ value: Double) -> Double {
        let scale = pow(10, 11 - floor(log10(abs(value))))
        let rounded = (value * scale).rounded() / scale
        return rounded.isFinite ? rounded : value
    }
}
