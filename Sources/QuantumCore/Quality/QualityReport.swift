/// A plain account of a series' data quality: what is missing, what is odd, and whether a
/// fallback changed the price basis. It reports; it never repairs.
public struct QualityReport: Sendable {
    /// A close-to-close move large enough to question.
    public struct Jump: Sendable, Equatable {
        /// What the move looks like.
        public enum Kind: Sendable, Equatable {
            /// Like a split (`new` shares for `old`) not adjusted for, or in raw prices.
            case split
            /// Like a reverse split.
            case reverseSplit
            /// Neither: a fall or a rise of the price itself.
            case move
        }

        public var date: TradingDate
        /// Close over the previous close.
        public var ratio: Double
        public var kind: Kind
        /// What it looks like, e.g. "like a 4-for-1 split not adjusted for".
        public var note: String
    }

    public var ticker: String
    public var source: SourceID?
    public var basis: PriceBasis?
    public var bars: Int
    /// NYSE trading days in the requested range, up to today.
    public var expectedDays: Int
    /// Trading days between the first and last bar that have no bar.
    public var gaps: [TradingDate]
    /// Trading days of the range before the first bar and after the last.
    public var missingBefore: Int
    public var missingAfter: Int
    /// Bars on days the exchange was closed.
    public var offCalendar: [TradingDate]
    public var duplicates: Int
    public var outOfOrder: Bool
    public var integrityViolations: Int
    public var zeroVolume: [TradingDate]
    /// Close-to-close moves no corporate action explains (a jump at a split the ledger reports,
    /// on raw prices, is named in `splits` instead).
    public var jumps: [Jump]
    /// The splits of the ledger the series was put on its basis with, dated within it:
    /// `2020-08-31 4-for-1 split (alphavantage, polygon)`.
    public var splits: [String]
    /// Set when the series' basis differs from what the preferred source serves.
    public var basisChange: String?
    /// The calendar gaps were judged by (described `NYSE`, another exchange's MIC `XLON`, or
    /// `unknown (BE)`: then none are judged).
    public var calendar: ListingCalendar
    /// Whether gaps and closed days were judged: the calendar is known and its data covers the range.
    public var judged: Bool
    /// Days other sources filled, per source ("NAME: 3 day(s) (first 2024-03-06)").
    public var filled: [String]
    /// Trading days still without a bar (the result's `missing`).
    public var missing: [TradingDate]
    /// Why there is nothing to judge: the failure (no source served, cancelled), or no session in
    /// the range.
    public var nothingServed: String?
    /// No source served the ticker (it failed or was cancelled): `nothingServed` is a fault.
    public var failed: Bool
    /// `nothingServed` in a few words, for `summary`: the whole failure is long.
    private var nothingBrief: String?

    /// Moves beyond these ratios are reported.
    static let jumpBounds = (down: 0.7, up: 1.0 / 0.7)

    /// The report for `result` as of `today` (New York); bars are due through the result's
    /// `expectedThrough` when it says (today's session may still be open).
    public init(_ result: FetchResult, today: TradingDate) {
        let candles = result.candles
        ticker = result.ticker
        source = result.source
        basis = result.basis
        bars = candles.count
        calendar = result.calendar
        missing = result.missing
        filled = result.fills.filter { !$0.dates.isEmpty }.map {
            "\($0.source.rawValue): \($0.dates.count) day(s) (first \($0.dates[0]))"
        }
        failed = !result.ok
        if result.noSession || !result.ok {
            nothingServed = result.whyNoCandles
            nothingBrief = result.ok ? nothingServed : result.wasCancelled ? "cancelled" : "no source served it"
        }
        let through = result.expectedThrough ?? min(result.to, today)
        judged = result.calendar.judges(from: result.from, through: through)
        let expected = judged ? result.calendar.sessions(from: result.from, through: through) : []
        expectedDays = expected.count
        let dates = Set(candles.map(\.date))
        if let first = candles.first?.date, let last = candles.last?.date {
            gaps = expected.filter { $0 > first && $0 < last && !dates.contains($0) }
            missingBefore = expected.filter { $0 < first }.count
            missingAfter = expected.filter { $0 > last }.count
        } else {
            gaps = []
            missingBefore = expected.count
            missingAfter = 0
        }
        offCalendar = judged ? result.calendar.daysWithoutSession(candles.map(\.date)) : []
        duplicates = result.issues?.duplicates.count ?? 0
        outOfOrder = result.issues?.outOfOrder ?? false
        var integrity = SeriesIssues(source: result.source ?? ProviderRegistry.ids[0])
        integrity.addIntegrity(of: candles)
        integrityViolations = integrity.integrityViolations
        zeroVolume = candles.filter { $0.volume == 0 }.map(\.date)
        let ledgerSplits = (result.adjustment?.events ?? []).compactMap { event -> (Split, [SourceID])? in
            guard case .split(let split) = event.action, let first = candles.first?.date,
                let last = candles.last?.date, split.date > first, split.date <= last
            else { return nil }
            return (split, event.sources)
        }
        splits = ledgerSplits.map { split, sources in
            "\(split.date) \(split.ratio) split (\(sources.map(\.rawValue).joined(separator: ", ")))"
        }
        jumps = zip(candles, candles.dropFirst()).compactMap { previous, bar in
            guard let jump = Self.jump(from: previous, to: bar, basis: result.basis) else { return nil }
            // On raw prices a split the ledger reports is the move it explains (within 6 %).
            let explained = ledgerSplits.contains { split, _ in
                result.basis == .raw && split.date > previous.date && split.date <= bar.date
                    && abs(jump.ratio * split.ratio.value - 1) < 0.06
            }
            return explained ? nil : jump
        }
        basisChange = result.basisChange?.description
    }

