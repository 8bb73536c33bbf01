/// Where a batch sends each ticker's first request when several sources could take it: decided
/// in list order from the sources' limits alone, never from when answers happen to arrive, so
/// the same batch over the same sources is routed the same way on every run.
///
/// The plan counts the requests it has sent to each source, from what each had already used
/// when the batch first considered it (in windows of a minute or more: this process's requests
/// and, where the ledger counts them, other processes'; a per-second window's count at that
/// moment depends on when the last answers came, so it is not read), and plans when each can
/// start (see `start(of:windows:)`; the latest over the source's windows, at once with no limit,
/// never before a cool-down ends). A ticker goes to the source whose next planned start is
/// earliest, the earlier in priority order on a tie — so with room everywhere it goes to the
/// first source, as a single fetch does, and a batch under limits is spread at the sources'
/// rates; if that source cannot serve it, the next it tries is the next by the same order. A
/// ticker whose basis needs its corporate actions also plans where they are asked — its splits,
/// and the second source a "no splits" answer needs — each where the next request is planned
/// earliest, on a tie at the source whose limit gives a spent request back soonest (a daily
/// quota is spent last), so the plan counts every request a ticker makes, not only its bars.
struct BatchPlan: Sendable {
    /// A source the plan may use: its windows as configured, and (read the first time the plan
    /// meets it) the requests its windows already count and how long until its cool-down ends.
    struct Option: Sendable {
        var source: SourceID
        var windows: [RateWindow]
        var used = 0
        var coolingFor = Duration.zero
    }

    /// The plan's choice: the source, how long after the batch's first request its turn is, the
    /// sources to ask first for the ticker's corporate actions (empty when it needs none), and
    /// the others in the order to try them if the first cannot serve, each with its planned start.
    struct Choice: Sendable, Equatable {
        var source: SourceID
        var startsAfter: Duration
        var ledger: [SourceID] = []
        var then: [Step] = []
    }

    /// A source to try, and how long after the batch's first request the plan has it start.
    struct Step: Sendable, Equatable {
        var source: SourceID
        var startsAfter: Duration
    }

    private var sent: [SourceID: Int] = [:]
    private var coolingFor: [SourceID: Duration] = [:]

    /// Whether the plan has yet to meet `source` (its `used` and `coolingFor` are read then).
    func meets(_ source: SourceID) -> Bool { sent[source] == nil }

    /// How long after the batch's first request the `k`-th request to a source with `windows`
    /// is planned: the first `count` of each window at once, then one every `length / count`
    /// (the k-th at `length × k / count`, so the second window's first at `length`), so that
    /// past the first window the sources take turns at their rates rather than in runs.
    static func start(of k: Int, windows: [RateWindow]) -> Duration {
        windows.map { k < $0.count ? .zero : $0.length * (Double(k) / Double($0.count)) }.max() ?? .zero
    }

    /// When the next request sent to `option` is planned to start.
    func nextStart(at option: Option) -> Duration {
        max(
            Self.start(of: sent[option.source] ?? option.used, windows: option.windows),
            coolingFor[option.source] ?? option.coolingFor)
    }

    /// Chooses among `options` (in priority order, not empty) and counts the ticker's requests:
    /// its bars, and with `ledger` its corporate actions' two. `preferring` (the source whose
    /// cached bars the ticker would complete) goes first when its next slot is planned at most
    /// `PlannedRoute.slack` after the earliest.
    mutating func choose(_ options: [Option], ledger: Bool, preferring: SourceID? = nil) -> Choice {
        for option in options where meets(option.source) {
            sent[option.source] = option.used
            coolingFor[option.source] = option.coolingFor
        }
        var order = ordered(options, renewingFirst: false)
        if let preferring, let at = order.firstIndex(where: { $0.source == preferring }),
            order[at].startsAfter <= order[0].startsAfter + PlannedRoute.slack
        {
            order.insert(order.remove(at: at), at: 0)
        }
        var best = order[0]
        sent[best.source, default: 0] += 1
        best.then = order.dropFirst().map { Step(source: $0.source, startsAfter: $0.startsAfter) }
        guard ledger else { return best }
        for _ in 0..<2 {
            guard let next = ordered(options.filter { !best.ledger.contains($0.source) }, renewingFirst: true).first
            else { break }
            sent[next.source, default: 0] += 1
            best.ledger.append(next.source)
        }
        return best
    }

    /// The options by their next planned start; on a tie, in priority order, or with
    /// `renewingFirst` the source whose limit gives a spent request back soonest first.
    private func ordered(_ options: [Option], renewingFirst: Bool) -> [Choice] {
        let starts = options.map { nextStart(at: $0) }
        let renewal = options.map { option in option.windows.map { $0.length / $0.count }.max() ?? .zero }
        return options.indices.sorted { a, b in
            if starts[a] != starts[b] { return starts[a] < starts[b] }
            if renewingFirst, renewal[a] != renewal[b] { return renewal[a] < renewal[b] }
            return a < b
        }.map { Choice(source: options[$0].source, startsAfter: starts[$0]) }
    }
}

/// A ticker's planned source for its first request and when the plan expects it to start. A
/// slot more than `slack` later than that (another process drawing on the same key, a 429's
/// cool-down) gives the plan up for the first source with room.
struct PlannedRoute: Sendable {
    var source: SourceID
    var due: Moment
    static let slack = Duration.seconds(1)

    /// Whether a slot at `ready` is close enough to the plan to wait for (and within `maxWait`).
    func keeps(_ ready: Moment, now: Moment, maxWait: Duration?) -> Bool {
        let wait = now.duration(to: ready)
        let planned = max(now.duration(to: due), .zero)
        return wait <= planned + Self.slack && maxWait.map { wait <= $0 } ?? true
    }
}
