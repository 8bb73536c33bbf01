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
        var plan = BatchPlan()
        /// When the plan's first ticker was routed.
        var planStarted: Moment?
        /// Where each routed ticker asks first for its corporate actions, until it asks.
        var ledgerOrders: [Int: [SourceID]] = [:]
        /// Each routed ticker's sources in the plan's order, with when each is due, until it is done.
        var routes: [Int: [PlannedRoute]] = [:]
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

    /// Where ticker `index`'s request goes by the batch's plan (`BatchPlan`), among `options`:
    /// its first request is routed while its turn is on, and the sources are kept in the plan's
    /// order, so a later request of the same ticker (the next source after one that could not
    /// serve it) goes to the first of them still among `options`. Nil for a ticker routed
    /// before its turn came (say while it waited for another process's fetch).
    func route(
        _ index: Int, among options: [BatchPlan.Option], ledger: Bool, preferring: SourceID?, now: Moment
    ) -> PlannedRoute? {
        state.withLock { state in
            if state.routes[index] == nil, state.next == index, !options.isEmpty {
                let started = state.planStarted ?? now
                state.planStarted = started
                let choice = state.plan.choose(options, ledger: ledger, preferring: preferring)
                if !choice.ledger.isEmpty { state.ledgerOrders[index] = choice.ledger }
                state.routes[index] =
                    [PlannedRoute(source: choice.source, due: started.advanced(by: choice.startsAfter))]
                    + choice.then.map { PlannedRoute(source: $0.source, due: started.advanced(by: $0.startsAfter)) }
            }
            let usable = Set(options.map(\.source))
            return state.routes[index]?.first { usable.contains($0.source) }
        }
    }

    /// Ticker `index` is done: what the plan kept for it goes.
    func forget(_ index: Int) {
        state.withLock { state in
            state.routes[index] = nil
            state.ledgerOrders[index] = nil
        }
    }

    /// Whether the plan has yet to meet `source`.
    func meets(_ source: SourceID) -> Bool {
        state.withLock { $0.plan.meets(source) }
    }

    /// Where the plan has ticker `index` ask first for its corporate actions (said once).
    func ledgerOrder(_ index: Int) -> [SourceID] {
        state.withLock { $0.ledgerOrders.removeValue(forKey: index) ?? [] }
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
    func route(among options: [BatchPlan.Option], ledger: Bool, preferring: SourceID?, now: Moment) -> PlannedRoute? {
        turns.route(index, among: options, ledger: ledger, preferring: preferring, now: now)
    }
    func forget() { turns.forget(index) }
    func ledgerOrder() -> [SourceID] { turns.ledgerOrder(index) }
    func meets(_ source: SourceID) -> Bool { turns.meets(source) }
    func finish() { turns.finish(index) }
}

extension Orchestrator {
    /// Set while a batch's ticker is fetched: its first request for a slot waits its turn.
    @TaskLocal static var batchTurn: BatchTurn?
}
