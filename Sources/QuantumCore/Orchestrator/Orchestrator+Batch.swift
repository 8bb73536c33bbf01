/// Progress of a batch, for a progress bar.
public struct BatchProgress: Sendable {
    /// Input position of the ticker that finished.
    public var index: Int
    public var result: FetchResult
    public var done: Int
    public var total: Int
    /// Requests per second the sources allow together, for an ETA; nil when one is unlimited.
    public var allowedRate: Double?
}

extension Orchestrator {
    /// Fetches many tickers with at most `concurrency` in flight. Results come back in input
    /// order; one ticker's failure never touches another's. When the task is cancelled, finished
    /// results are kept and the rest are marked `cancelled`.
    public func batch(
        _ queries: [BarQuery], pinned: SourceID? = nil, useCache: Bool = true, concurrency: Int = 8,
        progress: @escaping @Sendable (BatchProgress) -> Void = { _ in }
    ) async -> [FetchResult] {
        var results = [FetchResult?](repeating: nil, count: queries.count)
        await withTaskGroup(of: (Int, FetchResult).self) { group in
            var next = 0
            var done = 0
            func launch() {
                guard next < queries.count, !Task.isCancelled else { return }
                let index = next
                next += 1
                group.addTask { (index, await fetch(queries[index], pinned: pinned, useCache: useCache)) }
            }
            for _ in 0..<max(1, concurrency) { launch() }
            while let (index, result) = await group.next() {
                results[index] = result
                done += 1
                progress(BatchProgress(index: index, result: result, done: done, total: queries.count))
                launch()
            }
        }
        return results.enumerated().map { index, result in
            result ?? cancelled(queries[index], pinned: pinned)
        }
    }

    /// A ticker the batch never started: each source it would have asked says `cancelled`.
    func cancelled(_ query: BarQuery, pinned: SourceID?) -> FetchResult {
        let attempts = sources
            .filter { (pinned == nil || $0.id == pinned) && $0.enabled && $0.endpoint.key != nil }
            .map { Attempt(source: $0.id, outcome: .cancelled, message: "not started: the batch was cancelled") }
        return FetchResult(
            ticker: query.ticker, from: query.from, to: query.to, attempts: attempts,
            error: "cancelled before \(query.ticker) was fetched", simulated: simulated)
    }
}
