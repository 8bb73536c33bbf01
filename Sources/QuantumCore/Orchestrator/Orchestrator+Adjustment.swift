import Foundation

extension Orchestrator {
    /// A fetch on the basis asked for (`raw`, `split`, `split+dividend`), computed here the same
    /// way whichever source served the bars: the bars as a source serves them (with fallback and
    /// the cache, as any fetch) are put back on the raw basis with the ticker's splits (those the
    /// bars are seen to carry, `VendorCheck`), then adjusted from the ledger (`PriceAdjustment`).
    /// Dividends after the range need the raw close of the session before their ex-date: those
    /// bars are fetched too. Bars asked on the basis their source declares (raw bars asked raw,
    /// split-adjusted ones asked `split`) are served as they are, with a warning that they could
    /// not be checked, when no source reports the actions.
    /// Otherwise, when no source reports the ticker's actions, the result fails: it is never
    /// served on another basis.
    func fetchDerived(_ request: FetchRequest) async -> FetchResult {
        guard let target = request.basis.derived else { preconditionFailure("a derived basis was asked") }
        var served = request
        served.basis = .native
        served.derivesOnRead = true
        var result = await fetch(served)
        result.request = request
        result.basisChange = nil
        if result.wasCancelled, result.ok, let source = result.source {
            // Cut short with only cached bars, not yet checked against the ledger or put on the
            // basis asked: none is shown, and every day of the range is missing.
            let why =
                (result.failure?.message ?? "cancelled")
                + "; the \(result.candles.count) cached bar(s) from \(source.rawValue) are not shown: the fetch "
                + "stopped before they were put on the \(target.rawValue) basis"
            var cancelled = unadjustable(result, because: why)
            cancelled.failure = FetchFailure(.cancelled, message: why)
            cancelled.missing = (result.missing + result.candles.map(\.date)).sorted()
            return cancelled
        }
        guard result.ok, !result.candles.isEmpty, let vendor = result.basis, let source = result.source else {
            if result.ok, result.basis != nil { result.basis = target }
            if result.noSourceKnowsTicker, let away = await renamedAway(from: request.ticker),
                let note = Self.renamedAwayNote(away, ticker: request.ticker)
            {
                // A symbol that was renamed: where its listing trades now.
                result.failure?.message += " — " + note
            }
            return result
        }
        let feeds: Set<ActionFeed> = target == .splitDividend ? [.splits, .dividends] : [.splits]
        var actions = await derivationLedger(request, feeds: feeds)
        if Task.isCancelled || actions.failure?.kind == .cancelled {
            // Stopped (Ctrl-C, a client gone) before the ledger was read: cancelled, not failed.
            var cancelled = unadjustable(
                result, because: "cancelled before \(request.ticker)'s corporate actions were read")
            cancelled.failure = FetchFailure(.cancelled, message: cancelled.failure?.message ?? "cancelled")
            cancelled.attempts.append(
                Attempt(
                    source: source, outcome: .cancelled, message: "cancelled before the corporate actions were read"))
            return cancelled
        }
        guard actions.failure == nil else {
            let why = actions.failure?.message ?? ""
            if vendor == target {
                result.warnings.append(
                    "\(target == .raw ? "raw" : "\(target.rawValue)-adjusted") as \(source.rawValue) served it, "
                        + "not checked: no source reported "
                        + "\(request.ticker)'s corporate actions (\(why))")
                return result
            }
            var failed = unadjustable(
                result,
                because: "\(request.ticker) \(target.rawValue) prices need its corporate actions (\(source.rawValue) "
                    + "served \(vendor.rawValue) bars), and they could not be read: \(why)")
            failed.slotFreesIn = await slotFreesIn(ifOnlyLimitsKept: actions)
            return failed
        }
        let today = time.today()
        let servedOn = await servedOn(result)
        var ledger = actions.ledger
        var (splits, dividends, carried, raw, closeSteps) = checked(
            result.candles, on: ledger, vendor: vendor, source: source, servedOn: servedOn, target: target)
        if !carried.warnings.isEmpty || !closeSteps.isEmpty,
            let whole = await wholeLedger(request, feeds: feeds, over: actions)
        {
            // The bars (or the vendor's adjusted close) contradict the ledger one source gave: the
            // others are asked, and the version most report is used (one vendor's split dated a
            // day early, or a dividend amount misread, is outvoted).
            actions = whole
            ledger = whole.ledger
            (splits, dividends, carried, raw, closeSteps) = checked(
                result.candles, on: ledger, vendor: vendor, source: source, servedOn: servedOn, target: target)
        }
        if !carried.warnings.isEmpty {
            // Still contradicted (a tie went to the wrong source): another source's version the
            // bars bear out is used instead.
            let settled = VendorCheck.settledByBars(
                ledger, reports: actions.reports, candles: result.candles, basis: vendor, source: source)
            if !settled.warnings.isEmpty {
                ledger = settled.ledger
                (splits, dividends, carried, raw, closeSteps) = checked(
                    result.candles, on: ledger, vendor: vendor, source: source, servedOn: servedOn, target: target)
                result.warnings += settled.warnings
            }
        }
        let dates = result.candles.map(\.date)
        result.warnings += carried.warnings + closeSteps
        let factors: [PriceAdjustment.Factor]
        if target == .splitDividend {
            let later = await closesAfter(raw: raw, splits: splits, dividends: dividends, from: served)
            // The sessions ascending with their raw closes: the range's, then those after its last bar.
            let sessions = dates + later.closes.map(\.0)
            let closes = raw.map(\.close) + later.closes.map(\.1)
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
                        return lo == 0 ? nil : (sessions[lo - 1], closes[lo - 1])
                    })
            } catch {
                return unadjustable(
                    result,
                    because: "\(request.ticker) \(target.rawValue) prices need the close before the "
                        + "\(error.exDate) ex-date, and no source served it\(later.why.map { " (\($0))" } ?? "")")
            }
        } else {
            factors = PriceAdjustment.splitFactors(for: target == .split ? dates : [], splits: splits)
        }
        result.candles = factors.isEmpty ? raw : PriceAdjustment.apply(factors, to: raw)
        result.basis = target
        let first = dates[0]
        let used = ledger.events.filter { event in
            switch event.action {
            case .split: event.action.date > first && event.action.date <= today
            case .dividend: target == .splitDividend && event.action.date > first && event.action.date <= today
            case .symbolChange: false
            }
        }
        let usedKinds = Set(used.map(\.action.kind))
        // A source that reported none of a kind at all is said once, not at every event it lacks.
        let silent = Self.silentSources(actions.reports, kinds: usedKinds)
        for (source, kind) in silent {
            result.warnings.append(
                "corporate actions: \(source.rawValue) reported no \(kind.label)s for \(request.ticker); the other "
                    + "sources' are used")
        }
        let noted = ledger.disagreements.filter { disagreement in
            disagreement.date > first && usedKinds.contains(disagreement.kind)
                && !(disagreement.versions.count == 1 && !disagreement.missingAt.isEmpty
                    && disagreement.missingAt.allSatisfy { source in
                        silent.contains { $0 == source && $1 == disagreement.kind }
                    })
        }
        result.adjustment = Adjustment(
            events: used, factors: factors.isEmpty ? dates.map { _ in 1 } : factors.map(\.price),
            volumeFactors: factors.isEmpty ? dates.map { _ in 1 } : factors.map(\.volume), disagreements: noted)
        result.warnings += noted.map { "corporate actions: \($0)" }
        if target != .raw {
            result.warnings += Self.unexplainedSplits(
                in: result.candles, ticker: request.ticker, exDates: Set(dividends.map(\.exDate)),
                reported: actions.reports)
        }
        let taken = carried.taken.filter { $0.date > first }
        result.notes.append(
            Self.derivationNote(target, from: vendor, of: source, used: used, after: first, unchecked: taken.count))
        if !taken.isEmpty {
            // Not seen in the bars: say so rather than claim them checked.
            let what = taken.map { "\($0.date) \($0.ratio)" }.joined(separator: ", ")
            result.notes.append(
                "the \(what) split\(taken.count == 1 ? "" : "s") could not be checked in these bars (after the last "
                    + "one, or too small to see): taken as \(source.rawValue) declares its bars, adjusted for "
                    + "\(taken.count == 1 ? "it" : "them")")
        }
        return result
    }

    /// Warnings for the jumps of an adjusted series (ascending) that look like a split: on a
    /// split-adjusted basis every split the ledger uses is taken out, so one left is a split the
    /// ledger lacks (no source reported it, or the version used is another's) or a vendor's bars
    /// adjusted otherwise than it says — served as it is, never silently. A move on a dividend's
    /// ex-date is that dividend's, not judged here.
    static func unexplainedSplits(
        in candles: [Candle], ticker: String, exDates: Set<TradingDate>, reported: [ActionReport]
    ) -> [String] {
        zip(candles, candles.dropFirst()).compactMap { previous, bar in
            guard let jump = QualityReport.jump(from: previous, to: bar, basis: .split), jump.kind != .move,
                !exDates.contains(bar.date)
            else { return nil }
            // A source that dates a split within the step reports it; the ledger used another version.
            let reporters = reported.filter { report in
                report.actions.contains { $0.kind == .split && $0.date > previous.date && $0.date <= bar.date }
            }.map(\.source.rawValue)
            let who =
                reporters.isEmpty
                ? "no source reports one"
                : "\(reporters.joined(separator: ", ")) report\(reporters.count == 1 ? "s" : "") one there, which the "
                    + "ledger did not use"
            return "\(bar.date): the close moves ×\(NumberText.shortest((jump.ratio * 10_000).rounded() / 10_000)) "
                + "from \(previous.date): it \(jump.note), and \(who); check `actions \(ticker)`"
        }
    }

    /// The ledger a derived basis uses: read once per ticker in this process; from the cache when
    /// it keeps one read lately (unless the request skips reading the cache), else from the
    /// sources in priority order until one answers `feeds` (in a batch, those its plan put the
    /// ticker's corporate actions at first, `BatchPlan`), then kept in the cache.
    private func derivationLedger(_ request: FetchRequest, feeds: Set<ActionFeed>) async -> ActionsResult {
        let key = Self.ledgerKey(request.ticker, feeds: feeds)
        if let probe = Self.cacheOnly {
            if let read = ledgers.alreadyRead(key, now: time.now()) { return read }
            if let cache, request.readsCache,
                let reports = await cache.actionReports(request.ticker, covering: feeds, now: time.wallNow())
            {
                return ActionsResult(kept: reports, ticker: request.ticker, simulated: simulated)
            }
            probe.wantSources()
            return ActionsResult(
                ticker: request.ticker, ledger: ActionLedger.merge(ticker: request.ticker, reports: []), attempts: [],
                warnings: [], failure: FetchFailure(.noSource, message: CacheOnlyProbe.refusal), simulated: simulated)
        }
        return await ledgers.ledger(key, now: time.now()) { [self] in
            let now = time.wallNow()
            if let cache, request.readsCache,
                let reports = await cache.actionReports(request.ticker, covering: feeds, now: now)
            {
                return ActionsResult(kept: reports, ticker: request.ticker, simulated: simulated)
            }
            // On the command line the ledger waits for a slot as the bars did, as long as it takes
            // (said as it waits), so a fetch whose bars came is not failed for want of a slot;
            // with a bound (`quantum serve`'s max_wait) it waits at most `actionsMaxWait` of it.
            let wait =
                request.maxWait.map { min(Self.actionsMaxWait, $0) }
                ?? (request.waitsForSlot ? Self.unboundedWait : Self.actionsMaxWait)
            let read = await actions(
                request.ticker, firstAnswering: true, feeds: feeds, maxWait: wait,
                first: Self.batchTurn?.ledgerOrder() ?? [])
            if read.failure == nil, let cache {
                await cache.keep(read.reports, ticker: request.ticker, feeds: feeds, readAt: now)
            }
            return read
        }
    }

    /// The ledger's splits in effect today and its dividends in effect dated after the first bar,
    /// the splits the bars carry, the bars put back on raw by them, and (on `split+dividend`,
    /// where the dividends were read) the days the vendor's adjusted close steps otherwise than
    /// the ledger says.
    private func checked(
        _ candles: [Candle], on ledger: ActionLedger, vendor: PriceBasis, source: SourceID,
        servedOn: [TradingDate]?, target: PriceBasis
    ) -> (splits: [Split], dividends: [CashDividend], carried: CarriedSplits, raw: [Candle], closeSteps: [String]) {
        // Only events in effect: a split or dividend declared for a later date moves no price yet.
        // A dividend moves only the bars before its ex-date: those before the first bar (most of
        // a ledger's decades) are left out.
        let today = time.today()
        let first = candles.first?.date ?? today
        let splits = ledger.splits.filter { $0.date <= today }
        let dividends = ledger.events.compactMap { event -> CashDividend? in
            guard case .dividend(let dividend) = event.action, dividend.exDate > first, dividend.exDate <= today
            else { return nil }
            return dividend
        }
        let carried = VendorCheck.splitsCarried(
            by: candles, basis: vendor, source: source, splits: splits, servedOn: servedOn)
        let raw = carried.raw(candles)
        let closeSteps =
            target == .splitDividend
            ? VendorCheck.adjustedCloseDisagreements(raw, source: source, splits: splits, dividends: dividends) : []
        return (splits, dividends, carried, raw, closeSteps)
    }

    /// The key a derived basis's ledger of `feeds` is read once per process under.
    static func ledgerKey(_ ticker: String, feeds: Set<ActionFeed>) -> String {
        "\(ticker) \(CandleCache.feedsKey(feeds))"
    }

    /// The ledger of every usable source, merged as `actions` merges it, when `read` came from
    /// fewer (the first that answered) and the bars contradict it; kept in the cache and for this
    /// process in its place. Nil when there is no other source to ask (or only the cache may be
    /// read), or they could not be read.
    private func wholeLedger(_ request: FetchRequest, feeds: Set<ActionFeed>, over read: ActionsResult) async
        -> ActionsResult?
    {
        let asked = Set(read.reports.map(\.source))
        let others = sources.filter {
            !asked.contains($0.id) && $0.mayAsk(for: request.listing)
        }
        guard Self.cacheOnly == nil, !others.isEmpty else { return nil }
        let wait = request.maxWait.map { min(Self.actionsMaxWait, $0) } ?? Self.actionsMaxWait
        let more = await actions(request.ticker, only: others.map(\.id), feeds: feeds, maxWait: wait)
        guard more.failure == nil else { return nil }
        var whole = read
        whole.reports = read.reports + more.reports
        whole.ledger = ActionLedger.merge(ticker: request.ticker, reports: whole.reports)
        whole.attempts += more.attempts
        whole.warnings += more.warnings
        if let cache { await cache.keep(whole.reports, ticker: request.ticker, feeds: feeds, readAt: time.wallNow()) }
        ledgers.replace(Self.ledgerKey(request.ticker, feeds: feeds), with: whole, now: time.now())
        return whole
    }

    /// The sources that answered a feed of `kinds` with no event of that kind while another
    /// source reported some.
    private static func silentSources(_ reports: [ActionReport], kinds: Set<CorporateAction.Kind>)
        -> [(SourceID, CorporateAction.Kind)]
    {
        kinds.sorted { $0.rawValue < $1.rawValue }.flatMap { kind in
            let answering = reports.filter { $0.feeds.contains(kind.feed) }
            let reporting = Set(answering.filter { $0.actions.contains { $0.kind == kind } }.map(\.source))
            guard !reporting.isEmpty else { return [(SourceID, CorporateAction.Kind)]() }
            return answering.filter { !reporting.contains($0.source) }.map { ($0.source, kind) }
        }
    }

    /// "split computed here from polygon's split-adjusted bars: 1 split after 2024-01-02
    /// (reported by polygon, fmp)"; raw bars asked raw: "raw as eodhd served it, checked against
    /// 1 split after …".
    private static func derivationNote(
        _ target: PriceBasis, from vendor: PriceBasis, of source: SourceID, used: [LedgerEvent],
        after first: TradingDate, unchecked: Int
    ) -> String {
        // Served on the basis asked, only the splits the bars could show were checked.
        let splitCount = used.filter { $0.action.kind == .split }.count - (vendor == target ? unchecked : 0)
        let dividendCount = used.filter { $0.action.kind == .dividend }.count
        var counts = ["\(splitCount) split\(splitCount == 1 ? "" : "s")"]
        if target == .splitDividend { counts.append("\(dividendCount) dividend\(dividendCount == 1 ? "" : "s")") }
        let reporters = Set(used.flatMap(\.sources)).sorted().map(\.rawValue)
        let served = vendor == .raw ? "raw" : "\(vendor.rawValue)-adjusted"
        let how =
            vendor == target
            ? "\(target.rawValue) as \(source.rawValue) served it, checked against "
            : "\(target.rawValue) computed here from \(source.rawValue)'s \(served) bars: "
        return how + counts.joined(separator: " and ") + " after \(first)"
            + (reporters.isEmpty ? "" : " (reported by \(reporters.joined(separator: ", ")))")
    }

    /// The day each of a split-adjusted result's bars was served by its source, for the bars the
    /// cache kept (the latest fetch that covered the bar's day, when it holds the bar as it is);
    /// nil when every bar was served now (none came from the cache) or the bars are raw. A
    /// vendor's split-adjusted bar carries the splits dated up to the day it was served.
    private func servedOn(_ result: FetchResult) async -> [TradingDate]? {
        guard result.cached > 0, let cache, let source = result.source, let basis = result.basis, basis != .raw,
            let stored = try? await cache.series(SeriesKey(ticker: result.ticker, source: source, basis: basis))
        else { return nil }
        let today = time.today()
        // Each range's day once (a series has a few ranges and hundreds of bars).
        let ranges = stored.ranges.map { range in
            (
                first: range.first, last: range.last, fetchedAt: range.fetchedAt,
                day: NewYorkTime.date(at: range.fetchedAt)
            )
        }
        // Both ascending: the stored bars are walked once, alongside the result's.
        var at = 0
        var previous: TradingDate?
        return result.candles.map { candle in
            if let previous, candle.date < previous { at = 0 }
            previous = candle.date
            while at < stored.candles.count, stored.candles[at].date < candle.date { at += 1 }
            guard at < stored.candles.count, stored.candles[at] == candle else { return today }
            var latest: (fetchedAt: Date, day: TradingDate)?
            for range in ranges where range.first <= candle.date && candle.date <= range.last {
                if latest.map({ range.fetchedAt > $0.fetchedAt }) ?? true { latest = (range.fetchedAt, range.day) }
            }
            return latest.map { min(today, $0.day) } ?? today
        }
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
        guard later.ok, let basis = later.basis, let source = later.source else { return ([], later.failure?.message) }
        let carried = VendorCheck.splitsCarried(
            by: later.candles, basis: basis, source: source, splits: splits, servedOn: await servedOn(later))
        return (carried.raw(later.candles).map { ($0.date, $0.close) }, nil)
    }

    /// How soon a slot frees at a source the ledger could not be read from, when every source
    /// that could report it was passed over only for want of a slot (nil otherwise: one answered,
    /// or failed).
    private func slotFreesIn(ifOnlyLimitsKept read: ActionsResult) async -> Duration? {
        let outcomes = read.attempts.map(\.attempt.outcome)
        let aside: Set<Outcome> = [.skippedRateLimit, .skippedDisabled, .skippedNoKey, .skippedListing]
        guard outcomes.contains(.skippedRateLimit), outcomes.allSatisfy(aside.contains) else { return nil }
        let limited = Set(read.attempts.filter { $0.attempt.outcome == .skippedRateLimit }.map(\.attempt.source))
        return await governor.freesIn(Array(limited))
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
