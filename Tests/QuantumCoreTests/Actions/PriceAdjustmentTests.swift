import Foundation
import QuantumTestSupport
import Testing
@testable import QuantumCore

/// Every basis computed here: splits divide earlier prices by their ratio and multiply volume;
/// cash dividends multiply earlier prices by `1 − D / previous close` (CRSP).
struct PriceAdjustmentTests {
    func day(_ text: String) -> TradingDate { TradingDate(text)! }

    /// README's worked example.
    @Test func theWorkedExample() throws {
        let dates = [day("2020-08-06"), day("2020-08-07"), day("2020-08-28"), day("2020-08-31")]
        let closes: [TradingDate: Double] = [day("2020-08-06"): 455.61]
        let splits = [Split(date: day("2020-08-31"), ratio: SplitRatio(new: 4, old: 1)!)]
        let dividends = [CashDividend(exDate: day("2020-08-07"), amount: 0.82)]
        func closeBefore(_ exDate: TradingDate) -> (date: TradingDate, close: Double)? {
            closes.filter { $0.key < exDate }.max { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
        let split = try PriceAdjustment.factors(
            for: dates, basis: .split, splits: splits, dividends: dividends, closeBefore: closeBefore)
        #expect(split.map(\.price) == [0.25, 0.25, 0.25, 1])
        #expect(split.map(\.volume) == [4, 4, 4, 1])
        let both = try PriceAdjustment.factors(
            for: dates, basis: .splitDividend, splits: splits, dividends: dividends, closeBefore: closeBefore)
        #expect(abs(455.61 * both[0].price - 113.6975) < 0.00005)
        #expect(both[1].price == 0.25 && both[3] == .one)
        #expect(both.map(\.volume) == [4, 4, 4, 1])
        #expect(
            try PriceAdjustment.factors(
                for: dates, basis: .raw, splits: splits, dividends: dividends, closeBefore: closeBefore
            ).allSatisfy { $0 == .one })
    }

    /// A reverse split multiplies earlier prices; a split on a dividend's ex-date puts the
    /// declared amount (new shares) and the previous close (old shares) on one basis.
    @Test func reverseSplitsAndASplitOnTheExDate() throws {
        let dates = [day("2024-01-02"), day("2024-01-03")]
        let reverse = [Split(date: day("2024-01-03"), ratio: SplitRatio(new: 1, old: 10)!)]
        let factors = try PriceAdjustment.factors(
            for: dates, basis: .split, splits: reverse, dividends: [], closeBefore: { _ in nil })
        #expect(factors.map(\.price) == [10, 1] && factors.map(\.volume) == [0.1, 1])
        // 2-for-1 on the ex-date; 1.00 declared per new share against a 100.00 close per old share
        // (50.00 per new share): 1 − 1/50.
        let both = try PriceAdjustment.factors(
            for: dates, basis: .splitDividend,
            splits: [Split(date: day("2024-01-03"), ratio: SplitRatio(new: 2, old: 1)!)],
            dividends: [CashDividend(exDate: day("2024-01-03"), amount: 1)],
            closeBefore: { _ in (self.day("2024-01-02"), 100) })
        #expect(abs(both[0].price - 0.5 * 0.98) < 1e-15)
    }

    /// A dividend after the first bar needs the close before its ex-date: without it the basis
    /// cannot be honoured.
    @Test func aMissingCloseIsAnError() {
        #expect(throws: PriceAdjustment.MissingClose(exDate: day("2024-05-09"))) {
            try PriceAdjustment.factors(
                for: [day("2024-01-02")], basis: .splitDividend, splits: [],
                dividends: [CashDividend(exDate: day("2024-05-09"), amount: 1.67)], closeBefore: { _ in nil })
        }
    }

    /// The oracle: EODHD's recorded `adjusted_close` for AAPL 2018-01-02…2019-10-02 (CRSP style,
    /// four decimals) is the raw close times our factor on all 441 days, from the seven recorded
    /// ex-dates and amounts, within two parts in a million (EODHD rounds along its chain). The
    /// other convention (Alpha Vantage's `C_ex / (C_ex + D)`) is off by ~5e-5 per dividend.
    @Test(.enabled(if: Fixtures.available)) func eodhdAdjustedCloseIsReproduced() throws {
        let bars = String(
            decoding: try Fixtures.bytes("eodhd", "actions/confinale_eod_AAPL.US_2018-01-01_2019-10-02_fmt_csv.csv"),
            as: UTF8.self
        )
        .split(separator: "\n").dropFirst().map { $0.split(separator: ",") }.filter { $0.count == 7 }
        let dates = bars.map { TradingDate($0[0])! }
        let closes = bars.map { Double($0[4])! }
        let adjusted = bars.map { Double($0[5])! }
        let dividends = String(
            decoding: try Fixtures.bytes("eodhd", "actions/confinale_div_AAPL.US_from_2000-01-01_fmt_csv_2019-10.csv"),
            as: UTF8.self
        )
        .split(separator: "\n").dropFirst().map { $0.split(separator: ",") }.filter { $0.count == 2 }
        .compactMap { row in TradingDate(row[0]).map { CashDividend(exDate: $0, amount: Double(row[1])!) } }
        let factors = try PriceAdjustment.factors(
            for: dates, basis: .splitDividend, splits: [], dividends: dividends,
            closeBefore: { exDate in
                guard let index = dates.lastIndex(where: { $0 < exDate }) else { return nil }
                return (dates[index], closes[index])
            })
        #expect(dates.count == 441)
        #expect(dividends.filter { $0.exDate > dates[0] }.count == 7)
        let worst = zip(zip(closes, factors), adjusted).map { abs($0.0 * $0.1.price - $1) / $1 }.max()!
        #expect(worst <= 2e-6, "worst relative difference \(worst)")
    }
}

