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
        _ requests: [FetchRequest], concurrency: Int = 8,
        progress: @escaping @Sendable (BatchProgress) -> Void = { _ in }
    ) async -> [FetchResult] {
        var results = [FetchResult?](repeating: nil, count: requests.count)
        await withTaskGroup(of: (Int, FetchResult).self) { group in
            var next = 0
            var done = 0
            func launch() {
                guard next < requests.count, !Task.isCancelled else { return }
                let index = next
                next += 1
                group.addTask { (index, await fetch(requests[index])) }
            }
            for _ in 0..<max(1, concurrency) { launch() }
            while let (index, result) = await group.next() {
                results[index] = result
                done += 1
                progress(BatchProgress(index: index, result: result, done: done, total: requests.count))
                launch()
            }
        }
        return results.enumerated().map { index, result in
            result ?? cancelled(requests[index])
        }
    }

    /// A ticker the batch never started: each source it would have asked says `cancelled`.
    func cancelled(_ request: FetchRequest) -> FetchResult {
        let attempts =
            sources
            .filter { (request.pinned == nil || $0.id == request.pinned) && $0.enabled && $0.endpoint.key != nil }
            .map { Attempt(source: $0.id, outcome: .cancelled, message: "not started: the batch was cancelled") }
        return FetchResult(
            request: request, attempts: attempts,
            failure: FetchFailure(.cancelled, message: "cancelled before \(request.ticker) was fetched"),
            simulated: simulated)
    }
}
