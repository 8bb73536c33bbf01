import QuantumCore
import Synchronization

/// The answers the simulator already rendered, kept as bytes as a provider answers from its own
/// caches: the same request (path and query, key included, on the same market day and base URL)
/// is answered with the stored response instead of being rendered again. Bounded in bytes; the
/// oldest answers go first. Only the market's own answers are kept, never an injected fault's.
final class RenderedBodies: Sendable {
    /// What one request is answered with, before the market's day and the address it is served at.
    struct Key: Hashable {
        var source: SourceID
        var path: String
        var query: [String]
        var today: TradingDate
        var baseURL: String
    }

    private struct State {
        var responses: [Key: ServerResponse] = [:]
        var order: [Key] = []
        var oldest = 0
        var bytes = 0
        var hits = 0
    }

    /// The most body bytes kept.
    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Answers served from the store so far.
    var hits: Int { state.withLock { $0.hits } }

    /// The stored answer to `key`, or `render`'s, kept when it fits.
    func response(for key: Key, render: () -> ServerResponse) -> ServerResponse {
        if let stored = state.withLock({ state -> ServerResponse? in
            guard let stored = state.responses[key] else { return nil }
            state.hits += 1
            return stored
        }) {
            return stored
        }
        let response = render()
        guard response.body.count <= capacity else { return response }
        state.withLock { state in
            guard state.responses.updateValue(response, forKey: key) == nil else { return }
            state.order.append(key)
            state.bytes += response.body.count
            while state.bytes > capacity, state.oldest < state.order.count {
                let evicted = state.order[state.oldest]
                state.oldest += 1
                state.bytes -= state.responses.removeValue(forKey: evicted)?.body.count ?? 0
            }
            // Compact the order now and then, so it does not grow with every answer ever kept.
            if state.oldest > 4_096, state.oldest * 2 > state.order.count {
                state.order.removeFirst(state.oldest)
                state.oldest = 0
            }
        }
        return response
    }
}
