/// Works out a `Comparison` from fetches of one range, each pinned to one source.
///
/// The reference is the first source that served raw (as-traded) prices, else the first that
/// served anything. A split-adjusted series is put on the reference's scale by the factor each
/// stretch of days shows (a split is a run of days with one constant ratio); a lone day off its
/// stretch's ratio is a disagreement, not a split.
enum Comparer {
    static func compare(_ asked: [(source: SourceID, result: FetchResult)], tolerance: (close: Double, volume: Double))
        -> Comparison
    {
        let results = asked.map(\.result)
        let served = results.filter { $0.ok && !$0.candles.isEmpty }
        let reference = served.first { $0.basis == .raw } ?? served.first
        var comparison = Comparison(
            ticker: results.first?.ticker ?? "", from: results.first?.from ?? TradingDate(daysSinceEpoch: 0),
            to: results.first?.to ?? TradingDate(daysSinceEpoch: 0), basis: reference?.basis,
            reference: reference?.source,
            sides: [], disagreements: [], lone: [], agreeing: 0, tolerance: tolerance, results: results)
        var compared: [(SourceID, [TradingDate: Candle])] = []
        let base = Dictionary(reference?.candles.map { ($0.date, $0) } ?? [], uniquingKeysWith: { $1 })
        for (source, result) in asked {
            guard result.source != nil, !result.candles.isEmpty else {
                let why =
                    result.noSession
                    ? "no session in the range" : result.attempts.last.map { $0.outcome.rawValue } ?? "not asked"
                comparison.sides.append(
                    Comparison.Side(source: source, basis: nil, bars: 0, note: "not compared: \(why)"))
                continue
            }
            var side = Comparison.Side(
                source: source, basis: result.basis, bars: result.candles.count, note: nil, warnings: result.warnings)
            var candles = result.candles
            if let reference, source != reference.source, result.basis != reference.basis {
                let (scaled, note) = rescale(candles, to: base)
                candles = scaled
                side.note = note
            }
            compared.append((source, Dictionary(candles.map { ($0.date, $0) }, uniquingKeysWith: { $1 })))
            comparison.sides.append(side)
        }
        comparison.compared = compared.count
        // Cancelled, or fewer than two sources served bars: no day is judged.
        guard let reference, comparison.judged else { return comparison }
        let days = Set(compared.flatMap { $0.1.keys }).sorted()
        for day in days {
            let having = compared.filter { $0.1[day] != nil }.map(\.0)
            if having.count < compared.count {
                comparison.lone.append(Comparison.Lone(date: day, sources: having))
                continue
            }
            guard let ref = base[day] else { continue }
            var agrees = true
            for (source, bars) in compared where source != reference.source {
                guard let bar = bars[day] else { continue }
                for (field, a, b, limit) in [
                    ("close", ref.close, bar.close, tolerance.close),
                    ("volume", ref.volume, bar.volume, tolerance.volume),
                ] {
                    let difference = a == 0 ? (b == 0 ? 0 : 1) : abs(b - a) / abs(a)
                    if difference > limit {
                        agrees = false
                        comparison.disagreements.append(
                            Comparison.Disagreement(
                                date: day, field: field, reference: a, source: source, value: b, difference: difference)
                        )
                    }
                }
            }
            if agrees { comparison.agreeing += 1 }
        }
        for (at, side) in comparison.sides.enumerated() where side.source != reference.source {
            if let said = splitApart(comparison.disagreements.filter { $0.source == side.source }, from: reference) {
                comparison.sides[at].warnings.append(said)
            }
        }
        return comparison
    }

    /// A source whose closes stand at one split ratio to the reference's on three or more
    /// disagreeing days: one of the two series is off by a split (missed, or applied twice) —
    /// said on that source's side, naming the days, rather than left as so many lone differences.
    private static func splitApart(_ disagreements: [Comparison.Disagreement], from reference: FetchResult) -> String? {
        let closes = disagreements.filter { $0.field == "close" && $0.reference > 0 && $0.value > 0 }
        guard closes.count >= 3, let first = closes.first, let last = closes.last else { return nil }
        let ratios = closes.map { $0.value / $0.reference }.sorted()
        let ratio = ratios[ratios.count / 2]
        guard ratios.allSatisfy({ abs($0 / ratio - 1) < 0.01 }),
            let split = QualityReport.splitRatios.first(where: {
                abs(max(ratio, 1 / ratio) / ($0.new / $0.old) - 1) < 0.01
            })
        else { return nil }
        let source = reference.source?.rawValue ?? "the reference"
        return "its closes are ×\(NumberText.shortest((ratio * 10_000).rounded() / 10_000)) \(source)'s on the "
            + "\(closes.count) days that disagree (\(first.date) … \(last.date)): one of the two series is off by a "
            + "\(split.text)-for-\(split.oldText) split (missed, or applied twice); check `actions \(reference.ticker)`"
    }

    /// Puts an adjusted series on the reference's scale: each stretch of at least three days
    /// with one ratio (reference ÷ this) is multiplied by it (volumes divided); a day off its
    /// stretch takes the neighbouring stretch's ratio, so a wrong day stays wrong.
    static func rescale(_ candles: [Candle], to reference: [TradingDate: Candle]) -> ([Candle], String) {
        var runs: [(factor: Double, dates: [TradingDate])] = []
        for candle in candles {
            guard let ref = reference[candle.date], candle.close > 0 else { continue }
            let factor = ref.close / candle.close
            if let last = runs.last, abs(factor / last.factor - 1) < 0.005 {
                runs[runs.count - 1].dates.append(candle.date)
            } else {
                runs.append((factor, [candle.date]))
            }
        }
        let solid = runs.filter { $0.dates.count >= 3 }
        var factorByDate: [TradingDate: Double] = [:]
        for run in runs {
            let factor = run.dates.count >= 3 ? run.factor : nearest(solid, to: run.dates[0]) ?? run.factor
            for date in run.dates { factorByDate[date] = factor }
        }
        let scaled = candles.map { c -> Candle in
            guard let f = factorByDate[c.date] ?? nearest(solid, to: c.date) else { return c }
            var s = c
            s.open *= f
            s.high *= f
            s.low *= f
            s.close *= f
            s.volume /= f
            return s
        }
        let factors = solid.filter { abs($0.factor - 1) > 0.005 }.map { run in
            "×\(NumberText.shortest((run.factor * 1000).rounded() / 1000)) through \(run.dates[run.dates.count - 1])"
        }
        let note =
            factors.isEmpty
            ? "same scale as the reference" : "put on the reference's scale: " + factors.joined(separator: ", ")
        return (scaled, note)
    }

    /// The factor of the solid stretch nearest to `date`.
    private static func nearest(_ runs: [(factor: Double, dates: [TradingDate])], to date: TradingDate) -> Double? {
        runs.min { abs($0.dates[0].days(to: date)) < abs($1.dates[0].days(to: date)) }?.factor
    }
}
