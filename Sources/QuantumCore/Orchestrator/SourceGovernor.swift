import Foundation

/// One source's health as the orchestrator sees it, for `sources` and `limits`.
public struct SourceStatus: Sendable {
    public struct WindowUsage: Sendable {
        public var window: RateWindow
        public var used: Int
        /// When the oldest counted request stops counting.
        public var resetsIn: Duration?
    }

    public var id: SourceID
    public var windows: [WindowUsage]
    public var breaker: CircuitBreaker.Phase
    public var breakerRemaining: Duration?
    /// Cool-down left after a rate-limit answer.
    public var coolingFor: Duration?
    /// Why the source is not used any more this session (its key was refused).
    public var unusable: String?
    public var requests: Int
    /// The provider said its day's (or plan's) quota is spent until then.
    public var quotaSpentUntil: Date?
    /// The documented plan the windows are, while they are the provider's defaults
    /// (`free plan; set EODHD_LIMITS for a paid one`).
    public var plan: String?
}

/// Where a request may go: the source (none when every candidate is out), the sources passed
/// over on the way, and the ticket to hand back with the answer.
public struct Reservation: Sendable {
    public var source: SourceID?
    public var passedOver: [PassedOver]
    public var ticket: RollingWindowLimiter<Moment>.Ticket
    /// With no source: how soon the earliest slot frees, when that was further away than the
    /// wait allowed (nil when no candidate will have room, or a source was reserved).
    public var freesIn: Duration?
}

/// A source passed over while choosing where a request goes, and why.
public struct PassedOver: Sendable, Equatable {
    public var source: SourceID
    /// `skipped_rate_limit`, `skipped_circuit_open` or `skipped_disabled`.
    public var outcome: Outcome
    public var message: String
}

