import Synchronization
import Testing

@testable import QuantumSQLite

/// Writes submitted together share commits, and a write that fails fails only its own caller.
@Suite struct GroupCommitTests {
    /// What a fake database committed: each commit's writes, in order.
    final class Log: Sendable {
        let commits = Mutex<[[Int]]>([])
        let gate = Mutex<CheckedContinuation<Void, Never>?>(nil)
    }

    @Test func writesWaitingForACommitGoTogetherInTheNext() async throws {
        let log = Log()
        let (started, firstStarted) = AsyncStream.makeStream(of: Void.self)
        let group = GroupCommit<Int> { writes in
            if writes == [0] {
                // The first commit holds until every other write is waiting.
                firstStarted.yield()
                await withCheckedContinuation { continuation in log.gate.withLock { $0 = continuation } }
            }
            log.commits.withLock { $0.append(writes) }
        }
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.submit(0) }
            var waiting = started.makeAsyncIterator()
            await waiting.next()
            for i in 1...20 { tasks.addTask { try await group.submit(i) } }
            // Let the first commit finish once the twenty are queued behind it.
            let deadline = ContinuousClock.now + .seconds(30)
            while group.waiting < 20 || log.gate.withLock({ $0 == nil }) {
                try #require(ContinuousClock.now < deadline, "only \(group.waiting) writes queued")
                await Task.yield()
            }
            log.gate.withLock { $0?.resume() }
            try await tasks.waitForAll()
        }
        let commits = log.commits.withLock { $0 }
        #expect(commits.first == [0])
        #expect(commits.count == 2, "\(commits)")
        #expect(commits.dropFirst().flatMap { $0 }.sorted() == Array(1...20))
    }

    @Test func aFailingWriteFailsOnlyItsOwnCaller() async throws {
        struct Refused: Error {}
        let group = GroupCommit<Int> { writes in
            if writes.contains(13) { throw Refused() }
        }
        let outcomes = await withTaskGroup(of: (Int, Bool).self) { tasks in
            for i in 10...16 {
                tasks.addTask {
                    do {
                        try await group.submit(i)
                        return (i, true)
                    } catch {
                        return (i, false)
                    }
                }
            }
            return await tasks.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
        }
        #expect(outcomes.filter { !$0.value }.map(\.key) == [13])
        #expect(outcomes.count == 7)
    }
}