    static func jump(from previous: Candle, to bar: Candle, basis: PriceBasis?) -> Jump? {
        guard previous.close > 0, bar.close.isFinite else { return nil }
        let ratio = bar.close / previous.close
        guard ratio < jumpBounds.down || ratio > jumpBounds.up else { return nil }
        let why = basis == .raw ? "(raw prices)" : "not adjusted for"
        for split in Self.splitRatios {
            let k = split.new / split.old
            if abs(ratio * k - 1) < 0.06 {
                return Jump(
                    date: bar.date, ratio: ratio, kind: .split,
                    note: "looks like a \(split.text)-for-\(split.oldText) split \(why)")
            }
            if abs(ratio / k - 1) < 0.06 {
                return Jump(
                    date: bar.date, ratio: ratio, kind: .reverseSplit,
                    note: "looks like a \(split.oldText)-for-\(split.text) reverse split \(why)")
            }
        }
        return Jump(
            date: bar.date, ratio: ratio, kind: .move,
            note: ratio < 1
                ? "a fall of \(Int(((1 - ratio) * 100).rounded()))%"
                : "a rise of \(Int(((ratio - 1) * 100).rounded()))%")
    }

    /// Split ratios as `new` shares for `old` (7-for-1, 3-for-2), most common first.
    static let splitRatios: [(new: Double, old: Double, text: String, oldText: String)] =
        [2, 3, 4, 5, 6, 7, 8, 10, 15, 20, 25, 30, 40, 50, 100].map { (Double($0), 1, "\($0)", "1") } + [
            (3, 2, "3", "2"), (5, 4, "5", "4"),
        ]

    /// Nothing to remark on.
    public var isClean: Bool {
        gaps.isEmpty && offCalendar.isEmpty && duplicates == 0 && !outOfOrder && integrityViolations == 0
            && zeroVolume.isEmpty && jumps.isEmpty && basisChange == nil && missing.isEmpty && nothingServed == nil
    }

    /// One line, e.g. `21 of 21 trading days · no gaps · no zero-volume days · no jumps`.
    public var summary: String {
        if let nothingBrief { return "no bars: \(nothingBrief)" }
        var parts = ["\(bars) of \(expectedDays) trading days"]
        if judged {
            if !gaps.isEmpty {
                parts.append("\(gaps.count) missing (first \(gaps[0]))")
            } else if missing.isEmpty {
                parts.append("no gaps")
            }
            if missingBefore > 0 { parts.append("starts \(missingBefore) trading day(s) late") }
            if missingAfter > 0 { parts.append("ends \(missingAfter) trading day(s) early") }
        } else {
            parts = [bars == 1 ? "1 bar" : "\(bars) bars", "calendar \(calendar): gaps not judged"]
        }
        if !offCalendar.isEmpty { parts.append("\(offCalendar.count) bar(s) on closed days") }
        if duplicates > 0 { parts.append("\(duplicates) duplicate(s) dropped") }
        if outOfOrder { parts.append("dates out of order") }
        if integrityViolations > 0 { parts.append("\(integrityViolations) bar(s) break price rules") }
        parts.append(zeroVolume.isEmpty ? "no zero-volume days" : "\(zeroVolume.count) zero-volume day(s)")
        if !splits.isEmpty {
            parts.append(splits.count == 1 ? splits[0] : "\(splits.count) splits (first \(splits[0]))")
        }
        if let jump = jumps.first {
            parts.append(
                jumps.count == 1
                    ? "1 jump (\(jump.date) ×\(Self.ratioText(jump.ratio)), \(jump.note))"
                    : "\(jumps.count) jumps (first \(jump.date), \(jump.note))")
        } else {
            parts.append("no jumps")
        }
        if let basisChange { parts.append("basis changed: \(basisChange)") }
        if !filled.isEmpty { parts.append("filled from " + filled.joined(separator: ", ")) }
        if let first = missing.first {
            parts.append("incomplete: \(missing.count) day(s) without a bar (first \(first))")
        }
        return parts.joined(separator: " · ")
    }

    /// `0.25`, `4.02`.
    public static func ratioText(_ ratio: Double) -> String {
        let scaled = (ratio * 100).rounded() / 100
        return NumberText.shortest(scaled)
    }
}
