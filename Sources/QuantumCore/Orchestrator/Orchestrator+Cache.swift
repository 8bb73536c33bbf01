import Foundation

extension Orchestrator {
    /// Serves what the cache holds fresh and asks only for the trading days it lacks, from the
    /// same source so a series never mixes sources. Whatever the providers answer is kept.
    /// With `read` false the cache is only refreshed.
    func fetchThroughCache(_ query: BarQuery, pinned: SourceID?, cache: CandleCache, read: Bool) async -> FetchResult {
        let started = time.now()
        let days = read ? NYSECalendar.tradingDays(from: query.from, through: min(query.to, today())) : []
        if !days.isEmpty {
            let now = time.wallNow()
            for configured in sources where (pinned == nil || configured.id == pinned) && configured.enabled {
                guard let basis = configured.source.basis(for: query.basis),
                      let slice = try? cache.lookup(query.ticker, source: configured.id, basis: basis, days: days, now: now),
                      !slice.candles.isEmpty
                else { continue }
                if let served = await completing(slice, query: query, at: configured.id, basis: basis, cache: cache) {
                    var result = served
                    result.elapsed = started.duration(to: time.now())
                    return result
                }
                break
            }
        }
        let result = await fetchFromSources(query, pinned: pinned)
        await keep(result, cache: cache)
        return result
    }

    /// The cached candles plus the missing days from the same source; nil when that source could
    /// not answer for them (then every source is asked for the whole range).
    private func completing(_ slice: CacheSlice, query: BarQuery, at source: SourceID, basis: PriceBasis, cache: CandleCache) async -> FetchResult? {
        guard let gapFirst = slice.missing.first, let gapLast = slice.missing.last else {
            // No request went out; the one attempt says where the bars came from.
            return FetchResult(
                ticker: query.ticker, from: query.from, to: query.to, source: source, basis: basis, candles: slice.candles,
                attempts: [Attempt(source: source, outcome: .ok, message: Self.fromCache)], cached: slice.candles.count, simulated: simulated)
        }
        let gap = BarQuery(ticker: query.ticker, from: gapFirst, to: gapLast, basis: query.basis)
        var fresh = await fetchFromSources(gap, pinned: source)
        let answered = fresh.attempts.last?.outcome
        guard fresh.ok || answered == .noData else { return nil }
        if fresh.ok {
            await keep(fresh, cache: cache)
        } else {
            // The source has no bars for those days (not listed yet, or today's not out): remember that.
            try? await cache.store([], ticker: query.ticker, source: source, basis: basis, first: gapFirst, last: gapLast, fetchedAt: time.wallNow())
        }
        let freshDates = Set(fresh.candles.map(\.date))
        let merged = (slice.candles.filter { !freshDates.contains($0.date) } + fresh.candles).sorted { $0.date < $1.date }
        fresh.from = query.from
        fresh.to = query.to
        fresh.source = source
        fresh.basis = basis
        fresh.candles = merged
        fresh.cached = merged.count - freshDates.count
        fresh.error = nil
        return fresh
    }

    /// The message of the attempt a full cache hit records.
    public static let fromCache = "from the local cache: no request sent"

    /// Stores a served series and the span it covers (first to last bar: days outside it are
    /// asked for again once, and remembered if the source has nothing for them).
    private func keep(_ result: FetchResult, cache: CandleCache) async {
        guard let source = result.source, let basis = result.basis, let first = result.candles.first, let last = result.candles.last else { return }
        try? await cache.store(result.candles, ticker: result.ticker, source: source, basis: basis, first: first.date, last: last.date, fetchedAt: time.wallNow())
    }
}
