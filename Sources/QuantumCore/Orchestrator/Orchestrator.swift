import Foundation
import Synchronization

/// A source as configured for this session: the adapter, where it lives, and whether to use it.
public struct ConfiguredSource: Sendable {
    public var source: any DataSource
    public var endpoint: SourceEndpoint
    public var enabled: Bool

    public init(source: any DataSource, endpoint: SourceEndpoint, enabled: Bool = true) {
        self.source = source
        self.endpoint = endpoint
        self.enabled = enabled
    }

    public var id: SourceID { source.id }

    /// Whether a fetch of `listing` may ask this source: enabled, with a key, and carrying the
    /// listing. Every path that picks sources for a fetch (first asks, fallbacks, fills, notes
    /// about sources passed over) asks this, so none names a source that would not be asked.
    public func mayAsk(for listing: Listing) -> Bool {
        enabled && endpoint.key != nil && id.descriptor.serves(listing)
    }
}

/// Serves each ticker from the first source, in priority order, that can: rate-aware (a source
/// at its limit is passed over for one with room), retrying transient failures with backoff
/// within a shared budget, and recording every source consulted. A ticker nobody served fails
/// with a sentence saying why; it is never an empty success.
public struct Orchestrator: Sendable {
    public var sources: [ConfiguredSource]
    public var fetcher: SourceFetcher
    public var governor: SourceGovernor
    public var retry: RetryPolicy
    public var simulated: Bool
    /// The clock: now, waits, today and whether a session has closed.
    public var time: TimeSource
    /// Uniform draws in [0, 1) for backoff jitter; a seam for deterministic tests.
    public var random: @Sendable () -> Double
    /// Candles already fetched; nil to always ask the providers.
    public var cache: CandleCache?
    /// Fetches under way, shared by identical requests.
    public var inFlight: InFlightFetches
    /// Corporate-action ledgers read for derived bases, by ticker.
    public var ledgers = ActionLedgers()
    /// Tickers sources said they do not know, not asked of them again for a while (off unless
    /// its lifetime is set).
    public var unknownTickers = UnknownTickers()
    /// Who this process is when it claims a ticker in a store shared with other processes.
    public var claimHolder = "\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)"

    public init(
        sources: [ConfiguredSource], fetcher: SourceFetcher, governor: SourceGovernor = SourceGovernor(limits: [:]),
        retry: RetryPolicy = RetryPolicy(),
        simulated: Bool = false, time: TimeSource = .continuous,
        today: (@Sendable () -> TradingDate)? = nil,
        sessionIsOver: (@Sendable (TradingDate, ListingCalendar) -> Bool)? = nil,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        cache: CandleCache? = nil, inFlight: InFlightFetches = InFlightFetches()
    ) {
        self.sources = sources
        self.fetcher = fetcher
        self.governor = governor
        self.retry = retry
        self.simulated = simulated
        self.time = time.with(today: today, sessionIsOver: sessionIsOver)
        self.random = random
        self.cache = cache
        self.inFlight = inFlight
    }

    /// Fetches one ticker; when the request is pinned, only that source is asked and its answer
    /// is final. With a cache, cached bars are served (unless the request skips reading it) and
    /// only the rest is asked for. A request identical to one under way waits for that fetch.
    public func fetch(_ request: FetchRequest) async -> FetchResult {
        if request.basis != .native {
            if Self.cacheOnly != nil { return await fetchDerived(request) }
            return await sharingFetches(request, cacheTried: false) { await fetchDerived(request) }
        }
        if let probe = Self.cacheOnly {
            if let answered = await fetchAlone(request, reach: .cacheOnly) { return answered }
            probe.wantSources()
            var result = FetchResult(request: request, simulated: simulated)
            result.failure = FetchFailure(.noSource, message: CacheOnlyProbe.refusal)
            return result
        }
        // A request the cache answers whole sends nothing, so there is no fetch to share: it is
        // answered in the caller's task (a shared fetch runs in a task of its own).
        if let answered = await fetchAlone(request, reach: .cacheOnly) { return answered }
        return await sharingFetches(request, cacheTried: true) {
            await inFlight.fetch(request) { [self] in
                guard let result = await fetchAlone(request, reach: .sources) else {
                    preconditionFailure("a fetch that may ask the sources always has a result")
                }
                return result
            }
        }
    }

