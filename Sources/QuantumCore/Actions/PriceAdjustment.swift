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
            for dividend in dividends.sorted(by: { $0.exDate < $1.exDate }) where dividend.exDate > first {
                guard let previous = closeBefore(dividend.exDate), previous.close > 0 else {
                    throw MissingClose(exDate: dividend.exDate)
                }
                let amount = dividend.amount * splitFactor(dividend.exDate)
                let close = previous.close * splitFactor(previous.date)
                steps.append((dividend.exDate, 1 - amount / close))
            }
        }
        return dates.map { day in
            let split = splitFactor(day)
            let dividend = steps.reduce(1.0) { $1.exDate > day ? $0 * $1.factor : $0 }
            return Factor(price: split * dividend, volume: 1 / split)
        }
    }

    /// The `split` factors for `dates`: what `factors(for:basis:.split,…)` gives, which needs no
    /// close and so cannot fail.
    public static func splitFactors(for dates: [TradingDate], splits: [Split]) -> [Factor] {
        dates.map { day in
            let split = splits.reduce(1.0) { $1.date > day ? $0 / $1.ratio.value : $0 }
            return Factor(price: split, volume: 1 / split)
        }
    }

    /// `candles` (raw, ascending) on `basis`; the adjusted close replaces nothing else. Values
    /// are kept to 12 significant digits (a split undone and done again gives back 267.967, not
    /// 267.96700000000004), far inside any vendor's precision.
    public static func apply(_ factors: [Factor], to candles: [Candle]) -> [Candle] {
        zip(candles, factors).map { candle, factor in
            guard factor != .one else { return candle }
            return scaled(candle, price: factor.price, volume: factor.volume)
        }
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
        scaled.volume = (candle.volume * volume).rounded()
        scaled.vwap = candle.vwap.map { significant($0 * price) }
        return scaled
    }

    /// `value` to 12 significant digits: `(value × 10^(11 − d)).rounded() / 10^(11 − d)`, `d` the
    /// decimal exponent (`floor(log10 |value|)`), found from the binary exponent and a table of
    /// powers of ten (five prices a bar, on every adjusted bar: `log10` and `pow` each time cost
    /// more than the rest of the adjustment).
    static func significant(_ value: Double) -> Double {
        guard value.isFinite, value != 0 else { return value }
        let magnitude = abs(value)
        // ⌊log10(2) × e⌋ for the binary exponent e, in integers (78,913 / 2^18 ≈ log10 2, exact
        // for |e| < 1,650): the decimal exponent or one less.
        var decimal = (Int(magnitude.exponent) * 78_913) >> 18
        guard abs(decimal) < Self.tablePowers - 12 else { return significantSlowly(value) }
        return Self.powersOfTen.withUnsafeBufferPointer { powers in
            let zero = Self.tablePowers
            if magnitude >= powers[zero + decimal + 1] {
                decimal += 1
            } else if magnitude < powers[zero + decimal] {
                decimal -= 1
            }
            let scale = powers[zero + 11 - decimal]
            let rounded = roundedHalfAway(value * scale) / scale
            return rounded.isFinite ? rounded : value
        }
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

    /// 10^n for |n| < `tablePowers` at `powersOfTen[n + tablePowers]`, as `pow` gives it.
    private static let tablePowers = 300
    private static let powersOfTen = (-tablePowers...tablePowers).map { pow(10, Double($0)) }
}
