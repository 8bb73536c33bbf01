import QuantumCore
import Synchronization

/// What to do to one request.
enum FaultAction: Sendable, Equatable {
    case drop
    case status(Int)
    case ratelimit
    case hang
    case delay(Duration)
    case truncate
    case authfail
    case notfound
    case empty
    case premium
}

/// The faults in force per source. Counted faults are used up request by request; chance is
/// drawn from a seeded generator, so a run with the same requests fails the same way.
public final class FaultBoard: Sendable {
    private struct State {
        var faults: [SourceID: [Fault]] = [:]
        var rng = SplitMix64(seed: 0x51AB_F00D)
    }

    private let state = Mutex(State())

    public init(seed: UInt64 = 0x51AB_F00D) {
        state.withLock { $0.rng = SplitMix64(seed: seed) }
    }

    public func inject(_ fault: Fault, at source: SourceID) {
        state.withLock { $0.faults[source, default: []].append(fault) }
    }

    public func clear(_ source: SourceID?) {
        state.withLock { state in
            if let source { state.faults[source] = nil } else { state.faults = [:] }
        }
    }

    public func active() -> [(SourceID, Fault)] {
        state.withLock { state in
            ProviderRegistry.ids.flatMap { id in (state.faults[id] ?? []).map { (id, $0) } }
        }
    }

    /// The action for the next request to `source`, if a fault applies.
    func draw(for source: SourceID) -> FaultAction? {
        state.withLock { state in
            guard var faults = state.faults[source], !faults.isEmpty else { return nil }
            defer { state.faults[source] = faults.isEmpty ? nil : faults }
            for i in faults.indices {
                let fault = faults[i]
                switch fault.scope {
                case .always: break
                case .probability(let p): if state.rng.unit() >= p { continue }
                case .next(let n):
                    if n <= 1 { faults.remove(at: i) } else { faults[i].scope = .next(n - 1) }
                }
                return Self.action(for: fault.kind, rng: &state.rng)
            }
            return nil
        }
    }

    private static func action(for kind: Fault.Kind, rng: inout SplitMix64) -> FaultAction? {
        switch kind {
        case .down: return .drop
        case .error500: return .status(500)
        case .ratelimit: return .ratelimit
        case .timeout: return .hang
        case .slow(let d): return .delay(d)
        case .badjson: return .truncate
        case .authfail: return .authfail
        case .notfound: return .notfound
        case .empty: return .empty
        case .premium: return .premium
        case .flaky(let p):
            guard rng.unit() < p else { return nil }
            let choices: [FaultAction] = [.ratelimit, .status(500), .status(502), .status(503), .truncate, .drop]
            return choices[Int(rng.next() % UInt64(choices.count))]
        }
    }
}
