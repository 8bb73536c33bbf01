import Foundation

extension Orchestrator {
    /// How long a claim lasts unless given up first: a process that dies mid-fetch holds its
    /// tickers no longer than this.
    static let claimLifetime: Duration = .seconds(60)
    /// How often a process waiting for another's fetch looks for its answer in the store.
    static let claimPoll: Duration = .milliseconds(150)

    /// `body` (a fetch that may ask the sources), run by one process at a time per ticker among
    /// those sharing a store that `sharesFetches` (replicas of `quantum serve`, a team's
    /// sessions on one database): a process claims the ticker in the store first; while another
    /// holds the claim, it waits (up to `claimLifetime`, and never longer than the request may
    /// wait for a slot) and then answers from the store whatever that fetch kept, asking the
    /// sources only for what it did not. A store that cannot be asked does not block the fetch.
    /// `cacheTried`: the caller has just found the cache cannot answer the request whole.
    func sharingFetches(
        _ request: FetchRequest, cacheTried: Bool, _ body: @Sendable () async -> FetchResult
    ) async -> FetchResult {
        guard let cache, cache.store.sharesFetches, request.readsCache else { return await body() }
        let key = "\(request.ticker) \(request.pinned?.rawValue ?? "*")"
        if Self.claimsHeld.contains(key) { return await body() }
        if !cacheTried, let answered = await cachedAnswer(request) { return answered }
        let holder = claimHolder
        let started = time.now()
        let patience = min(Self.claimLifetime, request.maxWait ?? Self.claimLifetime)
        while true {
            let now = time.wallNow().timeIntervalSince1970
            let claimed =
                (try? await cache.store.claim(
                    key, holder: holder, expires: now + Self.claimLifetime.seconds, now: now)) ?? true
            if claimed || started.duration(to: time.now()) >= patience {
                let result = await Self.$claimsHeld.withValue(Self.claimsHeld.union([key])) { await body() }
                if claimed { try? await cache.store.release(key, holder: holder) }
                return result
            }
            // Waiting for another process's fetch: a batch's next ticker may go first.
            Self.batchTurn?.finish()
            do {
                try await time.sleep(time.now().advanced(by: Self.claimPoll))
            } catch {
                return await body()
            }
            // What the other process kept may answer this request whole.
            cache.reread(ticker: request.ticker)
            if let answered = await cachedAnswer(request) { return answered }
        }
    }

    /// The request answered from the cache alone (`CacheOnlyProbe`: no source asked, no fetch
    /// under way joined), or nil when a part of it is not cached or the answer is no success.
    func cachedAnswer(_ request: FetchRequest) async -> FetchResult? {
        let probe = CacheOnlyProbe()
        let answered = await Orchestrator.$cacheOnly.withValue(probe) { await fetch(request) }
        return probe.wantedSources || !answered.ok || answered.wasCancelled ? nil : answered
    }

    /// The claims this task holds (a derived basis's fetch of its bars runs inside its own claim).
    @TaskLocal static var claimsHeld: Set<String> = []
}
