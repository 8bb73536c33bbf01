import Foundation

extension Orchestrator {
    /// Serves what the cache holds fresh and asks only for the trading days it lacks, from the
    /// same source so a series never mixes sources or bases. The new answer must agree with the
    /// cached bar it overlaps; when it does not (the series was re-adjusted, say for a split),
    /// the series is fetched again whole and replaces what was cached. Whatever the providers
    /// answer is kept; days they did not answer are never recorded as covered. A request that
    /// skips reading the cache only refreshes it.
    func fetchThroughCache(_ request: FetchRequest, cache: CandleCache, sessions: [TradingDate]? = nil) async
        -> FetchResult
    {
        let started = time.now()
        let days =
            request.readsCache
            ? sessions ?? request.calendar.sessions(from: request.from, through: min(request.to, time.today())) : []
        var passedOverCache: [SourceID] = []
        if !days.isEmpty {
            let now = time.wallNow()
            for key in cacheKeys(request) {
                guard let slice = try? await cache.lookup(key, days: days, now: now, asRaw: request.derivesOnRead),
                    !slice.candles.isEmpty
                else {
                    continue
                }
                // Days are missing and the source that served the rest is at its limit (in a
                // batch: not planned next): rather than wait for it, the whole range comes from a
                // source with room (a series is never stitched from two sources).
                if !slice.missing.isEmpty, request.pinned == nil,
                    !(await governor.completes(
                        from: key.source, candidates: usableSources(request), ledgerToo: request.derivesOnRead))
                {
                    passedOverCache.append(key.source)
                    continue
                }
                var result = await completing(slice, request: request, key: key, cache: cache)
                result.notes += await cachedInstead(request, served: key.source)
                result.elapsed = started.duration(to: time.now())
                return result
            }
        }
        var result = await fetchFromSources(request)
        if let unkept = await keep(result, cache: cache) { result.notes.append(unkept) }
        if let served = result.source, !passedOverCache.isEmpty, !passedOverCache.contains(served) {
            result.notes.append(
                "\(passedOverCache.map(\.rawValue).joined(separator: ", ")) served part of this range before and is at "
                    + "its limit now: the whole range came from \(served.rawValue) instead of waiting")
        }
        return result
    }

    /// The request served whole from the cache, sending nothing: the series of the first source
    /// (in priority order) with cached bars in the range, when they cover every one of `days`;
    /// nil otherwise, when `fetchThroughCache` would ask a source.
    func wholeFromCache(_ request: FetchRequest, cache: CandleCache, days: [TradingDate]) async -> FetchResult? {
        guard !days.isEmpty else { return nil }
        let started = time.now()
        let now = time.wallNow()
        for key in cacheKeys(request) {
            guard let slice = try? await cache.lookup(key, days: days, now: now, asRaw: request.derivesOnRead),
                !slice.candles.isEmpty
            else {
                continue
            }
            guard slice.missing.isEmpty else { return nil }
            var result = await completing(slice, request: request, key: key, cache: cache)
            result.notes += await cachedInstead(request, served: key.source)
            result.elapsed = started.duration(to: time.now())
            return result
        }
        return nil
    }

    /// The sources a fetch of `request` may ask (enabled, with a key, carrying the listing), in
    /// priority order.
    private func usableSources(_ request: FetchRequest) -> [SourceID] {
        sources.filter {
            (request.pinned == nil || $0.id == request.pinned) && $0.mayAsk(for: request.listing)
        }.map(\.id)
    }

    /// The series the cache may hold for `request`: one per enabled source it may ask (the
    /// pinned one alone when pinned), in priority order, in the basis that source serves. A later
    /// source's series answers when the earlier ones have none cached: it was kept by a fetch that
    /// fell back (the first source had no such ticker) or by one pinned to it, which the cache
    /// cannot tell apart; the answer says so (`cachedInstead`).
    private func cacheKeys(_ request: FetchRequest) -> [SeriesKey] {
        sources.compactMap { configured in
            guard (request.pinned == nil || configured.id == request.pinned) && configured.enabled,
                configured.id.descriptor.serves(request.listing),
                let basis = configured.source.basis(for: request.basis)
            else { return nil }
            return SeriesKey(ticker: request.ticker, source: configured.id, basis: basis)
        }
    }

