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
        var results: [FetchResult] = []
        results.reserveCapacity(requests.count)
        await batch(
            count: requests.count, request: { requests[$0] }, concurrency: concurrency, window: requests.count,
            progress: progress
        ) { _, result in
            results.append(result)
            return true
        }
        return results
    }

    /// Fetches `count` tickers (`request(i)` is the i-th, made when it starts, so a batch of any
    /// size holds no list of requests) with at most `concurrency` in flight and hands each result
    /// to `deliver` in input order as soon as it and every one before it are done. A ticker is
    /// started only while fewer than `window` finished results wait for an earlier one, so the
    /// memory held is bounded by the window, not by the number of tickers. When the task is
    /// cancelled, or `deliver` returns false, no further ticker starts; those in flight finish
    /// (a cancelled fetch says so) and every ticker not started is delivered as `cancelled`:
    /// `deliver` hears every index once, in order, whatever it returned before.
    public func batch(
        count: Int, request: (Int) -> FetchRequest, concurrency: Int, window: Int,
        progress: @escaping @Sendable (BatchProgress) -> Void = { _ in },
        deliver: (Int, FetchResult) async -> Bool
    ) async {
        var waiting: [Int: FetchResult] = [:]
        var delivered = 0
        var stopped = false
        let turns = BatchTurns()
        await withTaskGroup(of: (Int, FetchResult).self) { group in
            var next = 0
            var done = 0
            func fill() {
                while !stopped, next < count, next - done < max(1, concurrency),
                    next - delivered < max(1, window), !Task.isCancelled
                {
                    let index = next
                    let asked = request(index)
                    next += 1
                    group.addTask {
                        let turn = BatchTurn(turns: turns, index: index)
                        // A ticker the cache answered never asked for a slot: its turn ends with it.
                        defer {
                            turn.finish()
                            turn.forget()
                        }
                        return (index, await Self.$batchTurn.withValue(turn) { await fetch(asked) })
                    }
                }
            }
            fill()
            while let (index, result) = await group.next() {
                done += 1
                progress(BatchProgress(index: index, result: result, done: done, total: count))
                waiting[index] = result
                while let ready = waiting.removeValue(forKey: delivered) {
                    delivered += 1
                    if await !deliver(delivered - 1, ready), !stopped {
                        stopped = true
                        group.cancelAll()
                    }
                }
                fill()
            }
        }
        // Every ticker is delivered, so a tally counts them all, stopped or not.
        for index in delivered..<count { _ = await deliver(index, cancelled(request(index))) }
    }

    /// A ticker the batch never started: each source it would have asked says `cancelled`.
    func cancelled(_ request: FetchRequest) -> FetchResult {
        let attempts =
            sources
            .filter { (request.pinned == nil || $0.id == request.pinned) && $0.mayAsk(for: request.listing) }
            .map { Attempt(source: $0.id, outcome: .cancelled, message: "not started: the batch was cancelled") }
        return FetchResult(
            request: request, attempts: attempts,
            failure: FetchFailure(.cancelled, message: "cancelled before \(request.ticker) was fetched"),
            simulated: simulated)
    }
}
