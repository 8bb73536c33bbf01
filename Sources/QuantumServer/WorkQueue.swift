import Synchronization

/// A bound on things at once: the server's requests doing fetch work (a request that would go
/// past it is turned away, 429 with `Retry-After`, instead of queueing without end behind the
/// rate limits) and its open connections (`ConnectionLimitHandler`).
final class WorkQueue: Sendable {
    let capacity: Int
    private let taken = Mutex(0)

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Takes a place; false when the queue is full.
    func enter() -> Bool {
        taken.withLock { n in
            guard n < capacity else { return false }
            n += 1
            return true
        }
    }

    /// Places taken now.
    var count: Int { taken.withLock { $0 } }

    func leave() {
        taken.withLock { $0 -= 1 }
    }
}
