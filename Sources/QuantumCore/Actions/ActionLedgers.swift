import Synchronization

/// The corporate-action ledgers read for derived bases, by key (ticker and feeds), shared by every
/// fetch that derives one (a batch of one ticker's ranges asks the sources once). A ledger is read
/// again once it is `maxAge` old (a server left running sees a new event), a ledger that failed
/// is not kept, and at most `capacity` are held: when more would be, the ledgers already read are
/// dropped (reads under way stay), so a streamed batch of 20,000 tickers holds no more of them
/// than one of 2,000 (one dropped is read again when asked, from the cache or the sources). A read
/// under way is cancelled only when every caller waiting for it is (Ctrl-C on a batch stops at
/// once; one client going away does not cut another's ledger).
public final class ActionLedgers: Sendable {
    private struct Entry {
        /// The read under way; nil once it is done (a finished task keeps the memory its work
        /// used until it is released: thousands of kept ledgers would hold megabytes).
        var task: Task<ActionsResult, Never>?
        var readAt: Moment
        /// Callers that joined, less those cancelled.
        var waiters: Int
        let id: UInt64
        /// The ledger, once read.
        var read: ActionsResult?
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())
    public let maxAge: Duration
    public let capacity: Int

    public init(maxAge: Duration = .seconds(6 * 3600), capacity: Int = 1_000) {
        self.maxAge = maxAge
        self.capacity = capacity
    }

    /// The ledger under `key`: the one read within `maxAge` of `now`, or `read()`'s.
    func ledger(_ key: String, now: Moment, read: @escaping @Sendable () async -> ActionsResult) async
        -> ActionsResult
    {
        enum Found {
            case read(ActionsResult)
            case underWay(Task<ActionsResult, Never>, id: UInt64)
        }
        let found = state.withLock { state -> Found in
            if var entry = state.entries[key], entry.readAt.duration(to: now) < maxAge {
                // Read already: its ledger (a finished read keeps no task).
                if let read = entry.read, entry.task == nil { return .read(read) }
                if let task = entry.task {
                    entry.waiters += 1
                    state.entries[key] = entry
                    return .underWay(task, id: entry.id)
                }
            }
            if state.entries.count >= capacity { state.entries = state.entries.filter { $0.value.task != nil } }
            state.nextID += 1
            let task = Task { await read() }
            state.entries[key] = Entry(task: task, readAt: now, waiters: 1, id: state.nextID)
            return .underWay(task, id: state.nextID)
        }
        let task: Task<ActionsResult, Never>
        let id: UInt64
        switch found {
        case .read(let read): return read
        case .underWay(let underWay, let readID): (task, id) = (underWay, readID)
        }
        let result = await withTaskCancellationHandler {
            await task.value
        } onCancel: {
            leave(key, id: id)
        }
        state.withLock { state in
            guard state.entries[key]?.id == id else { return }
            if result.failure != nil {
                state.entries[key] = nil
            } else {
                state.entries[key]?.read = result
                state.entries[key]?.task = nil
            }
        }
        return result
    }

    /// Puts `read` under `key` as read at `now`, in place of what was there (a fuller ledger).
    func replace(_ key: String, with read: ActionsResult, now: Moment) {
        state.withLock { state in
            state.nextID += 1
            state.entries[key] = Entry(task: nil, readAt: now, waiters: 0, id: state.nextID, read: read)
        }
    }

    /// The ledger under `key` read within `maxAge` of `now`, when one is; nil when none is or its
    /// read is still under way (never waits, never reads).
    func alreadyRead(_ key: String, now: Moment) -> ActionsResult? {
        state.withLock { state in
            guard let entry = state.entries[key], entry.readAt.duration(to: now) < maxAge else { return nil }
            return entry.read
        }
    }

    /// A caller of the read `id` was cancelled: when it was the last one waiting, the read is
    /// cancelled and forgotten.
    private func leave(_ key: String, id: UInt64) {
        let cancel: Task<ActionsResult, Never>? = state.withLock { state in
            guard var entry = state.entries[key], entry.id == id else { return nil }
            entry.waiters -= 1
            if entry.waiters > 0 {
                state.entries[key] = entry
                return nil
            }
            state.entries[key] = nil
            return entry.task
        }
        cancel?.cancel()
    }
}
