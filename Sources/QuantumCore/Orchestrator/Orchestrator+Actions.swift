extension Orchestrator {
    /// A ticker's corporate actions from every usable source (or those in `only`), each through
    /// the governor like bars (limits, quotas, breakers, refused keys; a source whose next slot is
    /// more than `maxWait` away, by default `actionsMaxWait`, is passed over), merged into one ledger
    /// that says which sources report each event and where they disagree. Sources are asked at
    /// once; a source's feeds one after another. Symbol changes are asked where a provider has a
    /// feed for them; a failure there does not count against the source's splits and dividends.
    /// With `firstAnswering`, sources are asked one after another in priority order, and the
    /// first that answers every feed needed with at least one event ends it (a basis derived for
    /// a fetch costs one source's requests, not every source's); an answer of no events is not
    /// taken alone (a vendor that does not know the ticker's actions may say none): it takes a
    /// second source saying none too; `first` are asked before the others, in that order (where
    /// a batch's plan put the ticker's requests). `feeds` limits what is asked (a split-adjusted
    /// basis needs no dividends); the result fails when no source answered its splits and
    /// dividends among them.
    public func actions(
        _ ticker: String, only: [SourceID]? = nil, firstAnswering: Bool = false,
        feeds: Set<ActionFeed> = Set(ActionFeed.allCases), maxWait: Duration? = nil, first: [SourceID] = []
    ) async -> ActionsResult {
        let needs = feeds.intersection([.splits, .dividends])
        let patience = maxWait ?? Self.actionsMaxWait
        let today = time.today()
        let consulted = sources.filter { only?.contains($0.id) ?? true }
        let listing = Listing(ticker: ticker)
        var skipped: [ActionAttempt] = []
        var asked: [ConfiguredSource] = []
        for configured in consulted {
            let skip: Attempt? =
                if !configured.enabled {
                    Attempt(source: configured.id, outcome: .skippedDisabled, message: "disabled")
                } else if configured.endpoint.key == nil {
                    Attempt(
                        source: configured.id, outcome: .skippedNoKey,
                        message: "no \(configured.id.descriptor.environmentPrefix)_API_KEY")
                } else if !configured.id.descriptor.serves(listing) {
                    Attempt(
                        source: configured.id, outcome: .skippedListing,
                        message: Self.notCarried(ticker, by: configured.id))
                } else {
                    nil
                }
            if let skip {
                skipped.append(ActionAttempt(feed: .splits, attempt: skip))
            } else {
                asked.append(configured)
            }
        }
        for id in first.reversed() {
            if let at = asked.firstIndex(where: { $0.id == id }) { asked.insert(asked.remove(at: at), at: 0) }
        }
        var reports: [SourceActions] = []
        if firstAnswering {
            // First the sources with room now, in priority order; then those passed over for
            // want of room, each waiting up to `patience` for a slot — but once a source has
            // answered (with no events, so a second is asked to agree), at most `actionsMaxWait`:
            // that answer stands if no second source has room soon.
            var saidNone = 0
            var pending = asked
            passes: for pass in 0..<2 {
                var atLimit: [ConfiguredSource] = []
                for configured in pending {
                    let context = RequestContext(endpoint: configured.endpoint, today: today)
                    let report = await actions(
                        ticker, from: configured, feeds: feeds, context: context,
                        maxWait: pass == 0 ? .zero : saidNone > 0 ? min(patience, Self.actionsMaxWait) : patience)
                    if pass == 0, report.answered.isEmpty,
                        report.attempts.first?.attempt.outcome == .skippedRateLimit
                    {
                        atLimit.append(configured)
                        continue
                    }
                    reports.append(report)
                    let reported = Set(report.actions.map(\.kind))
                    let conclusive =
                        report.answered.isSuperset(of: needs)
                        && needs.allSatisfy { reported.contains($0 == .splits ? .split : .dividend) }
                    if report.answered.isSuperset(of: needs), !conclusive { saidNone += 1 }
                    if conclusive || saidNone >= 2 || Task.isCancelled { break passes }
                }
                // Those at their limit, the soonest free first (priority order on a tie): a
                // batch's ledgers wait where a slot comes first, not all at the first source.
                var soon: [Duration] = []
                for configured in atLimit { soon.append(await governor.freesIn([configured.id]) ?? .zero) }
                pending = atLimit.indices.sorted { soon[$0] != soon[$1] ? soon[$0] < soon[$1] : $0 < $1 }.map {
                    atLimit[$0]
                }
            }
        } else {
            reports = await withTaskGroup(of: (Int, SourceActions).self) { group in
                for (index, configured) in asked.enumerated() {
                    let context = RequestContext(endpoint: configured.endpoint, today: today)
                    group.addTask {
                        (
                            index,
                            await self.actions(
                                ticker, from: configured, feeds: feeds, context: context,
                                maxWait: patience)
                        )
                    }
                }
                var reports = [SourceActions?](repeating: nil, count: asked.count)
                for await (index, report) in group { reports[index] = report }
                return reports.compactMap { $0 }
            }
        }
        let merged = reports.map { ActionReport(source: $0.source, feeds: $0.answered, actions: $0.actions) }
        let ledger = ActionLedger.merge(ticker: ticker, reports: merged)
        // In priority order, a source's feeds in order.
        let attempts = consulted.flatMap { configured in
            skipped.filter { $0.attempt.source == configured.id }
                + (reports.first { $0.source == configured.id }?.attempts ?? [])
        }
        var result = ActionsResult(
            ticker: ticker, ledger: ledger, attempts: attempts, warnings: reports.flatMap(\.warnings), failure: nil,
            simulated: simulated)
        result.reports = merged
        let cut = attempts.filter { $0.attempt.outcome == .cancelled }.map(\.attempt.source.rawValue)
        if !cut.isEmpty {
            // Cancelled: what was read may be shown, but it is not the ledger (it lacks a source).
            let unique = cut.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            result.failure = FetchFailure(
                .cancelled,
                message: "actions for \(ticker) was cancelled before \(unique.joined(separator: ", ")) answered; "
                    + "the events shown lack \(unique.count == 1 ? "its" : "their") reports")
        } else if result.answered(needs).isEmpty {
            let trail = attempts.map {
                "\($0.attempt.source.rawValue) \($0.feed.rawValue) \($0.attempt.outcome.rawValue)"
            }
            let last = attempts.last { $0.feed != .symbolChanges && $0.attempt.outcome != .ok }
            let feedsAsked = attempts.filter { $0.feed != .symbolChanges }
            let what = needs.count == 2 ? "splits and dividends" : needs.map(\.rawValue).sorted().joined()
            if !feedsAsked.isEmpty,
                feedsAsked.allSatisfy({ [.skippedRateLimit, .skippedCircuitOpen].contains($0.attempt.outcome) })
            {
                // Nobody was asked: not "no source reported them".
                result.failure = FetchFailure(
                    .exhausted(last: last?.attempt.source, outcome: last?.attempt.outcome),
                    message: "no source could be asked for \(ticker)'s \(what) now: every one is at its rate limit "
                        + "(or its circuit is open) for longer than \(SettingValues.text(patience)); a "
                        + "later fetch asks again; attempts: " + trail.joined(separator: ", "))
                return result
            }
            result.failure = FetchFailure(
                attempts.isEmpty ? .noSource : .exhausted(last: last?.attempt.source, outcome: last?.attempt.outcome),
                message: attempts.isEmpty
                    ? "no source is configured for \(ticker)"
                    : "no source reported \(needs.count == 2 ? "both splits and dividends" : needs.map(\.rawValue).sorted().joined()) for \(ticker): "
                        + (last.map {
                            "last, \($0.attempt.source.rawValue) said \($0.attempt.outcome.rawValue) (\"\($0.attempt.message ?? "")\"); "
                        } ?? "")
                        + "attempts: " + trail.joined(separator: ", "))
        }
        return result
    }

    /// The longest an actions request waits for a slot at its source unless its caller says
    /// (the `actions` command; a fetch's ledger waits as its bars do).
    static let actionsMaxWait = Duration.seconds(10)
    /// A wait with no bound worth naming: a day.
    static let unboundedWait = Duration.seconds(86_400)

    /// What one source reported, feed by feed.
    struct SourceActions: Sendable {
        var source: SourceID
        var answered: Set<ActionFeed> = []
        var actions: [CorporateAction] = []
        var attempts: [ActionAttempt] = []
        var warnings: [String] = []
    }

    private func actions(
        _ ticker: String, from configured: ConfiguredSource, feeds: Set<ActionFeed>, context: RequestContext,
        maxWait: Duration
    ) async -> SourceActions {
        var report = SourceActions(source: configured.id)
        for feed in ActionFeed.allCases where feeds.contains(feed) {
            guard let first = configured.source.actionRequest(feed, ticker: ticker, context: context) else { continue }
            let (attempt, page) = await read(
                feed, ticker: ticker, first: first, from: configured, context: context, maxWait: maxWait)
            report.attempts.append(ActionAttempt(feed: feed, attempt: attempt))
            guard let page else {
                // A refused key, a spent quota or an open circuit ends this source's turn.
                if feed != .symbolChanges, !attempt.outcome.isTransient, attempt.outcome != .notFound { break }
                continue
            }
            report.answered.insert(feed)
            report.actions += page.actions
            report.warnings += page.warnings.map { "\(configured.id.rawValue): \($0)" }
        }
        return report
    }

    /// One feed, every page, each page a request the governor grants.
    private func read(
        _ feed: ActionFeed, ticker: String, first: ProviderRequest, from configured: ConfiguredSource,
        context: RequestContext, maxWait: Duration
    ) async -> (Attempt, ActionPage?) {
        let id = configured.id
        let started = time.now()
        func attempt(_ outcome: Outcome, status: Int? = nil, message: String? = nil) -> Attempt {
            let elapsed = started.duration(to: time.now())
            return Attempt(
                source: id, outcome: outcome, status: status, message: message,
                milliseconds: Int(
                    elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000))
        }
        let reservation: Reservation
        do {
            // A short wait for a slot (a per-second window); a source at its limit for longer is
            // said and passed over (the ledger is merged from those that answer).
            reservation = try await governor.reserve([id], maxWait: maxWait)
        } catch {
            return (attempt(.cancelled, message: "cancelled"), nil)
        }
        guard reservation.source == id else {
            let passed = reservation.passedOver.first
            return (attempt(passed?.outcome ?? .skippedRateLimit, message: passed?.message), nil)
        }
        var ticket = reservation.ticket
        var request: ProviderRequest? = first
        var whole = ActionPage(actions: [])
        var guardPages = PageGuard(maxPages: fetcher.maxPages)
        var lastStatus: Int?
        var sent = 0
        while let current = request {
            if let stop = guardPages.stop(before: current) {
                whole.warnings.append("\(feed.rawValue): \(stop); the rows read so far are kept")
                break
            }
            if sent > 0 {
                do {
                    ticket = try await governor.continueAt(id, after: ticket)
                } catch let error as QuotaSpentBetweenPages {
                    return (attempt(.skippedRateLimit, status: lastStatus, message: error.message), nil)
                } catch let error as QuotaLedgerUnreadable {
                    return (attempt(.skippedRateLimit, status: lastStatus, message: error.message), nil)
                } catch {
                    return (attempt(.cancelled, status: lastStatus, message: "cancelled between pages"), nil)
                }
            }
            sent += 1
            let outcome: Result<ActionPage, SourceFailure>
            do {
                var response = try await fetcher.transport.get(current, timeout: fetcher.timeout)
                response.requestURL = current.url
                lastStatus = response.status
                outcome = configured.source.interpretActions(response, feed: feed, ticker: ticker, context: context)
            } catch {
                outcome = .failure(SourceFetcher.failure(for: error, timeout: fetcher.timeout))
            }
            switch outcome {
            case .failure(let failure):
                let message = fetcher.redactor(failure.message)
                await governor.report(
                    id, ticket: ticket, outcome: failure.outcome, retryAfter: failure.retryAfter, message: message,
                    quotaSpent: failure.quotaSpent, onlyOnADailyPlan: failure.spentOnlyOnADailyPlan)
                return (attempt(failure.outcome, status: failure.status, message: message), nil)
            case .success(let page):
                whole.actions += page.actions
                whole.warnings += page.warnings.map { fetcher.redactor($0) }
                request = page.next
            }
        }
        await governor.report(id, ticket: ticket, outcome: .ok)
        return (attempt(.ok, status: lastStatus), whole)
    }
}
