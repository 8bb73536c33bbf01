import Synchronization

/// Fetches under way, by request: a caller asking for what is already being fetched (same ticker,
/// range, basis, pinned source and cache options) waits for that fetch instead of starting its own,
/// so any number of concurrent identical requests (batches, a server's clients) cost one upstream
/// fetch. The shared fetch is cancelled only when every caller waiting for it is.
public final class InFlightFetches: Sendable {
    private struct Entry {
        var task: Task<FetchResult, Never>
        var waiters: Int
        let id: UInt64
    }

    private struct State {
        var entries: [FetchRequest: Entry] = [:]
        var nextID: UInt64 = 0
        var shared = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// Callers that joined a fetch already under way instead of starting one, since the start.
    public var shared: Int { state.withLock { $0.shared } }

    /// How many callers wait for `request`'s fetch now (0 when none is under way).
    package func waiters(for request: FetchRequest) -> Int {
        state.withLock { $0.entries[request]?.waiters ?? 0 }
    }

    /// `request`'s result: from the fetch under way for it, or from `run`, started now and shared
    /// with whoever asks the same until it finishes.
    public func fetch(_ request: FetchRequest, run: @escaping @Sendable () async -> FetchResult) async -> FetchResult {
        let (task, id, joined) = state.withLock { state in
            if var entry = state.entries[request] {
                entry.waiters += 1
                state.entries[request] = entry
                state.shared += 1
                return (entry.task, entry.id, true)
            }
            state.nextID += 1
            let entry = Entry(task: Task { await run() }, waiters: 1, id: state.nextID)
            state.entries[request] = entry
            return (entry.task, entry.id, false)
        }
        // A batch's ticker that joins a fetch under way asks for no slot: the next may go first.
        if joined { Orchestrator.batchTurn?.finish() }
        return await withTaskCancellationHandler {
            var result = await task.value
            result.joinedFetchUnderWay = joined
            leave(request, id: id, finished: true)
            return result
        } onCancel: {
            leave(request, id: id, finished: false)
        }
    }

    /// One caller is done with the fetch `id`: when it finished, nobody joins it any more; when the
    /// caller was cancelled and was the last one waiting, the fetch is cancelled too.
    private func leave(_ request: FetchRequest, id: UInt64, finished: Bool) {
        let cancel: Task<FetchResult, Never>? = state.withLock { state in
            guard var entry = state.entries[request], entry.id == id else { return nil }
            if finished {
                state.entries[request] = nil
                return nil
            }
            entry.waiters -= 1
            if entry.waiters > 0 {
                state.entries[request] = entry
                return nil
            }
            state.entries[request] = nil
            return entry.task
        }
        cancel?.cancel()
    }
}
