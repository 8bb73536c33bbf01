import Foundation

/// What a vendor's own series says about the ledger: the splits its bars already carry, and the
/// days its adjusted close disagrees with the ledger's dividends. A vendor's adjusted series is
/// evidence to check, never an answer to pass on.
public enum VendorCheck {
    /// The smallest split the bars can be judged on: a ratio at least this far from 1 either way
    /// (a 5-for-4 split moves the overnight gap by 25 %, more than a session usually does).
    public static let judgedRatio = 1.25

    /// Which of `splits` each of the bars (ascending, on `basis` as the vendor declares it)
    /// carries.
    ///
    /// A split the bars straddle is judged by the gap from the close before its date to the
    /// open on it: near 1 the bars are adjusted for it, near `1 / ratio` they are not. A split
    /// the bars do not straddle, or too small to judge, is taken as the declared basis says: raw
    /// bars carry none; a split-adjusted bar carries the splits dated up to the day it was served
    /// (`servedOn`, one day per bar, from the cache; nil: all served today), so bars kept from
    /// before a split are put back on raw without it. Each judgment against the declared basis is
    /// a warning naming the day and the vendor.
    public static func splitsCarried(
        by candles: [Candle], basis: PriceBasis, source: SourceID, splits: [Split], servedOn: [TradingDate]? = nil
    ) -> CarriedSplits {
        var judged: [Bool?] = []
        var warnings: [String] = []
        let declared = basis != .raw
        for split in splits {
            let ratio = split.ratio.value
            guard max(ratio, 1 / ratio) >= judgedRatio,
                let after = candles.firstIndex(where: { $0.date >= split.date }), after > 0,
                candles[after - 1].close > 0, candles[after].open > 0
            else {
                judged.append(nil)
                continue
            }
            let gap = candles[after].open / candles[after - 1].close
            let inBars = abs(log(gap)) < abs(log(gap * ratio))
            if inBars != declared {
                let what = "\(split.date) \(split.ratio) split"
                warnings.append(
                    declared
                        ? "\(source.rawValue)'s \(basis.rawValue)-adjusted bars are not adjusted for the \(what) "
                            + "(they gap ×\(rounded(gap)) at it); its earlier bars were put back on raw without it"
                        : "\(source.rawValue)'s raw bars are already adjusted for the \(what) "
                            + "(no gap at it, ×\(rounded(gap))); its earlier bars were put back on raw with it")
            }
            judged.append(inBars)
        }
        return CarriedSplits(splits: splits, judged: judged, declared: declared, servedOn: servedOn, warnings: warnings)
    }

    /// `ledger` with each split the bars contradict (they gap where it is not, or not where it
    /// is) replaced by another source's version of the same split — the same ratio, dated within
    /// the ledger's match window — that the bars bear out, and a warning per replacement. The
    /// bars are evidence a tie between two sources cannot give: with FMP and EODHD keyed, FMP
    /// dating a split a day early and EODHD's raw bars gapping on EODHD's date, EODHD's is used.
    public static func settledByBars(
        _ ledger: ActionLedger, reports: [ActionReport], candles: [Candle], basis: PriceBasis, source: SourceID
    ) -> (ledger: ActionLedger, warnings: [String]) {
        var settled = ledger
        var warnings: [String] = []
        func bearsOut(_ split: Split) -> Bool {
            let judged = splitsCarried(by: candles, basis: basis, source: source, splits: [split])
            return judged.judged.first.flatMap { $0 } != nil && judged.warnings.isEmpty
        }
        for (index, event) in ledger.events.enumerated() {
            guard case .split(let used) = event.action,
                !splitsCarried(by: candles, basis: basis, source: source, splits: [used]).warnings.isEmpty
            else { continue }
            var versions: [TradingDate: (split: Split, sources: [SourceID])] = [:]
            for report in reports {
                for case .split(let other) in report.actions
                where other.date != used.date && abs(other.date.days(to: used.date)) <= 5
                    && abs(other.ratio.value / used.ratio.value - 1) < 1e-3
                {
                    versions[other.date, default: (other, [])].sources.append(report.source)
                }
            }
            guard
                let better = versions.values.sorted(by: { $0.sources.count > $1.sources.count }).first(where: {
                    bearsOut($0.split)
                })
            else { continue }
            settled.events[index] = LedgerEvent(action: .split(better.split), sources: better.sources)
            for (at, disagreement) in settled.disagreements.enumerated()
            where disagreement.kind == .split && disagreement.date == used.date {
                settled.disagreements[at].date = better.split.date
                settled.disagreements[at].used = CorporateAction.split(better.split).summary
            }
            warnings.append(
                "\(source.rawValue)'s bars bear out the \(used.ratio) split on \(better.split.date) (as "
                    + "\(better.sources.map(\.rawValue).joined(separator: ", ")) date it), not on \(used.date) ("
                    + "\(event.sources.map(\.rawValue).joined(separator: ", "))): \(better.split.date) is used")
        }
        settled.events.sort { $0.action.date < $1.action.date }
        return (settled, warnings)
    }

