extension Orchestrator {
    /// A `split+dividend` fetch: the bars as a source serves them (with fallback and the cache, as
    /// any fetch), put back on the raw basis with the ticker's splits, then adjusted for its
    /// splits and cash dividends from the ledger (`PriceAdjustment`). Dividends after the range
    /// need the raw close of the session before their ex-date: those bars are fetched too. When
    /// no source reports the ticker's actions, the result fails: it is never served on another
    /// basis.
    func fetchAdjusted(_ request: FetchRequest) async -> FetchResult {
        var served = request
        served.basis = .any
        var result = await fetch(served)
        result.request = request
        guard result.ok, !result.candles.isEmpty, let basis = result.basis else { return result }
        let actions = await ledgers.ledger(request.ticker, now: time.now()) { [self] in
            await self.actions(request.ticker, firstAnswering: true)
        }
        guard actions.failure == nil else {
            return unadjustable(
                result,
                because: "\(request.ticker) \(PriceBasis.splitDividend.rawValue) prices need its corporate actions, "
                    + "and no source reported them: \(actions.failure?.message ?? "")")
        }
        // Only events in effect: a split or dividend declared for a later date moves no price yet.
        let today = time.today()
        let ledger = actions.ledger
        let splits = ledger.splits.filter { $0.date <= today }
        let dividends = ledger.dividends.filter { $0.exDate <= today }
        let dates = result.candles.map(\.date)
        let toRaw = PriceAdjustment.splitFactors(for: basis == .split ? dates : [], splits: splits)
        let raw =
            toRaw.isEmpty
            ? result.candles
            : zip(result.candles, toRaw).map { candle, factor in
                var back = candle
                back.open /= factor.price
                back.high /= factor.price
                back.low /= factor.price
                back.close /= factor.price
                back.volume /= factor.volume
                back.vwap = candle.vwap.map { $0 / factor.price }
                return back
            }
        let later = await closesAfter(raw: raw, splits: splits, dividends: dividends, from: served)
        var closes = Dictionary(uniqueKeysWithValues: zip(dates, raw.map(\.close)))
        for (date, close) in later.closes { closes[date] = close }
        let sessions = closes.keys.sorted()
        let factors: [PriceAdjustment.Factor]
        do {
            factors = try PriceAdjustment.factors(
                for: dates, basis: .splitDividend, splits: splits, dividends: dividends,
                closeBefore: { exDate in
                    var lo = 0
                    var hi = sessions.count
                    while lo < hi {
                        let mid = (lo + hi) / 2
                        if sessions[mid] < exDate { lo = mid + 1 } else { hi = mid }
                    }
                    return lo == 0 ? nil : (sessions[lo - 1], closes[sessions[lo - 1]]!)
                })
        } catch {
            return unadjustable(
                result,
                because: "\(request.ticker) \(PriceBasis.splitDividend.rawValue) prices need the close before the "
                    + "\(error.exDate) ex-date, and no source served it\(later.why.map { " (\($0))" } ?? "")")
        }
        result.candles = PriceAdjustment.apply(factors, to: raw)
        result.basis = .splitDividend
        let first = dates[0]
        let used = ledger.events.filter { event in
            switch event.action {
            case .split, .dividend: event.action.date > first && event.action.date <= today
            case .symbolChange: false
            }
        }
        result.adjustment = Adjustment(
            events: used, factors: factors.map(\.price), volumeFactors: factors.map(\.volume),
            disagreements: ledger.disagreements.filter { $0.date > first && $0.kind != .symbolChange })
        result.warnings += result.adjustment?.disagreements.map { "corporate actions: \($0)" } ?? []
        let splitCount = used.filter { $0.action.kind == .split }.count
        let dividendCount = used.count - splitCount
        let reporters = Set(used.flatMap(\.sources)).sorted().map(\.rawValue)
        result.notes.append(
            "\(PriceBasis.splitDividend.rawValue) computed here from the \(basis.rawValue) bars: "
                + "\(splitCount) split\(splitCount == 1 ? "" : "s") and \(dividendCount) dividend\(dividendCount == 1 ? "" : "s") after \(first)"
                + (reporters.isEmpty ? "" : " (reported by \(reporters.joined(separator: ", ")))"))
        result.basisChange = nil
        return result
    }

    /// The raw closes of the sessions before the ex-dates of dividends after the range, from one
    /// fetch of the days after it (through the cache, like any fetch).
    private func closesAfter(
        raw: [Candle], splits: [Split], dividends: [CashDividend], from served: FetchRequest
    ) async -> (closes: [(TradingDate, Double)], why: String?) {
        guard let last = raw.last?.date, let lastExDate = dividends.map(\.exDate).filter({ $0 > last }).max()
        else { return ([], nil) }
        var after = served
        after.from = last.adding(days: 1)
        after.to = lastExDate
        after.keepsUnfinished = false
        let later = await fetch(after)
        guard later.ok, let basis = later.basis else { return ([], later.failure?.message) }
        let dates = later.candles.map(\.date)
        let toRaw = PriceAdjustment.splitFactors(for: basis == .split ? dates : [], splits: splits)
        return (
            later.candles.enumerated().map { i, c in (c.date, toRaw.isEmpty ? c.close : c.close / toRaw[i].price) }, nil
        )
    }

    private func unadjustable(_ result: FetchResult, because message: String) -> FetchResult {
        var failed = result
        failed.candles = []
        failed.source = nil
        failed.basis = nil
        failed.fills = []
        failed.missing = []
        failed.failure = FetchFailure(.exhausted(last: result.source, outcome: nil), message: message)
        return failed
    }
}

/// How a derived basis was computed: the events used (dated after the first bar, so each moves
/// some bar) with the sources that report them, and each bar's factors against the raw bar.
public struct Adjustment: Sendable, Equatable {
    public var events: [LedgerEvent]
    /// Per candle, in order: adjusted price ÷ raw price.
    public var factors: [Double]
    /// Per candle, in order: adjusted volume ÷ raw volume.
    public var volumeFactors: [Double]
    /// The sources' disagreements about those events, as the ledger reports them.
    public var disagreements: [ActionDisagreement]
}