    /// How far a fetch may go for its answer.
    enum Reach {
        /// The cache alone: no answer when a source would have to be asked.
        case cacheOnly
        /// The cache, then the sources.
        case sources
    }

    /// `fetch` without sharing: this caller's own fetch; nil only when `reach` is `.cacheOnly`
    /// and the cache does not answer the request whole.
    private func fetchAlone(_ request: FetchRequest, reach: Reach) async -> FetchResult? {
        if reach == .cacheOnly, cache == nil || !request.readsCache { return nil }
        let started = time.now()
        let due = dueThrough(request)
        if let why = noSession(request, due: due) {
            var result = FetchResult(request: request, simulated: simulated)
            result.noSession = true
            result.notes = [why]
            result.expectedThrough = due
            return result
        }
        // The listing's sessions of the range up to today, worked out once for the cache and
        // for what is due.
        let sessions = request.calendar.sessions(from: request.from, through: min(request.to, time.today()))
        var result: FetchResult
        if let cache {
            // A session still open whose bar would be left out is not asked for when the cache
            // holds the rest (it would cost a request per fetch while the market is open).
            let leavesOutOpen = !request.keepsUnfinished && request.calendar.isKnown
            let cacheDays = leavesOutOpen ? sessions.filter { $0 <= due } : sessions
            if reach == .cacheOnly {
                guard let whole = await wholeFromCache(request, cache: cache, days: cacheDays) else { return nil }
                result = whole
            } else {
                result = await fetchThroughCache(request, cache: cache, sessions: cacheDays)
            }
            if result.ok, result.cached > 0, let open = sessions.last, open > due, cacheDays.count < sessions.count,
                !result.notes.contains(Self.leftOutNote(open, request.calendar))
            {
                result.notes.append(Self.leftOutNote(open, request.calendar))
            }
        } else {
            result = await fetchFromSources(request)
        }
        if result.ok {
            leaveOutUnfinished(&result)
            // A bar kept of a session still open (--partial, or a listing whose hours are
            // unknown) counts as due.
            let through = max(due, result.candles.last?.date ?? due)
            result.expectedThrough = through
            // Days without a bar may be asked of the other sources.
            if reach == .cacheOnly,
                !Self.daysWithoutBars(sessions.prefix { $0 <= through }, result.candles).isEmpty
            {
                return nil
            }
            if result.wasCancelled {
                // Cut short: the days that never came are missing, and no other source is asked.
                if request.calendar.judges(from: request.from, through: through) {
                    result.missing = Self.daysWithoutBars(sessions.prefix { $0 <= through }, result.candles)
                }
            } else {
                await complete(&result, due: through, sessions: sessions)
            }
        } else if request.calendar.judges(from: request.from, through: due) {
            result.missing = sessions.filter { $0 <= due }
        }
        result.basisChange = basisChange(of: result)
        result.elapsed = started.duration(to: time.now())
        return result
    }

    /// The request served by one source (through the cache when there is one), before it is
    /// completed from the others.
    func fetchServed(_ request: FetchRequest) async -> FetchResult {
        if let cache { return await fetchThroughCache(request, cache: cache) }
        return await fetchFromSources(request)
    }

    /// The first source in priority order that could serve the request, and the basis it serves.
    public func preferred(for request: FetchRequest) -> (source: SourceID, basis: PriceBasis)? {
        for s in sources
        where (request.pinned == nil || s.id == request.pinned) && s.mayAsk(for: request.listing) {
            if let served = s.source.basis(for: request.basis) { return (s.id, served) }
        }
        return nil
    }