    /// The note of an unpinned answer from `served`'s cached series while a source before it,
    /// which a fresh fetch would ask first (enabled, with a key, carrying the listing, with
    /// room), was not asked.
    private func cachedInstead(_ request: FetchRequest, served: SourceID) async -> [String] {
        guard request.pinned == nil else { return [] }
        for configured in sources.prefix(while: { $0.id != served })
        where configured.mayAsk(for: request.listing) {
            guard await governor.hasRoom(configured.id) else { continue }
            return [
                "from \(served.rawValue)'s cached series: \(configured.id.rawValue) comes first and was not asked (it "
                    + "has nothing cached for this range; a fetch with --no-cache asks it)"
            ]
        }
        return []
    }

    /// The cached candles plus the missing days from the same source, asked with one cached day
    /// of overlap to check that both are on the same scale. When the source cannot answer for
    /// the missing days, the cached candles are served and those days stay missing.
    private func completing(_ slice: CacheSlice, request: FetchRequest, key: SeriesKey, cache: CandleCache) async
        -> FetchResult
    {
        guard let gapFirst = slice.missing.first, let gapLast = slice.missing.last else {
            // No request went out; the one attempt says where the bars came from.
            return FetchResult(
                request: request, source: key.source, basis: key.basis, candles: slice.candles,
                attempts: [.cacheHit(key.source, from: cache.store.cacheName)],
                cached: slice.candles.count, simulated: simulated)
        }
        // One cached bar next to the gap comes back too, to compare.
        let before = slice.candles.last { $0.date < gapFirst }
        let after = slice.candles.first { $0.date > gapLast }
        let overlap = before ?? after
        var gap = request
        gap.from = before?.date ?? gapFirst
        gap.to = before == nil ? (after?.date ?? gapLast) : gapLast
        gap.pinned = key.source
        var fresh = await fetchFromSources(gap)
        if fresh.wasCancelled {
            return cutShort(slice, request: request, key: key, cache: cache, asked: fresh.attempts)
        }
        if fresh.ok, let overlap, let again = fresh.candles.first(where: { $0.date == overlap.date }),
            !Self.agree(overlap, again)
        {
            return await refetchWhole(request, key: key, cache: cache, because: overlap, now: again)
        }
        let unkept = fresh.ok ? await keep(fresh, cache: cache) : nil
        let freshDates = Set(fresh.candles.map(\.date))
        let merged = (slice.candles.filter { !freshDates.contains($0.date) } + fresh.candles).sorted {
            $0.date < $1.date
        }
        fresh.request = request
        fresh.source = key.source
        fresh.basis = key.basis
        fresh.candles = merged
        fresh.cached = merged.count - freshDates.subtracting(slice.candles.map(\.date)).count
        if fresh.failure != nil, let asked = fresh.attempts.last {
            // The bars are the cache's; the one attempt says so, and what the source said of the rest.
            var attempt = Attempt.cacheHit(key.source, from: cache.store.cacheName)
            let status = asked.status.map { " \($0)" } ?? ""
            attempt.message =
                "from \(cache.store.cacheName); asked for \(gapFirst) … \(gapLast), \(key.source.rawValue) said "
                + "\(asked.outcome.rawValue)\(status)\(asked.message.map { " \"\($0)\"" } ?? "")"
            fresh.attempts = [attempt]
        }
        fresh.failure = nil
        if let unkept { fresh.notes.append(unkept) }
        return fresh
    }

    /// The cached bars of a range whose other days were being fetched when the fetch was
    /// cancelled: shown, but the result is a cancelled one (its failure says which days never
    /// came), never a success that looks whole.
    private func cutShort(
        _ slice: CacheSlice, request: FetchRequest, key: SeriesKey, cache: CandleCache, asked: [Attempt]
    ) -> FetchResult {
        let days = slice.missing
        var result = FetchResult(
            request: request, source: key.source, basis: key.basis, candles: slice.candles,
            attempts: [.cacheHit(key.source, from: cache.store.cacheName)] + asked.filter { $0.outcome == .cancelled },
            cached: slice.candles.count, simulated: simulated)
        let span = days.count == 1 ? "\(days[0])" : "\(days[0]) … \(days[days.count - 1])"
        result.failure = FetchFailure(
            .cancelled,
            message: "cancelled before \(key.source.rawValue) answered for \(request.ticker)'s \(days.count) "
                + "uncached trading day(s) (\(span))")
        return result
    }

    /// The source's whole series for the request, replacing everything cached of it: the cached
    /// bars are on another scale than what the source serves now.
    private func refetchWhole(
        _ request: FetchRequest, key: SeriesKey, cache: CandleCache, because cached: Candle, now: Candle
    ) async
        -> FetchResult
    {
        var whole = request
        whole.pinned = key.source
        var result = await fetchFromSources(whole)
        let unkept: String?
        do {
            try await cache.forget(key)
            unkept = await keep(result, cache: cache)
        } catch {
            unkept = Self.unkept(error, in: cache.store.cacheName)
        }
        result.request = request
        if let unkept { result.notes.append(unkept) }
        result.notes.append(
            "\(key.source.rawValue) now gives \(cached.date) a close of \(NumberText.shortest(now.close)), the cache had "
                + "\(NumberText.shortest(cached.close)) (re-adjusted, e.g. for a split): fetched the whole range again")
        return result
    }

    /// Whether two bars of the same day from the same source are on the same scale.
    static func agree(_ a: Candle, _ b: Candle) -> Bool {
        func close(_ x: Double, _ y: Double) -> Bool { abs(x - y) <= max(abs(x), abs(y)) * 0.0005 + 1e-9 }
        return close(a.close, b.close) && close(a.open, b.open)
    }

    /// Stores a served series and the days it covers: each run of the listing's sessions that
    /// all have a bar (a day the source left without one is asked for again next time, never
    /// remembered as covered). A bar of a session still open is not kept. Returns a note saying
    /// why when the cache could not keep them (a read-only file, a full disk).
    private func keep(_ result: FetchResult, cache: CandleCache) async -> String? {
        do {
            try await store(result, in: cache)
            return nil
        } catch {
            return Self.unkept(error, in: cache.store.cacheName)
        }
    }

    /// The note of bars the cache could not keep.
    static func unkept(_ error: any Error, in cacheName: String) -> String {
        "\(cacheName) could not keep these bars (\(error)): the next fetch asks the source again"
    }

    private func store(_ result: FetchResult, in cache: CandleCache) async throws {
        guard let source = result.source, let basis = result.basis else { return }
        let candles = result.candles.filter { time.sessionIsOver($0.date, result.calendar) }
        guard let first = candles.first?.date, let last = candles.last?.date else { return }
        let key = SeriesKey(ticker: result.ticker, source: source, basis: basis)
        // Cached bars just before or after the new ones that jump like a split were served on
        // another scale: the series is forgotten rather than stitched.
        // (The lookup before the fetch has usually left the series in memory: no second read.)
        if let stored = try? await cache.series(key), Self.seamBreaks(stored.candles, candles) {
            try await cache.forget(key)
            governor.events.emit(.seriesForgotten(ticker: result.ticker, source: source, basis: basis))
        }
        let have = Set(candles.map(\.date))
        var runStart: TradingDate?
        var runEnd: TradingDate?
        for day in result.calendar.sessions(from: first, through: last) {
            if have.contains(day) {
                runStart = runStart ?? day
                runEnd = day
            } else if let start = runStart, let end = runEnd {
                try await cache.store(
                    candles.filter { $0.date >= start && $0.date <= end }, for: key, first: start, last: end,
                    fetchedAt: time.wallNow())
                runStart = nil
            }
        }
        if let start = runStart, let end = runEnd {
            try await cache.store(
                candles.filter { $0.date >= start && $0.date <= end }, for: key, first: start, last: end,
                fetchedAt: time.wallNow())
        }
    }

    /// Whether the cached bar next to either end of `fresh` (within a week) and that end jump
    /// like a split: the two were served on different scales.
    static func seamBreaks(_ cached: [Candle], _ fresh: [Candle]) -> Bool {
        guard let first = fresh.first, let last = fresh.last else { return false }
        func splitLike(_ a: Candle, _ b: Candle) -> Bool {
            switch QualityReport.jump(from: a, to: b, basis: .split)?.kind {
            case .split, .reverseSplit: true
            case .move, nil: false
            }
        }
        if let before = cached.last(where: { $0.date < first.date }), before.date.days(to: first.date) <= 7,
            splitLike(before, first)
        {
            return true
        }
        if let after = cached.first(where: { $0.date > last.date }), last.date.days(to: after.date) <= 7,
            splitLike(last, after)
        {
            return true
        }
        return false
    }
}