/// The state that keeps the sources healthy across every ticker of a session: rolling-window
/// limits (each request counted until its answer proves when it can have arrived, so a provider
/// counting strictly never sees too many), rate-limit cool-downs, circuit breakers, sources whose key was refused, and the shared retry
/// budget. It decides where each request may go and waits, cancellably, when none can go yet.
public actor SourceGovernor {
    struct Entry {
        var configured: [RateWindow]
        var limiter: RollingWindowLimiter<Moment>
        var breaker: CircuitBreaker
        var coolUntil: Moment?
        var unusable: String?
        /// When the key was refused (for `keyRefusalCoolDown`).
        var unusableSince: Moment?
        var requests = 0
        /// The provider said the day's (or plan's) quota is spent until then (wall time).
        var spentUntil: Date?
        /// When the ledger was last asked about a spent quota (another process may mark one).
        var spentCheckedAt: Moment?
    }

    private var entries: [SourceID: Entry] = [:]
    private var budget: RetryBudget
    private let time: TimeSource
    private let ledger: (any QuotaLedger)?
    /// The ledger's grant behind each ticket still in flight (a ledger that counts every window).
    private var ledgerGrants: [SourceID: [RollingWindowLimiter<Moment>.Ticket: Int64]] = [:]
    /// Whether the ledger's last answer was an error (said once, until it answers again).
    private var ledgerDown = false
    /// Whose quota each source draws on in the ledger (provider and key hash).
    private var quotaKeys: [SourceID: QuotaKey]
    private let breakerTemplate: CircuitBreaker
    /// Where its events go: a refused key, an opened or closed circuit, a spent quota, an
    /// unreadable ledger, a wait longer than a second (said before it starts).
    public nonisolated let events: EngineEvents
    private var lastAnnounced: Moment?
    /// Times a request waited for a slot (every source it could go to at its limit), since the start.
    public private(set) var waits = 0
    /// How long a source whose key was refused (401/403) is set aside: nil for the rest of the
    /// session (the command line: the user fixes the key and says `sources enable`); `quantum
    /// serve` asks again after a cool-down, so a key fixed at the provider is used without a
    /// restart.
    public private(set) var keyRefusalCoolDown: Duration?

    public func setKeyRefusalCoolDown(_ coolDown: Duration?) {
        keyRefusalCoolDown = coolDown
    }

    /// Why `id` is set aside for a refused key, with how long it stays so; nil when it is not (a
    /// cool-down that has run out sets it back).
    private func refusal(_ id: SourceID, at now: Moment) -> String? {
        guard let reason = entries[id]?.unusable else { return nil }
        guard let coolDown = keyRefusalCoolDown else { return "not asked again this session: \(reason)" }
        let since = entries[id]?.unusableSince ?? now
        let left = coolDown - since.duration(to: now)
        guard left > .zero else {
            reinstate(id)
            return nil
        }
        return "not asked again for \(Orchestrator.spoken(left)): \(reason)"
    }

    /// `ledger` counts windows across processes: every window when it `countsEveryWindow` (the
    /// SQLite and PostgreSQL ledgers), else those of an hour or more; without one they are
    /// counted here only.
    public init(
        limits: [SourceID: [RateWindow]], time: TimeSource = .continuous, ledger: (any QuotaLedger)? = nil,
        quotaKeys: [SourceID: QuotaKey] = [:], breaker: CircuitBreaker = CircuitBreaker(),
        budget: RetryBudget = RetryBudget(), events: EngineEvents = EngineEvents()
    ) {
        self.events = events
        self.time = time
        self.ledger = ledger
        self.quotaKeys = quotaKeys
        self.budget = budget
        self.breakerTemplate = breaker
        for (id, windows) in limits {
            entries[id] = Entry(configured: windows, limiter: RollingWindowLimiter(windows: windows), breaker: breaker)
        }
    }

    /// A source with no limits configured.
    private var unlimited: Entry {
        Entry(configured: [], limiter: RollingWindowLimiter(windows: []), breaker: breakerTemplate)
    }

    /// Reserves a request slot at the first candidate, in order, that can take one now. Sources
    /// at their limit are passed over for a later one with room; when none has room, waits for
    /// the earliest free slot (or, with `wait` false, returns no source). A batch's ticker's
    /// request goes where the batch's plan puts it (`BatchPlan`: the first plans its
    /// corporate-actions requests too with `ledgerToo`; a later one, after a source that could
    /// not serve, goes to the next by the plan), waiting for that source's slot unless it is out
    /// or the slot comes more than a second later than planned. Returns no source when
    /// every candidate is out (circuit open or key refused). With `maxWait`, a free slot further
    /// away than that is not waited for either. Throws `CancellationError` if cancelled while
    /// waiting.
    public func reserve(
        _ candidates: [SourceID], wait: Bool = true, maxWait: Duration? = nil, ledgerToo: Bool = false
    ) async throws -> Reservation {
        // A batch's tickers first ask in their order (`BatchTurns`); waiting for a slot ends the turn.
        let turn = Orchestrator.batchTurn
        await turn?.wait()
        defer { turn?.finish() }
        var route = await planned(candidates, turn: turn, ledger: ledgerToo)
        while true {
            let now = time.now()
            var passed: [PassedOver] = []
            var earliest: Moment?
            // With a plan: the sources before the planned one are passed over, those after it not asked.
            let last = route.flatMap { candidates.firstIndex(of: $0.source) } ?? candidates.count - 1
            for id in candidates[...last] {
                if let refused = refusal(id, at: now) {
                    passed.append(PassedOver(source: id, outcome: .skippedDisabled, message: refused))
                    continue
                }
                var entry = entries[id] ?? unlimited
                if let until = await spentUntil(id) {
                    passed.append(
                        PassedOver(
                            source: id, outcome: .skippedRateLimit,
                            message: "its quota is spent until \(Self.resetText(until, from: time.wallNow()))"))
                    continue
                }
                entry = entries[id] ?? entry
                if !entry.breaker.wouldAllow(at: now) {
                    let left =
                        entry.breaker.describe(at: now).remaining.map { " for \(SettingValues.text(Self.rounded($0)))" }
                        ?? ""
                    passed.append(
                        PassedOver(
                            source: id, outcome: .skippedCircuitOpen,
                            message: "circuit open\(left) after repeated failures"))
                    continue
                }
                if let route, id != route.source {
                    passed.append(
                        PassedOver(
                            source: id, outcome: .skippedRateLimit,
                            message: "its next slots are planned for other requests of this batch"))
                    continue
                }
                var ready = entry.limiter.earliestGrant(at: now)
                if let cool = entry.coolUntil, cool > now { ready = max(ready ?? cool, cool) }
                if ready == nil {
                    let ticket = entry.limiter.begin(at: now)
                    entry.requests += 1
                    entries[id] = entry
                    switch await ledgerGrant(id, ticket: ticket) {
                    case .granted:
                        _ = entries[id]?.breaker.allow(at: time.now())
                        return Reservation(source: id, passedOver: passed, ticket: ticket)
                    case .notUntil(let free):
                        withdraw(ticket, at: id)
                        ready = now.advanced(by: .milliseconds(Int(free.timeIntervalSince(time.wallNow()) * 1000) + 1))
                    case .spent(let until):
                        withdraw(ticket, at: id)
                        passed.append(
                            PassedOver(
                                source: id, outcome: .skippedRateLimit,
                                message: "its quota is spent until \(Self.resetText(until, from: time.wallNow()))"))
                        continue
                    case .unreadable(let reason):
                        withdraw(ticket, at: id)
                        passed.append(
                            PassedOver(source: id, outcome: .skippedRateLimit, message: Self.ledgerRefusal(reason)))
                        continue
                    }
                }
                if let ready {
                    passed.append(
                        PassedOver(
                            source: id, outcome: .skippedRateLimit,
                            message:
                                "at its rate limit for \(SettingValues.text(Self.rounded(now.duration(to: ready))))"))
                    earliest = min(earliest ?? ready, ready)
                }
            }
            if let planned = route, !(earliest.map { wait && planned.keeps($0, now: now, maxWait: maxWait) } ?? false) {
                // The planned source is out, or will not have room about when the plan said (a
                // cool-down, another process's requests): the first source with room takes it.
                route = nil
                continue
            }
            guard let earliest, wait, maxWait.map({ now.duration(to: earliest) <= $0 }) ?? true else {
                return Reservation(
                    source: nil, passedOver: passed, ticket: -1, freesIn: earliest.map { now.duration(to: $0) })
            }
            announceWait(until: earliest, at: now, for: candidates)
            waits += 1
            turn?.finish()
            do {
                try await time.sleep(earliest)
            } catch {
                // Cancelled (Ctrl-C): the next command's wait is said, however soon it comes.
                lastAnnounced = nil
                throw error
            }
        }
    }

    /// Where a batch's plan sends this ticker's request (`BatchPlan`; its first plans its
    /// corporate actions' too with `ledger`), among the candidates usable now; nil outside a
    /// batch, for a ticker not routed in its turn, or with one choice.
    private func planned(_ candidates: [SourceID], turn: BatchTurn?, ledger: Bool, preferring: SourceID? = nil) async
        -> PlannedRoute?
    {
        guard let turn, candidates.count > 1 else { return nil }
        let now = time.now()
        var options: [BatchPlan.Option] = []
        for id in candidates where refusal(id, at: now) == nil {
            let entry = entries[id] ?? unlimited
            guard entry.breaker.wouldAllow(at: now), await spentUntil(id) == nil else { continue }
            var option = BatchPlan.Option(source: id, windows: entry.configured)
            if turn.meets(id) {
                option.used = await used(id, entry: entry, now: now)
                if let cool = entry.coolUntil, cool > now { option.coolingFor = now.duration(to: cool) }
            }
            options.append(option)
        }
        guard options.count > 1 else { return nil }
        return turn.route(among: options, ledger: ledger, preferring: preferring, now: now)
    }

    /// Whether a ticker whose cached bars from `source` lack some days is completed from that
    /// source (else the whole range comes from another, never stitched from two). Alone: when
    /// it has room now. A batch's ticker asks in its turn, by the batch's plan (`BatchPlan`):
    /// when its next slot is planned at most a second after the earliest among `candidates`.
    public func completes(from source: SourceID, candidates: [SourceID], ledgerToo: Bool) async -> Bool {
        guard let turn = Orchestrator.batchTurn else { return await hasRoom(source) }
        await turn.wait()
        guard let route = await planned(candidates, turn: turn, ledger: ledgerToo, preferring: source) else {
            return await hasRoom(source)
        }
        return route.source == source
    }

    /// The most requests any of the source's windows of a minute or more counts now: this
    /// process's, and the ledger's where it counts that window (other processes' too).
    private func used(_ id: SourceID, entry: Entry, now: Moment) async -> Int {
        let minute = Duration.seconds(60)
        var most = entry.limiter.usage(at: now).filter { $0.window.length >= minute }.map(\.used).max() ?? 0
        guard let ledger else { return most }
        let key = quotaKeys[id] ?? QuotaKey(provider: id, apiKey: nil)
        for window in entry.configured
        where window.length >= minute && (ledger.countsEveryWindow || window.isLong) {
            if let used = try? await ledger.used(key, window: window, now: time.wallNow()) { most = max(most, used) }
        }
        return most
    }

    /// A further request for the same fetch (the next page): the previous one's answer is in,
    /// and this one waits for room at the same source — its windows, in the ledger too, and a
    /// cool-down another request's 429 started. Returns the new ticket; throws
    /// `CancellationError` when cancelled while waiting, `QuotaLedgerUnreadable` when the ledger
    /// cannot be read, and `QuotaSpentBetweenPages` when the source's quota was said to be spent
    /// meanwhile (the page is not asked for in either case).
    public func continueAt(_ id: SourceID, after ticket: RollingWindowLimiter<Moment>.Ticket) async throws
        -> RollingWindowLimiter<Moment>.Ticket
    {
        await answerLedger(id, ticket: ticket)
        entries[id]?.limiter.complete(ticket, at: time.now())
        while true {
            guard entries[id] != nil else { return -1 }
            if let until = await spentUntil(id) {
                throw QuotaSpentBetweenPages(
                    message: "its quota is spent until \(Self.resetText(until, from: time.wallNow()))")
            }
            let now = time.now()
            guard var entry = entries[id] else { return -1 }
            var ready = entry.limiter.earliestGrant(at: now)
            if let cool = entry.coolUntil, cool > now { ready = max(ready ?? cool, cool) }
            if let ready {
                announceWait(until: ready, at: now, for: [id])
                waits += 1
                try await time.sleep(ready)
                continue
            }
            let next = entry.limiter.begin(at: now)
            entry.requests += 1
            entries[id] = entry
            switch await ledgerGrant(id, ticket: next) {
            case .granted:
                return next
            case .notUntil(let free):
                withdraw(next, at: id)
                let retry = now.advanced(by: .milliseconds(Int(free.timeIntervalSince(time.wallNow()) * 1000) + 1))
                announceWait(until: retry, at: now, for: [id])
                waits += 1
                try await time.sleep(retry)
            case .spent(let until):
                withdraw(next, at: id)
                throw QuotaSpentBetweenPages(
                    message: "its quota is spent until \(Self.resetText(until, from: time.wallNow()))")
            case .unreadable(let reason):
                withdraw(next, at: id)
                throw QuotaLedgerUnreadable(message: Self.ledgerRefusal(reason))
            }
        }
    }

    /// What the ledger says about one more request at `id` now (granted when it keeps no window
    /// of this source). A ledger that counts every window holds the grant open under `ticket`
    /// until its answer.
    private func ledgerGrant(_ id: SourceID, ticket: RollingWindowLimiter<Moment>.Ticket) async -> LedgerVerdict {
        guard let ledger, let configured = entries[id]?.configured else { return .granted }
        let windows = ledger.countsEveryWindow ? configured : configured.filter(\.isLong)
        guard !windows.isEmpty else { return .granted }
        let key = quotaKeys[id] ?? QuotaKey(provider: id, apiKey: nil)
        do {
            let wall = time.wallNow()
            guard ledger.countsEveryWindow else {
                let free = try await ledger.reserve(key, windows: windows, now: wall)
                ledgerDown = false
                return free.map(LedgerVerdict.notUntil) ?? .granted
            }
            let verdict = try await ledger.grant(key, windows: windows, now: wall)
            ledgerDown = false
            switch verdict {
            case .granted(let grant):
                ledgerGrants[id, default: [:]][ticket] = grant
                return .granted
            case .notUntil(let free):
                return .notUntil(free)
            case .spent(let until):
                // Another process was told: this one knows from now on too.
                entries[id]?.spentUntil = until
                entries[id]?.spentCheckedAt = time.now()
                return .spent(until)
            }
        } catch {
            if !ledgerDown {
                ledgerDown = true
                events.emit(.ledgerUnreadable(reason: "\(error)"))
            }
            return .unreadable("\(error)")
        }
    }

    /// Tells the ledger the answer to `ticket` is in. If it cannot be told, the grant counts as
    /// in flight until the ledger's flight limit: later, never sooner.
    private func answerLedger(_ id: SourceID, ticket: RollingWindowLimiter<Moment>.Ticket) async {
        guard let ledger, let grant = ledgerGrants[id]?.removeValue(forKey: ticket) else { return }
        try? await ledger.answered(
            quotaKeys[id] ?? QuotaKey(provider: id, apiKey: nil), grant: grant, at: time.wallNow())
    }

    /// A grant taken in this process's limiter whose request will not be sent.
    private func withdraw(_ ticket: RollingWindowLimiter<Moment>.Ticket, at id: SourceID) {
        entries[id]?.limiter.cancel(ticket)
        entries[id]?.requests -= 1
    }

    private static func ledgerRefusal(_ reason: String) -> String {
        "not asked: its quota ledger could not be read (\(reason)), and a limit is never lifted for lack of one"
    }

    /// Sets whose quota a source draws on (its key changed).
    public func setQuotaKey(_ key: QuotaKey, for id: SourceID) {
        quotaKeys[id] = key
    }

    /// Tells the governor how a request went, so limits, breakers and the budget follow. A
    /// provider saying the quota is spent takes the source out until the next 00:00 UTC (when
    /// daily quotas reset), in the ledger too, so other processes skip it as well; words that may
    /// also mean a per-minute limit do so only for a source with a day window (a daily plan).
    public func report(
        _ id: SourceID, ticket: RollingWindowLimiter<Moment>.Ticket, outcome: Outcome, retryAfter: Duration? = nil,
        message: String? = nil,
        quotaSpent: Bool = false, onlyOnADailyPlan: Bool = false
    ) async {
        await answerLedger(id, ticket: ticket)
        var entry = entries[id] ?? unlimited
        let now = time.now()
        entry.limiter.complete(ticket, at: now)
        if quotaSpent, !onlyOnADailyPlan || entry.configured.contains(where: { $0.length >= .seconds(86_400) }) {
            let wall = time.wallNow()
            let reset = Self.nextUTCMidnight(after: wall)
            entry.spentUntil = reset
            entry.spentCheckedAt = now
            entries[id] = entry
            events.emit(.quotaSpent(id, reason: message ?? "quota reached", until: reset, at: wall))
            try? await ledger?.markSpent(quotaKeys[id] ?? QuotaKey(provider: id, apiKey: nil), until: reset)
            return
        }
        let wasClosed = entry.breaker.describe(at: now).state == .closed
        switch outcome {
        case .ok:
            entry.breaker.recordSuccess()
            budget.depositSuccess()
        case .notFound, .noData, .unsupported:
            entry.breaker.recordSuccess()
        case .serverError, .timeout, .networkError, .badResponse:
            let wasOpen = entry.breaker.describe(at: now).state == .open
            entry.breaker.recordFailure(at: now)
            if !wasOpen, entry.breaker.describe(at: now).state == .open {
                events.emit(
                    .circuitOpened(id, cooldown: entry.breaker.cooldown, failures: entry.breaker.threshold))
            }
        case .rateLimited:
            entry.breaker.recordSuccess()
            let shortest = entry.configured.map(\.length).min() ?? .seconds(1)
            entry.coolUntil = now.advanced(by: retryAfter ?? shortest)
        case .authFailed:
            if entry.unusable == nil {
                entry.unusable = "its key was refused (\(message ?? "auth failed"))"
                entry.unusableSince = now
                events.emit(.keyRefused(id, reason: message ?? "auth failed"))
            }
        default:
            break
        }
        if !wasClosed, entry.breaker.describe(at: now).state == .closed { events.emit(.circuitClosed(id)) }
        entries[id] = entry
    }

    /// Until when the source's quota is spent, from this process or the ledger (asked at most
    /// once a minute per source, so a mark another process writes is seen soon).
    private func spentUntil(_ id: SourceID) async -> Date? {
        let wall = time.wallNow()
        let now = time.now()
        if entries[id]?.spentCheckedAt.map({ $0.duration(to: now) >= .seconds(60) }) ?? true {
            entries[id, default: unlimited].spentCheckedAt = now
            if let ledger,
                let until = try? await ledger.spentUntil(
                    quotaKeys[id] ?? QuotaKey(provider: id, apiKey: nil), now: wall)
            {
                entries[id]?.spentUntil = until
            }
        }
        guard let until = entries[id]?.spentUntil, until > wall else { return nil }
        return until
    }

    /// Says a wait of more than a second before it starts, at most once every 5 seconds (and
    /// again after a wait was cancelled).
    private func announceWait(until ready: Moment, at now: Moment, for candidates: [SourceID]) {
        let wait = now.duration(to: ready)
        guard wait > .seconds(1), lastAnnounced.map({ $0.duration(to: now) >= .seconds(5) }) ?? true else { return }
        lastAnnounced = now
        events.emit(.waitingForSlot(candidates, wait: Self.rounded(wait)))
    }

    /// The next 00:00 UTC after `date`.
    static func nextUTCMidnight(after date: Date) -> Date {
        let day = (date.timeIntervalSince1970 / 86_400).rounded(.down)
        return Date(timeIntervalSince1970: (day + 1) * 86_400)
    }

    /// "00:00 UTC (in 9h12m)".
    static func resetText(_ reset: Date, from now: Date) -> String {
        let minutes = max(0, Int(reset.timeIntervalSince(now) / 60))
        return "00:00 UTC (in \(minutes / 60)h \(minutes % 60)m)"
    }

    /// Whether a retry after `outcome` may go: takes its cost from the shared budget.
    public func permitRetry(after outcome: Outcome) -> Bool {
        budget.withdraw(after: outcome)
    }

    /// How soon the first of `ids` has room in this process (its windows and cool-down), or nil
    /// when one has room now or none will (its key refused, its quota spent).
    public func freesIn(_ ids: [SourceID]) -> Duration? {
        let now = time.now()
        var soonest: Duration?
        for id in ids {
            guard let entry = entries[id], entry.unusable == nil else { continue }
            var ready = entry.limiter.earliestGrant(at: now)
            if let cool = entry.coolUntil, cool > now { ready = max(ready ?? cool, cool) }
            guard let ready else { return nil }
            soonest = min(soonest ?? now.duration(to: ready), now.duration(to: ready))
        }
        return soonest
    }

    /// Whether a request to `id` would be granted now in this process (no limit reached, no
    /// cool-down, circuit not open, key not refused, quota not spent); the shared ledger is
    /// asked only when a request is actually reserved.
    public func hasRoom(_ id: SourceID) async -> Bool {
        let now = time.now()
        if refusal(id, at: now) != nil { return false }
        guard let entry = entries[id] else { return true }
        guard entry.breaker.wouldAllow(at: now), await spentUntil(id) == nil else {
            return false
        }
        if let cool = entry.coolUntil, cool > now { return false }
        guard entry.limiter.earliestGrant(at: now) == nil else { return false }
        // Other processes' grants: the machine's (or the team's) ledger has the last word.
        guard let ledger else { return true }
        let key = quotaKeys[id] ?? QuotaKey(provider: id, apiKey: nil)
        let wall = time.wallNow()
        for window in entry.configured where ledger.countsEveryWindow || window.isLong {
            guard let used = try? await ledger.used(key, window: window, now: wall), used < window.count else {
                return false
            }
        }
        return true
    }

    /// Asks a source again after it was set aside for a refused key (`sources enable NAME`, say
    /// after the key was fixed or an injected `authfail` cleared).
    public func reinstate(_ id: SourceID) {
        entries[id]?.unusable = nil
    }

    /// Sets a source's windows at run time (`limits NAME 4/s`).
    public func setLimits(_ windows: [RateWindow], for id: SourceID) {
        if var entry = entries[id] {
            entry.configured = windows
            entry.limiter.setWindows(windows)
            entries[id] = entry
        } else {
            entries[id] = Entry(
                configured: windows, limiter: RollingWindowLimiter(windows: windows), breaker: breakerTemplate)
        }
    }

    public func status() async -> [SourceStatus] {
        let now = time.now()
        let wall = time.wallNow()
        var statuses: [SourceStatus] = []
        for id in entries.keys.sorted() {
            guard let entry = entries[id] else { continue }
            let usage = entry.limiter.usage(at: now)
            var windows: [SourceStatus.WindowUsage] = []
            for (configured, used) in zip(entry.configured, usage) {
                var count = used.used
                var resetsIn = used.resetsAt.map { now.duration(to: $0) }
                let key = quotaKeys[id] ?? QuotaKey(provider: id, apiKey: nil)
                if let ledger, configured.isLong || ledger.countsEveryWindow,
                    let counted = try? await ledger.used(key, window: configured, now: wall)
                {
                    count = max(count, counted)
                    // Other processes' grants: the window resets a window's length after the first.
                    if counted > used.used,
                        let first = try? await ledger.firstCounted(key, window: configured, now: wall)
                    {
                        let ledgerReset = Duration.milliseconds(
                            Int64(max(0, first.timeIntervalSince(wall) + configured.length.seconds) * 1000))
                        resetsIn = max(resetsIn ?? .zero, ledgerReset)
                    }
                }
                windows.append(SourceStatus.WindowUsage(window: configured, used: count, resetsIn: resetsIn))
            }
            let breaker = entry.breaker.describe(at: now)
            let cooling = entry.coolUntil.flatMap { $0 > now ? now.duration(to: $0) : nil }
            let spent = await spentUntil(id)
            statuses.append(
                SourceStatus(
                    id: id, windows: windows, breaker: breaker.state, breakerRemaining: breaker.remaining,
                    coolingFor: cooling,
                    unusable: entry.unusable, requests: entry.requests, quotaSpentUntil: spent,
                    plan: id.descriptor.plan(of: entry.configured)))
        }
        return statuses
    }

    private static func rounded(_ d: Duration) -> Duration {
        .milliseconds(max(1, Int((d.seconds * 10).rounded(.up)) * 100))
    }
}

/// What a quota ledger answered for one more request.
enum LedgerVerdict {
    case granted
    case notUntil(Date)
    /// The quota was said to be spent (by another process) until then.
    case spent(Date)
    /// The ledger could not be read or written: no grant (fail closed).
    case unreadable(String)
}

/// The quota ledger could not be read, so a further request was not sent.
public struct QuotaLedgerUnreadable: Error, Sendable {
    public var message: String
}

/// The source's quota was said to be spent while a fetch was between its pages (another
/// request's answer, here or in another process), so the next page was not asked for.
public struct QuotaSpentBetweenPages: Error, Sendable {
    public var message: String
}