    private func basisChange(of result: FetchResult) -> BasisChange? {
        guard let source = result.source, let basis = result.basis, let preferred = preferred(for: result.request),
            preferred.basis != basis
        else { return nil }
        return BasisChange(preferred: preferred.source, expected: preferred.basis, source: source, served: basis)
    }

    /// Walks the sources in priority order until one serves the ticker.
    func fetchFromSources(_ request: FetchRequest) async -> FetchResult {
        if let probe = Self.cacheOnly {
            probe.wantSources()
            var result = FetchResult(request: request, simulated: simulated)
            result.failure = FetchFailure(.noSource, message: CacheOnlyProbe.refusal)
            return result
        }
        let started = time.now()
        let today = time.today()
        let query = request.query
        let pinned = request.pinned
        let consulted = sources.filter { pinned == nil || $0.id == pinned }
        var trail = AttemptTrail(order: consulted.map(\.id))
        var remaining: [ConfiguredSource] = []
        for configured in consulted {
            if !configured.enabled {
                trail.hold(Attempt(source: configured.id, outcome: .skippedDisabled, message: "disabled"))
            } else if configured.endpoint.key == nil {
                trail.hold(
                    Attempt(
                        source: configured.id, outcome: .skippedNoKey,
                        message: "no \(configured.id.descriptor.environmentPrefix)_API_KEY"))
            } else if !configured.id.descriptor.serves(request.listing) {
                trail.hold(
                    Attempt(
                        source: configured.id, outcome: .skippedListing,
                        message: Self.notCarried(request.ticker, by: configured.id)))
            } else if let said = unknownTickers.remembered(query, at: configured.id, now: started) {
                trail.record(said)
            } else {
                remaining.append(configured)
            }
        }
        var result = FetchResult(request: request, simulated: simulated)
        var lastFailure: (SourceID, SourceFailure)?
        var notedSkips: Set<SourceID> = []
        while !remaining.isEmpty {
            let reservation: Reservation
            do {
                reservation = try await governor.reserve(
                    remaining.map(\.id), wait: request.waitsForSlot, maxWait: request.maxWait,
                    ledgerToo: request.derivesOnRead)
            } catch {
                for configured in remaining {
                    trail.record(Attempt(source: configured.id, outcome: .cancelled, message: "cancelled"))
                }
                break
            }
            for passed in reservation.passedOver {
                if passed.outcome != .skippedRateLimit {
                    remaining.removeAll { $0.id == passed.source }
                    trail.record(Attempt(source: passed.source, outcome: passed.outcome, message: passed.message))
                } else if notedSkips.insert(passed.source).inserted {
                    trail.record(Attempt(source: passed.source, outcome: passed.outcome, message: passed.message))
                }
            }
            guard let id = reservation.source, let configured = remaining.first(where: { $0.id == id }) else {
                if request.waitsForSlot { result.slotFreesIn = reservation.freesIn }
                break
            }
            let context = RequestContext(endpoint: configured.endpoint, today: today)
            let fetched = await fetchRetrying(query, from: configured, context: context, ticket: reservation.ticket)
            trail.record(fetched.attempt)
            unknownTickers.remember(fetched.attempt.outcome, for: query, at: id, now: time.now())
            remaining.removeAll { $0.id == id }
            guard let failure = fetched.failure else {
                result.source = id
                result.basis = fetched.basis
                result.candles = fetched.candles
                result.warnings = fetched.warnings
                result.issues = fetched.issues
                break
            }
            lastFailure = (id, failure)
            if failure.outcome == .cancelled || Task.isCancelled {
                for configured in remaining {
                    trail.record(Attempt(source: configured.id, outcome: .cancelled, message: "cancelled"))
                }
                break
            }
        }
        result.attempts = trail.finish(served: result.ok)
        if !result.ok {
            result.failure = Self.explain(query.ticker, attempts: result.attempts, last: lastFailure)
            if let freesIn = result.slotFreesIn, let bound = request.maxWait {
                result.failure?.message =
                    "no source could serve \(query.ticker) now: each one left is at its rate limit, and the earliest "
                    + "slot frees in \(Self.spoken(freesIn)), longer than the \(Self.spoken(bound)) this request may "
                    + "wait; attempts: "
                    + result.attempts.map { "\($0.source.rawValue) \($0.outcome.rawValue)" }.joined(separator: ", ")
            }
        }
        result.elapsed = started.duration(to: time.now())
        return result
    }

