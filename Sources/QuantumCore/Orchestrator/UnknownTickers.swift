import Synchronization

/// What sources said they do not have, remembered per ticker and source so a repeat costs no
/// request: a ticker a source does not know (`not_found`, whatever the range), and a range it
/// had no bars of (`no_data`: asked again for a range reaching outside it). Believed for
/// `lifetime` after it was said; the attempt then says when it was told (no request sent). Off
/// (a lifetime of zero) unless a front end turns it on: `quantum serve` remembers for an hour
/// (`ServerOptions.unknownTickerLifetime`). At most `capacity` are held; the oldest half is
/// dropped when more would be.
public final class UnknownTickers: Sendable {
    private struct Key: Hashable {
        var ticker: String
        var source: SourceID
    }

    /// One answer: when, which outcome, and for `no_data` the range it covered.
    private struct Said {
        var at: Moment
        var outcome: Outcome
        var from: TradingDate
        var to: TradingDate
    }

    private struct State {
        var lifetime: Duration = .zero
        var said: [Key: Said] = [:]
    }

    public let capacity: Int
    private let state = Mutex(State())

    public init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    /// How long a source's answer is believed (zero: nothing is remembered).
    public var lifetime: Duration {
        get { state.withLock { $0.lifetime } }
        set { state.withLock { $0.lifetime = newValue } }
    }

    /// The attempt to record instead of asking `source` for `query`, when it said within the
    /// lifetime that it does not know the ticker, or had no bars of a range holding the query's.
    func remembered(_ query: BarQuery, at source: SourceID, now: Moment) -> Attempt? {
        let found: (Said, Duration)? = state.withLock { state in
            guard let said = state.said[Key(ticker: query.ticker, source: source)],
                said.at.duration(to: now) < state.lifetime,
                said.outcome == .notFound || (said.from <= query.from && query.to <= said.to)
            else { return nil }
            return (said, state.lifetime)
        }
        guard let (said, lifetime) = found else { return nil }
        let ago = Orchestrator.spoken(said.at.duration(to: now))
        let left = Orchestrator.spoken(max(.seconds(1), lifetime - said.at.duration(to: now)))
        let what =
            said.outcome == .notFound
            ? "does not know \(query.ticker)" : "has no bars of \(query.ticker) between \(said.from) and \(said.to)"
        var attempt = Attempt(
            source: source, outcome: said.outcome,
            message: "\(what): it said so \(ago) ago; no request sent (asked again in \(left))")
        attempt.fromCache = true
        return attempt
    }

    /// Remembers `source`'s answer to `query` when it is `not_found` or `no_data` (nothing while
    /// the lifetime is zero).
    func remember(_ outcome: Outcome, for query: BarQuery, at source: SourceID, now: Moment) {
        guard outcome == .notFound || outcome == .noData else { return }
        state.withLock { state in
            guard state.lifetime > .zero else { return }
            if state.said.count >= capacity {
                let oldest = state.said.sorted { $0.value.at < $1.value.at }.prefix(capacity / 2).map(\.key)
                for key in oldest { state.said[key] = nil }
            }
            state.said[Key(ticker: query.ticker, source: source)] = Said(
                at: now, outcome: outcome, from: query.from, to: query.to)
        }
    }
}
