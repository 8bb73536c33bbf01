import QuantumCore
import Synchronization

/// Every event an `EngineEvents` emits from when this is made, kept for assertions.
public final class HeardEvents: Sendable {
    private let heard = Mutex<[EngineEvent]>([])

    public init(_ events: EngineEvents) {
        events.listen { [self] event in heard.withLock { $0.append(event) } }
    }

    /// What was heard, in order.
    public var all: [EngineEvent] { heard.withLock { $0 } }

    /// Each event's message, in order.
    public var messages: [String] { all.map(\.message) }
}

extension EngineEvents {
    /// A sink whose events said as they happen (a wait for a slot) go to `say` as messages, as the
    /// executable prints them.
    public static func saying(_ say: @escaping @Sendable (String) -> Void) -> EngineEvents {
        let events = EngineEvents()
        events.listen { event in
            if event.isSaidAsItHappens { say(event.message) }
        }
        return events
    }
}
