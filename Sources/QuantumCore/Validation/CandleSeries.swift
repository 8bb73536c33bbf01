/// Turns a source's decoded candles into a result's series: ascending, one bar per date, within
/// the requested range, with every integrity problem reported as a warning, never repaired.
public enum CandleSeries {
    public static func normalize(_ decoded: [Candle], from: TradingDate, to: TradingDate, source: SourceID) -> (candles: [Candle], warnings: [String]) {
        var warnings: [String] = []
        var inOrder = true
        for i in decoded.indices.dropFirst() where decoded[i].date < decoded[i - 1].date {
            inOrder = false
            break
        }
        let sorted = inOrder ? decoded : decoded.sorted { $0.date < $1.date }

        var candles: [Candle] = []
        candles.reserveCapacity(sorted.count)
        var duplicates: [TradingDate] = []
        for candle in sorted where candle.date >= from && candle.date <= to {
            if let last = candles.last, last.date == candle.date {
                duplicates.append(candle.date)
                continue
            }
            candles.append(candle)
        }
        if !duplicates.isEmpty {
            warnings.append("\(source.rawValue) sent \(duplicates.count) duplicate bar(s) (first \(duplicates[0])); kept the first of each date")
        }
        warnings.append(contentsOf: integrityWarnings(candles))
        return (candles, warnings)
    }

    /// Finite numbers, high ≥ max(open, close, low), low ≤ min(open, close), volume ≥ 0.
    static func integrityWarnings(_ candles: [Candle]) -> [String] {
        var nonFinite: [TradingDate] = [], highLow: [TradingDate] = [], negativeVolume: [TradingDate] = []
        for c in candles {
            let values = [c.open, c.high, c.low, c.close, c.volume]
            if values.contains(where: { !$0.isFinite }) {
                nonFinite.append(c.date)
                continue
            }
            if c.high < max(c.open, c.close, c.low) || c.low > min(c.open, c.close) { highLow.append(c.date) }
            if c.volume < 0 { negativeVolume.append(c.date) }
        }
        func note(_ dates: [TradingDate], _ what: String) -> String? {
            guard let first = dates.first else { return nil }
            return "\(dates.count) bar(s) with \(what) (first \(first))"
        }
        return [
            note(nonFinite, "a non-finite number"),
            note(highLow, "high or low outside the bar's range"),
            note(negativeVolume, "negative volume"),
        ].compactMap { $0 }
    }
}
