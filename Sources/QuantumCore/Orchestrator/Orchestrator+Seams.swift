/// Where a served series may join two instruments under one ticker (a symbol renamed or reused):
/// a run of trading days without a bar, and a jump in the close across it.
struct Seam: Sendable {
    /// The last bar before the gap and the first after it.
    var before: Candle
    var after: Candle
    /// The trading days between them without a bar (at least `Orchestrator.seamDays`).
    var gap: [TradingDate]
    /// The move across the gap, as `quality` reports it.
    var jump: QualityReport.Jump

    /// "polygon's close jumps ×15.83 from 12 on 2022-01-28 to 190 on 2022-06-09 across 89 trading
    /// days without a bar (2022-01-31 … 2022-06-08)".
    func text(_ source: SourceID) -> String {
        "\(source.rawValue)'s close jumps ×\(QualityReport.ratioText(jump.ratio)) from "
            + "\(NumberText.shortest(before.close)) on \(before.date) to \(NumberText.shortest(after.close)) on "
            + "\(after.date) across \(gap.count) trading days without a bar (\(gap[0]) … \(gap[gap.count - 1]))"
    }
}

/// What another source's series says of a seam.
enum SeamVerdict: Equatable {
    /// It runs through the gap and agrees with the bars on both sides: the move is the
    /// instrument's own.
    case oneInstrument
    /// It runs through the gap without a jump, on the scale of the bars on one side only.
    case twoInstruments(keepsAfter: Bool)
    /// It cannot tell (no bar on either side, another scale on both, a gap or jump of its own).
    case undecided
}

extension Orchestrator {
    /// Trading days without a bar, at least, for a jump across them to be a seam.
    static let seamDays = 5

    /// The seams of `candles` (ascending), given the trading days `missing` (ascending) without a
    /// bar: each run of at least `seamDays` of them between two bars whose closes jump as
    /// `QualityReport.jump` judges a move worth questioning.
    static func seams(in candles: [Candle], missing: [TradingDate], basis: PriceBasis?) -> [Seam] {
        var seams: [Seam] = []
        var i = 0
        for (before, after) in zip(candles, candles.dropFirst()) {
            while i < missing.count, missing[i] <= before.date { i += 1 }
            var j = i
            while j < missing.count, missing[j] < after.date { j += 1 }
            if j - i >= seamDays, let jump = QualityReport.jump(from: before, to: after, basis: basis) {
                seams.append(Seam(before: before, after: after, gap: Array(missing[i..<j]), jump: jump))
            }
            i = j
        }
        return seams
    }

    /// What `theirs` (another source's bars, ascending, same basis) says of `seam`.
    static func judge(_ seam: Seam, by theirs: [Candle], basis: PriceBasis?) -> SeamVerdict {
        guard let before = theirs.first(where: { $0.date == seam.before.date }),
            let after = theirs.first(where: { $0.date == seam.after.date })
        else { return .undecided }
        let sameBefore = sameScale(seam.before, before)
        let sameAfter = sameScale(seam.after, after)
        // Through the gap: most of its days have a bar, and no move between two bars is a jump.
        // A series with the same gap proves nothing (two vendors may glue the same two symbols).
        let window = theirs.filter { $0.date >= seam.before.date && $0.date <= seam.after.date }
        let lacking = daysWithoutBars(seam.gap[...], window)
        guard lacking.count * 2 < seam.gap.count,
            !zip(window, window.dropFirst()).contains(where: {
                QualityReport.jump(from: $0, to: $1, basis: basis) != nil
            })
        else { return .undecided }
        if sameBefore && sameAfter { return .oneInstrument }
        guard sameBefore != sameAfter else { return .undecided }
        return .twoInstruments(keepsAfter: sameAfter)
    }

    /// Puts the seams of the served series to the other sources on the same basis, in priority
    /// order, each asked for the whole range (their answers go in `answers`, to fill from). The
    /// first whose series runs through every seam on one side's scale replaces the served series:
    /// the served source's attempt is recorded as refused, with the reason, and a note says so;
    /// returns the refused source. A seam no other source shows to be one instrument's move (none
    /// could tell, or the request is pinned) is warned of.
    func settle(_ seams: [Seam], in result: inout FetchResult, due: TradingDate, answers: inout [SourceID: FetchResult])
        async -> SourceID?
    {
        guard let served = result.source, let basis = result.basis else { return nil }
        var oneInstrument = Set<Int>()
        if result.request.pinned == nil {
            for other in sources where other.id != served && other.mayAsk(for: result.request.listing) {
                guard other.source.basis(for: result.request.basis) == basis else { continue }
                var whole = result.request
                whole.pinned = other.id
                let answer = await fetchServed(whole)
                answers[other.id] = answer
                guard answer.ok else { continue }
                let theirs = answer.candles.filter { $0.date <= due }
                let verdicts = seams.map { Self.judge($0, by: theirs, basis: basis) }
                if case .twoInstruments(let keepsAfter) = verdicts[0],
                    verdicts.allSatisfy({ $0 == .twoInstruments(keepsAfter: keepsAfter) })
                {
                    adopt(answer, candles: theirs, over: seams, keepsAfter: keepsAfter, in: &result)
                    return served
                }
                for (i, verdict) in verdicts.enumerated() where verdict == .oneInstrument { oneInstrument.insert(i) }
                if oneInstrument.count == seams.count { return nil }
            }
        }
        let why =
            result.request.pinned == nil
            ? "no other source's series settled which is this ticker's"
            : "pinned to \(served.rawValue), no other source was asked to settle it"
        for (i, seam) in seams.enumerated() where !oneInstrument.contains(i) {
            result.warnings.append("possibly two instruments under one ticker: \(seam.text(served)); \(why)")
        }
        return nil
    }

    /// Serves `answer` (its `candles`) in place of the result's glued series.
    private func adopt(
        _ answer: FetchResult, candles: [Candle], over seams: [Seam], keepsAfter: Bool, in result: inout FetchResult
    ) {
        guard let served = result.source, let other = answer.source else { return }
        let side = keepsAfter ? "after" : "before"
        let seamsText = seams.map { $0.text(served) }.joined(separator: "; ")
        let through =
            "\(other.rawValue)'s series runs through the gap without a jump, on the scale of the bars \(side) it "
            + "(no split explains the jump): two instruments under one ticker at \(served.rawValue)"
        if let i = result.attempts.lastIndex(where: { $0.source == served }) {
            result.attempts[i].outcome = .badResponse
            result.attempts[i].message = "refused: \(seamsText); \(through)"
        }
        result.attempts += answer.attempts
        result.source = other
        result.candles = candles
        result.cached = min(answer.cached, candles.count)
        result.warnings = answer.warnings
        result.issues = answer.issues
        result.notes.append("served \(other.rawValue)'s series, not \(served.rawValue)'s: \(seamsText); \(through)")
    }
}