/// The factors worked out once per run of bars between two events are, to the bit, the fold
/// over each bar's later events oldest first (the definition), for generated ledgers: splits
/// given out of order, dividends before, within and after the bars, events on a bar's date.
struct FactorFoldTests {
    @Test func factorsAreTheFoldOverEachBarsLaterEvents() throws {
        var generator = SystemRandomNumberGenerator()
        let start = TradingDate("2000-01-03")!
        for _ in 0..<300 {
            let dates = (0..<Int.random(in: 1...60, using: &generator)).map { start.adding(days: $0 * 2) }
            func anyDay() -> TradingDate { start.adding(days: Int.random(in: -20...140, using: &generator)) }
            let ratios = [(2.0, 1.0), (3, 2), (1, 10), (7, 1), (5, 4)]
            let splits = (0..<Int.random(in: 0...4, using: &generator)).map { _ in
                let (new, old) = ratios.randomElement(using: &generator)!
                return Split(date: anyDay(), ratio: SplitRatio(new: new, old: old)!)
            }
            let dividends = (0..<Int.random(in: 0...6, using: &generator)).map { _ in
                CashDividend(exDate: anyDay(), amount: Double.random(in: 0.01...3, using: &generator))
            }
            func closeBefore(_ exDate: TradingDate) -> (date: TradingDate, close: Double)? {
                (exDate.adding(days: -1), 50 + Double(exDate.days(to: start) % 17))
            }
            let sorted = splits.sorted { $0.date < $1.date }
            func splitFold(_ day: TradingDate) -> Double {
                sorted.reduce(1.0) { $1.date > day ? $0 / $1.ratio.value : $0 }
            }
            let steps = dividends.filter { $0.exDate > dates[0] }.sorted { $0.exDate < $1.exDate }.map { dividend in
                let previous = closeBefore(dividend.exDate)!
                let step =
                    1 - dividend.amount * splitFold(dividend.exDate) / (previous.close * splitFold(previous.date))
                return (exDate: dividend.exDate, step: step)
            }
            let both = try PriceAdjustment.factors(
                for: dates, basis: .splitDividend, splits: splits, dividends: dividends, closeBefore: closeBefore)
            let split = PriceAdjustment.splitFactors(for: dates, splits: splits)
            for (at, day) in dates.enumerated() {
                let dividend = steps.reduce(1.0) { $1.exDate > day ? $0 * $1.step : $0 }
                #expect(both[at].price.bitPattern == (splitFold(day) * dividend).bitPattern, "\(day)")
                #expect(both[at].volume.bitPattern == (1 / splitFold(day)).bitPattern, "\(day)")
                #expect(split[at].price.bitPattern == splitFold(day).bitPattern, "\(day)")
            }
        }
    }
}

/// The table-driven rounding to 12 significant digits gives what `log10` and `pow` give, across
/// magnitudes, signs and the powers of ten themselves.
struct SignificantDigitsTests {
    @Test func theTableAgreesWithLog10AndPow() {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = (-20...20).flatMap { n in [pow(10, Double(n)), -pow(10, Double(n))] }
        values += [999.999_999_999_999_9, 0.1 + 0.2, 267.967_000_000_000_04, 113.9025, 1e-290, 1e290]
        for _ in 0..<200_000 {
            let exponent = Double.random(in: -30...30, using: &generator)
            values.append((Bool.random(using: &generator) ? 1 : -1) * pow(10, exponent))
        }
        let differing = values.filter {
            PriceAdjustment.significant($0) != PriceAdjustment.significantSlowly($0)
        }
        #expect(differing.isEmpty, "\(differing.prefix(5))")
    }

    /// Rounding without libm rounds as `rounded()` does: a tie away from zero, at every scale a
    /// price meets and past 2^52 (where every double is whole).
    @Test func roundingHalfAwayIsTheStandardLibrarys() {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [
            0, -0.0, 0.5, -0.5, 1.5, 2.5, -2.5, 0.499_999_999_999_999_94, 4_503_599_627_370_495.5, 0x1p52, 0x1p53 + 2,
            -0x1p60, 12_345_678_901.5, 99_999_999_999.5, .leastNonzeroMagnitude,
        ]
        for _ in 0..<200_000 {
            let whole = Double(Int.random(in: -1_000_000_000_000...1_000_000_000_000, using: &generator))
            values.append(whole + [0.5, -0.5, Double.random(in: -1...1, using: &generator)].randomElement()!)
            values.append(Double.random(in: -1e15...1e15, using: &generator))
        }
        let differing = values.filter { PriceAdjustment.roundedHalfAway($0) != $0.rounded() }
        #expect(differing.isEmpty, "\(differing.prefix(5))")
    }
}