    /// One source's attempt at a query: transient failures are retried there with full-jitter
    /// backoff while the shared budget allows and the source has room now; the tries make one
    /// attempt (the last outcome, the total time, the count in the message).
    private func fetchRetrying(
        _ query: BarQuery, from configured: ConfiguredSource, context: RequestContext,
        ticket: RollingWindowLimiter<Moment>.Ticket
    ) async -> SourceFetch {
        let id = configured.id
        let ticket = Mutex(ticket)
        var tries = 1
        var spent = 0
        while true {
            var fetched = await fetcher.fetch(query, from: configured.source, context: context) { [governor] in
                // Each further page is a request of its own at the same source.
                do {
                    let next = try await governor.continueAt(id, after: ticket.withLock { $0 })
                    ticket.withLock { $0 = next }
                    return nil
                } catch let error as QuotaLedgerUnreadable {
                    return SourceFailure(.skippedRateLimit, status: nil, message: error.message)
                } catch let error as QuotaSpentBetweenPages {
                    return SourceFailure(.skippedRateLimit, status: nil, message: error.message)
                } catch {
                    return SourceFailure(.cancelled, status: nil, message: "cancelled between pages")
                }
            }
            await governor.report(
                id, ticket: ticket.withLock { $0 }, outcome: fetched.attempt.outcome,
                retryAfter: fetched.failure?.retryAfter, message: fetched.failure?.message,
                quotaSpent: fetched.failure?.quotaSpent ?? false,
                onlyOnADailyPlan: fetched.failure?.spentOnlyOnADailyPlan ?? false)
            spent += fetched.attempt.milliseconds
            fetched.attempt.milliseconds = spent
            guard let failure = fetched.failure else {
                if tries > 1 { fetched.attempt.message = "served on try \(tries)" }
                return fetched
            }
            if failure.retryable, tries < retry.maxTries, !Task.isCancelled,
                await governor.permitRetry(after: failure.outcome)
            {
                let pause = retry.delay(beforeRetry: tries - 1, unit: random())
                if (try? await time.sleep(time.now().advanced(by: pause))) != nil,
                    let again = try? await governor.reserve([id], wait: false), again.source == id
                {
                    ticket.withLock { $0 = again.ticket }
                    tries += 1
                    continue
                }
            }
            if tries > 1 { fetched.attempt.message = (fetched.attempt.message ?? "") + " (\(tries) tries)" }
            return fetched
        }
    }

    /// Why `source` is not asked for `ticker`: "polygon serves US listings only", "no alphavantage
    /// symbol is known for listings on the London Stock Exchange (XLON)".
    static func notCarried(_ ticker: String, by source: SourceID) -> String {
        if source == .polygon { return "polygon serves US listings only" }
        let calendar = ListingCalendar(ticker: ticker)
        return "no \(source.rawValue) symbol is known for listings on \(calendar.exchangeName)"
    }

    /// A wait as people say it, rounded up to the second: `0s`, `12s`, `4m 12s`, `3h 5m`.
    static func spoken(_ wait: Duration) -> String {
        if wait <= .zero { return "0s" }
        let s = max(1, Int(wait.seconds.rounded(.up)))
        if s < 60 { return "\(s)s" }
        if s < 3600 { return s % 60 == 0 ? "\(s / 60)m" : "\(s / 60)m \(s % 60)s" }
        return (s % 3600) / 60 == 0 ? "\(s / 3600)h" : "\(s / 3600)h \((s % 3600) / 60)m"
    }

