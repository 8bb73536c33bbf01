/// Turns a source's decoded candles into a result's series: ascending, one bar per date, within
/// the requested range, with every integrity problem reported, never repaired.
public enum CandleSeries {
    public static func normalize(_ decoded: [Candle], from: TradingDate, to: TradingDate, source: SourceID) -> (
        candles: [Candle], issues: SeriesIssues
    ) {
        let ascending = zip(decoded, decoded.dropFirst()).allSatisfy { $0.date <= $1.date }
        let descending = zip(decoded, decoded.dropFirst()).allSatisfy { $0.date >= $1.date }
        // Of two rows for one date, the one the provider sent later wins (providers append
        // corrections): order by date, then by position in the answer.
        let sorted =
            ascending
            ? decoded
            : decoded.indices.sorted { (decoded[$0].date, $0) < (decoded[$1].date, $1) }.map { decoded[$0] }

        var issues = SeriesIssues(source: source)
        // Newest first is some providers' documented order; anything else is out of order.
        issues.outOfOrder = !ascending && !descending
        var candles: [Candle] = []
        candles.reserveCapacity(sorted.count)
        for candle in sorted where candle.date >= from && candle.date <= to {
            if let last = candles.last, last.date == candle.date {
                issues.duplicates.append(candle.date)
                candles[candles.count - 1] = candle
                continue
            }
            candles.append(candle)
        }
        issues.addIntegrity(of: candles)
        return (candles, issues)
    }
}

/// What was wrong with a source's series as it arrived.
public struct SeriesIssues: Sendable, Equatable {
    public var source: SourceID
    /// Dates that came more than once (the row sent last of each was kept).
    public var duplicates: [TradingDate] = []
    /// Dates neither ascending nor descending.
    public var outOfOrder = false
    public var nonFinite: [TradingDate] = []
    /// High below the open, close or low, or low above the open or close.
    public var highLow: [TradingDate] = []
    public var negativeVolume: [TradingDate] = []
    /// A price at or below zero.
    public var nonPositive: [TradingDate] = []

    public init(source: SourceID) {
        self.source = source
    }

    /// Finite numbers, high ≥ max(open, close, low), low ≤ min(open, close), volume ≥ 0.
    mutating func addIntegrity(of candles: [Candle]) {
        for c in candles {
            if [c.open, c.high, c.low, c.close, c.volume].contains(where: { !$0.isFinite }) {
                nonFinite.append(c.date)
                continue
            }
            if min(c.open, c.high, c.low, c.close) <= 0 {
                nonPositive.append(c.date)
                continue
            }
            if c.high < max(c.open, c.close, c.low) || c.low > min(c.open, c.close) { highLow.append(c.date) }
            if c.volume < 0 { negativeVolume.append(c.date) }
        }
    }

    /// Bars that break a price or volume rule.
    public var integrityViolations: Int { nonFinite.count + nonPositive.count + highLow.count + negativeVolume.count }

    /// One sentence per kind of problem.
    public var warnings: [String] {
        func note(_ dates: [TradingDate], _ what: String) -> String? {
            guard let first = dates.first else { return nil }
            return "\(dates.count) bar(s) with \(what) (first \(first))"
        }
        return [
            duplicates.first.map {
                "\(source.rawValue) sent \(duplicates.count) date(s) twice (first \($0)); kept the row sent later, as "
                    + "providers append corrections"
            },
            outOfOrder ? "\(source.rawValue) sent its bars out of order; sorted by date" : nil,
            note(nonFinite, "a non-finite number"),
            note(nonPositive, "a price at or below zero"),
            note(highLow, "high or low outside the bar's range"),
            note(negativeVolume, "negative volume"),
        ].compactMap { $0 }
    }
}
