import Synchronization

/// The first of several outcomes to arrive (a fetch's result, or nil when its client went away),
/// for one waiter: later ones are dropped.
final class FirstOutcome<Value: Sendable>: Sendable {
    private struct State {
        var outcome: Value??
        var waiter: CheckedContinuation<Value?, Never>?
    }

    private let state = Mutex(State())

    /// Gives `outcome` unless one was given before.
    func settle(_ outcome: Value?) {
        let waiter = state.withLock { state -> CheckedContinuation<Value?, Never>? in
            guard state.outcome == nil else { return nil }
            state.outcome = .some(outcome)
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: outcome)
    }

    /// The first outcome given, once one is.
    var value: Value? {
        get async {
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state -> Value?? in
                    if let outcome = state.outcome { return .some(outcome) }
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }
    }
}