    /// "no source could serve AAPL: last, SOURCE said server_error (503 "…"); attempts: …", or, when
    /// every source that answered knows no such symbol or has no bar of it, "no source knows NOPE
    /// (alphavantage and eodhd do not know the symbol; polygon has no bars of it in the range);
    /// attempts: …".
    static func explain(_ ticker: String, attempts: [Attempt], last: (SourceID, SourceFailure)?) -> FetchFailure {
        guard !attempts.isEmpty else {
            return FetchFailure(.noSource, message: "no source is configured for \(ticker)")
        }
        let trail = attempts.map { "\($0.source.rawValue) \($0.outcome.rawValue)" }.joined(separator: ", ")
        // Cancelled before any source answered (sources skipped without asking aside).
        if attempts.contains(where: { $0.outcome == .cancelled }), !attempts.contains(where: \.outcome.sentRequest) {
            return FetchFailure(.cancelled, message: "cancelled before any source answered for \(ticker)")
        }
        let asked = attempts.filter(\.outcome.sentRequest)
        if asked.contains(where: { $0.outcome == .notFound }),
            asked.allSatisfy({ $0.outcome == .notFound || $0.outcome == .noData })
        {
            // Every source that answered knows no such symbol, or has no bar of it: said plainly.
            let unknown = asked.filter { $0.outcome == .notFound }.map(\.source.rawValue)
            let empty = asked.filter { $0.outcome == .noData }.map(\.source.rawValue)
            let all = { (names: [String]) in
                names.count < 2
                    ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names[names.count - 1]
            }
            let detail =
                "\(all(unknown)) \(unknown.count == 1 ? "does" : "do") not know the symbol"
                + (empty.isEmpty
                    ? "" : "; \(all(empty)) \(empty.count == 1 ? "has" : "have") no bars of it in the range")
            // (The answers may be remembered ones: `UnknownTickers`.)
            return FetchFailure(
                .exhausted(last: last?.0 ?? asked.last?.source, outcome: last?.1.outcome ?? asked.last?.outcome),
                message: "no source knows \(ticker) (\(detail)); attempts: \(trail)")
        }
        guard let (id, failure) = last else {
            return FetchFailure(
                .exhausted(last: nil, outcome: nil),
                message: "no source could serve \(ticker): none was tried (\(trail))")
        }
        let status = failure.status.map { "\($0) " } ?? ""
        return FetchFailure(
            .exhausted(last: id, outcome: failure.outcome),
            message:
                "no source could serve \(ticker): last, \(id.rawValue) said \(failure.outcome.rawValue) "
                + "(\(status)\"\(failure.message)\"); attempts: \(trail)"
        )
    }
}

/// The attempts of one fetch in the order people read them: sources skipped without asking (no
/// key, disabled) are held and placed where their priority puts them among the real attempts,
/// so the source that served is always last.
struct AttemptTrail {
    let order: [SourceID]
    private var held: [Attempt] = []
    private var attempts: [Attempt] = []

    init(order: [SourceID]) {
        self.order = order
    }

    /// A skip that did not depend on timing, to be placed by priority.
    mutating func hold(_ attempt: Attempt) {
        held.append(attempt)
    }

    /// An attempt, in the order made; a source passed over for want of a slot and asked later
    /// keeps only its later attempt (one per source).
    mutating func record(_ attempt: Attempt) {
        let rank = order.firstIndex(of: attempt.source) ?? order.count
        attempts += held.filter { (order.firstIndex(of: $0.source) ?? 0) < rank }
        held.removeAll { (order.firstIndex(of: $0.source) ?? 0) < rank }
        if attempt.outcome != .skippedRateLimit {
            attempts.removeAll { $0.source == attempt.source && $0.outcome == .skippedRateLimit }
        }
        attempts.append(attempt)
    }

    /// The trail; skips ranked after the source that served were never reached and are left out.
    mutating func finish(served: Bool) -> [Attempt] {
        if !served { attempts += held }
        held = []
        return attempts
    }
}
