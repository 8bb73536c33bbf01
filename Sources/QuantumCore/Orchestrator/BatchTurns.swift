import Synchronization

/// The order in which a batch's tickers first ask for a slot at a source: ticker `i` asks only
/// once every earlier ticker has had its first answer (a slot, a wait, or none needed because
/// the cache answered), so under a tight limit the same tickers get the free slots on every run
/// of the same batch — which source serves which ticker does not depend on which task the
/// scheduler happened to run first. A ticker that must wait for a slot lets the next one go
/// first, so no ticker waits behind another's wait.
final class BatchTurns: Sendable {
    private struct State {
        /// Every ticker before this index has had its turn.
        var next = 0
        var finished: Set<Int> = []
        var waiting: [Int: [CheckedContinuation<Void, Never>]] = [:]
    }

    private let state = Mutex(State())

    /// Returns once every ticker before `index` has had its turn.
    func wait(for index: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state -> Bool in
                guard state.next < index else { return true }
                state.waiting[index, default: []].append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// Ticker `index` has had its turn (again is harmless).
    func finish(_ index: Int) {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard index >= state.next, state.finished.insert(index).inserted else { return [] }
            while state.finished.remove(state.next) != nil { state.next += 1 }
            let due = state.waiting.keys.filter { $0 <= state.next }
            return due.flatMap { state.waiting.removeValue(forKey: $0) ?? [] }
        }
        for continuation in ready { continuation.resume() }
    }
}

/// One ticker's place among its batch's turns, set for the ticker's fetch.
struct BatchTurn: Sendable {
    let turns: BatchTurns
    let index: Int

    func wait() async { await turns.wait(for: index) }
    func finish() { turns.finish(index) }
}

extension Orchestrator {
    /// Set while a batch's ticker is fetched: its first request for a slot waits its turn.
    @TaskLocal static var batchTurn: BatchTurn?
}
