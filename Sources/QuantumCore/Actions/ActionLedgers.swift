import Synchronization

/// The corporate-action ledgers read in this session, by ticker, shared by every fetch that
/// derives a basis (a batch of one ticker's ranges asks the sources once). A ledger that failed is
/// not kept: the next fetch asks again.
public final class ActionLedgers: Sendable {
    private let ledgers = Mutex([String: Task<ActionsResult, Never>]())

    public init() {}

    /// The ledger of `ticker`: the one read earlier in the session, or `read()`'s.
    func ledger(_ ticker: String, read: @escaping @Sendable () async -> ActionsResult) async -> ActionsResult {
        let task = ledgers.withLock { ledgers in
            if let task = ledgers[ticker] { return task }
            let task = Task { await read() }
            ledgers[ticker] = task
            return task
        }
        let result = await task.value
        if result.failure != nil { ledgers.withLock { _ = $0.removeValue(forKey: ticker) } }
        return result
    }
}
