import Synchronization

/// The corporate-action ledgers read for derived bases, by ticker, shared by every fetch that
/// derives one (a batch of one ticker's ranges asks the sources once). A ledger is read again
/// once it is `maxAge` old (a server left running sees a new event), a ledger that failed is not
/// kept, and at most `capacity` are held (all are dropped when more would be).
public final class ActionLedgers: Sendable {
    private struct Entry {
        var task: Task<ActionsResult, Never>
        var readAt: Moment
    }

    private let ledgers = Mutex([String: Entry]())
    public let maxAge: Duration
    public let capacity: Int

    public init(maxAge: Duration = .seconds(6 * 3600), capacity: Int = 10_000) {
        self.maxAge = maxAge
        self.capacity = capacity
    }

    /// The ledger of `ticker`: the one read within `maxAge` of `now`, or `read()`'s.
    func ledger(_ ticker: String, now: Moment, read: @escaping @Sendable () async -> ActionsResult) async
        -> ActionsResult
    {
        let task = ledgers.withLock { ledgers in
            if let entry = ledgers[ticker], entry.readAt.duration(to: now) < maxAge { return entry.task }
            if ledgers.count >= capacity { ledgers.removeAll() }
            let task = Task { await read() }
            ledgers[ticker] = Entry(task: task, readAt: now)
            return task
        }
        let result = await task.value
        if result.failure != nil { ledgers.withLock { _ = $0.removeValue(forKey: ticker) } }
        return result
    }
}