    /// The days a vendor's split-and-dividend adjusted close (`Candle.adjustedClose`, on raw
    /// bars, ascending) steps otherwise than the ledger says.
    ///
    /// Between two consecutive bars the ledger's step is the product of `1 / ratio` over the
    /// splits and `1 − D / C` over the dividends dated after the first and on or before the
    /// second (`C` the first bar's raw close; the CRSP convention). The vendor's step is its
    /// adjusted ÷ raw close of the first bar over that of the second. They agree within
    /// `1e-4 + 1e-4 / adjusted close` (rounding of the vendor's figures) plus a tenth of each
    /// dividend's own step: vendors that divide by the ex-date close plus the dividend (Alpha
    /// Vantage) differ from CRSP by about a session's move times the dividend yield, far less;
    /// a dividend missed or applied twice differs by the whole step. Stretches where a split
    /// and a dividend meet are not judged (vendors re-base the amount differently).
    public static func adjustedCloseDisagreements(
        _ candles: [Candle], source: SourceID, splits: [Split], dividends: [CashDividend]
    ) -> [String] {
        guard let first = candles.first?.date, let last = candles.last?.date else { return [] }
        var warnings: [String] = []
        // Those dated within the bars (a ledger holds decades of dividends), by date, each walked
        // once alongside the bars (ascending): the events in a step are those dated after its
        // first bar, through its second.
        let splits = splits.filter { $0.date > first && $0.date <= last }.sorted { $0.date < $1.date }
        let dividends = dividends.filter { $0.exDate > first && $0.exDate <= last }.sorted { $0.exDate < $1.exDate }
        var nextSplit = 0
        var nextDividend = 0
        for (a, b) in zip(candles, candles.dropFirst()) {
            while nextSplit < splits.count, splits[nextSplit].date <= a.date { nextSplit += 1 }
            while nextDividend < dividends.count, dividends[nextDividend].exDate <= a.date { nextDividend += 1 }
            guard let adjA = a.adjustedClose, let adjB = b.adjustedClose, a.close > 0, b.close > 0, adjA > 0, adjB > 0
            else { continue }
            let stepSplits = splits[nextSplit...].prefix { $0.date <= b.date }
            let stepDividends = dividends[nextDividend...].prefix { $0.exDate <= b.date }
            if !stepSplits.isEmpty, !stepDividends.isEmpty { continue }
            var expected = stepSplits.reduce(1.0) { $0 / $1.ratio.value }
            var allowance = 1e-4 + 1e-4 / min(adjA, adjB)
            for dividend in stepDividends {
                let step = 1 - dividend.amount / a.close
                expected *= step
                allowance += 0.1 * (1 - step)
            }
            let vendor = (adjA / a.close) / (adjB / b.close)
            guard abs(vendor - expected) > allowance else { continue }
            let events =
                stepDividends.map { "the \(NumberText.shortest($0.amount)) dividend" }
                + stepSplits.map { "the \($0.ratio) split" }
            warnings.append(
                "\(source.rawValue)'s adjusted close steps ×\(rounded(vendor)) into \(b.date) where the ledger gives "
                    + "×\(rounded(expected))"
                    + (events.isEmpty ? " (no event that day)" : " (\(events.joined(separator: ", ")))"))
        }
        return warnings
    }

    private static func rounded(_ value: Double) -> String {
        NumberText.shortest((value * 100_000).rounded() / 100_000)
    }
}

/// The splits a vendor's bars carry, bar by bar (`VendorCheck.splitsCarried`), and so how each
/// bar is put back on raw.
public struct CarriedSplits: Sendable {
    let splits: [Split]
    /// Per split: carried (true) or not by the bars before it, as their gap at its date shows;
    /// nil where the bars cannot show it.
    let judged: [Bool?]
    /// Whether the vendor declares its bars split-adjusted.
    let declared: Bool
    /// The day each bar was served; nil: today.
    let servedOn: [TradingDate]?
    /// The judgments against the declared basis, each naming the day and the vendor.
    public let warnings: [String]

    /// The splits taken as the vendor declares its bars (split-adjusted: carried by the bars
    /// served on or after their date) because the bars cannot show it — dated after the last
    /// bar, or too small to judge — when some bar was served since. Empty for raw bars (they
    /// carry none, whatever is said).
    public var taken: [Split] {
        guard declared else { return [] }
        return zip(splits, judged).filter { split, judged in
            judged == nil && (servedOn.map { $0.contains { $0 >= split.date } } ?? true)
        }.map(\.0)
    }

    /// Whether bar `index` (dated before `splits[split]`) carries that split.
    func carries(_ split: Int, bar index: Int) -> Bool {
        if let judged = judged[split] { return judged }
        return declared && (servedOn.map { splits[split].date <= $0[index] } ?? true)
    }

    /// `candles` (the bars judged) with the adjustment for the splits each carries taken out:
    /// the bars as traded.
    public func raw(_ candles: [Candle]) -> [Candle] {
        var anyCarried = false
        let factors = candles.indices.map { bar in
            var factor = 1.0
            for split in splits.indices where splits[split].date > candles[bar].date && carries(split, bar: bar) {
                factor /= splits[split].ratio.value
                anyCarried = true
            }
            return factor
        }
        guard anyCarried else { return candles }
        return zip(candles, factors).map { candle, factor in
            PriceAdjustment.scaled(candle, price: 1 / factor, volume: factor)
        }
    }
}
