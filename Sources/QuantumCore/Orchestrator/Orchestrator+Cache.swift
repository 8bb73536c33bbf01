import Foundation

extension Orchestrator {
    /// Serves what the cache holds fresh and asks only for the trading days it lacks, from the
    /// same source so a series never mixes sources. Whatever the providers answer is kept. A
    /// request that skips reading the cache only refreshes it.
    func fetchThroughCache(_ request: FetchRequest, cache: CandleCache) async -> FetchResult {
        let started = time.now()
        let days = request.readsCache ? NYSECalendar.tradingDays(from: request.from, through: min(request.to, today())) : []
        if !days.isEmpty {
            let now = time.wallNow()
            for configured in sources where (request.pinned == nil || configured.id == request.pinned) && configured.enabled {
                guard let basis = configured.source.basis(for: request.basis) else { continue }
                let key = SeriesKey(ticker: request.ticker, source: configured.id, basis: basis)
                guard let slice = try? await cache.lookup(key, days: days, now: now), !slice.candles.isEmpty else { continue }
                if let served = await completing(slice, request: request, key: key, cache: cache) {
                    var result = served
                    result.elapsed = started.duration(to: time.now())
                    return result
                }
                break
            }
        }
        let result = await fetchFromSources(request)
        await keep(result, cache: cache)
        return result
    }

    /// The cached candles plus the missing days from the same source; nil when that source could
    /// not answer for them (then every source is asked for the whole range).
    private func completing(_ slice: CacheSlice, request: FetchRequest, key: SeriesKey, cache: CandleCache) async -> FetchResult? {
        guard let gapFirst = slice.missing.first, let gapLast = slice.missing.last else {
            // No request went out; the one attempt says where the bars came from.
            return FetchResult(
                request: request, source: key.source, basis: key.basis, candles: slice.candles, attempts: [.cacheHit(key.source)],
                cached: slice.candles.count, simulated: simulated)
        }
        var gap = request
        gap.from = gapFirst
        gap.to = gapLast
        gap.pinned = key.source
        var fresh = await fetchFromSources(gap)
        let answered = fresh.attempts.last?.outcome
        guard fresh.ok || answered == .noData else { return nil }
        if fresh.ok {
            await keep(fresh, cache: cache)
        } else {
            // The source has no bars for those days (not listed yet, or today's not out): remember that.
            try? await cache.store([], for: key, first: gapFirst, last: gapLast, fetchedAt: time.wallNow())
        }
        let freshDates = Set(fresh.candles.map(\.date))
        let merged = (slice.candles.filter { !freshDates.contains($0.date) } + fresh.candles).sorted { $0.date < $1.date }
        fresh.request = request
        fresh.source = key.source
        fresh.basis = key.basis
        fresh.candles = merged
        fresh.cached = merged.count - freshDates.count
        fresh.failure = nil
        return fresh
    }

    /// Stores a served series and the span it covers (first to last bar: days outside it are
    /// asked for again once, and remembered if the source has nothing for them).
    private func keep(_ result: FetchResult, cache: CandleCache) async {
        guard let source = result.source, let basis = result.basis, let first = result.candles.first, let last = result.candles.last
        else { return }
        let key = SeriesKey(ticker: result.ticker, source: source, basis: basis)
        try? await cache.store(result.candles, for: key, first: first.date, last: last.date, fetchedAt: time.wallNow())
    }
}
