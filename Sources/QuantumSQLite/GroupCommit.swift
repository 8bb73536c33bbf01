import Synchronization

/// Group commit: writes submitted while a commit is under way wait and then go together in the
/// next one, so N concurrent writers cost about one durable commit (one set of fsyncs) per
/// round instead of N. Each `submit` returns once its write is committed, or throws its error.
///
/// A batch of 16 tickers in flight each storing its series pays for a commit once per round
/// rather than 16 times. When a group's commit fails, its writes are committed one by one, so
/// each caller hears about its own write only.
final class GroupCommit<Write: Sendable>: Sendable {
    private struct Queue {
        var waiting: [(write: Write, done: CheckedContinuation<Void, any Error>)] = []
        var committing = false
    }

    private let queue = Mutex(Queue())
    private let commit: @Sendable ([Write]) async throws -> Void

    /// `commit` writes its writes in one transaction, in the order given.
    init(commit: @escaping @Sendable ([Write]) async throws -> Void) {
        self.commit = commit
    }

    /// Writes waiting for the next commit (not counting one under way).
    var waiting: Int { queue.withLock { $0.waiting.count } }

    /// Commits `write`, with whatever else is waiting.
    func submit(_ write: Write) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            let leads = queue.withLock { queue in
                queue.waiting.append((write, done))
                defer { queue.committing = true }
                return !queue.committing
            }
            if leads { Task { await drain() } }
        }
    }

    /// Commits what is waiting, round after round, until nothing is.
    private func drain() async {
        while true {
            let group = queue.withLock { queue in
                defer { queue.waiting.removeAll() }
                if queue.waiting.isEmpty { queue.committing = false }
                return queue.waiting
            }
            if group.isEmpty { return }
            do {
                try await commit(group.map(\.write))
                for member in group { member.done.resume() }
            } catch {
                for member in group {
                    do {
                        try await commit([member.write])
                        member.done.resume()
                    } catch {
                        member.done.resume(throwing: error)
                    }
                }
            }
        }
    }
}
