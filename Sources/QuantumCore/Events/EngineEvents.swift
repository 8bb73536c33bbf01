import Synchronization

/// The one sink the engine's events go to, and where front ends subscribe: listeners hear each
/// event as it is emitted, streams buffer a bounded number for a reader, and a command's
/// `EventCollector` keeps those emitted while it runs. Nothing is kept for nobody: an event no
/// one listens to is gone, so a long-running server does not accumulate them.
public final class EngineEvents: Sendable {
    /// A listener's handle, to stop listening.
    public struct Listener: Hashable, Sendable {
        fileprivate let id: Int
    }

    private struct State {
        var listeners: [Int: @Sendable (EngineEvent) -> Void] = [:]
        var next = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// Sends `event` to every listener (synchronously, in the caller: a listener must be quick)
    /// and to the collector of the command it was emitted in, if any.
    public func emit(_ event: EngineEvent) {
        EventCollector.current?.keep(event)
        let listeners = state.withLock { Array($0.listeners.values) }
        for listener in listeners { listener(event) }
    }

    /// Calls `handler` with every event from now on, until `stopListening`.
    @discardableResult
    public func listen(_ handler: @escaping @Sendable (EngineEvent) -> Void) -> Listener {
        state.withLock { state in
            state.next += 1
            state.listeners[state.next] = handler
            return Listener(id: state.next)
        }
    }

    public func stopListening(_ listener: Listener) {
        _ = state.withLock { $0.listeners.removeValue(forKey: listener.id) }
    }

    /// Every event from now on, as a stream that holds at most `limit` unread ones (the oldest are
    /// dropped first: a reader that falls behind loses events, the process never grows). Ending
    /// the iteration (or cancelling its task) stops the subscription.
    public func subscribe(bufferingNewest limit: Int = 1024) -> AsyncStream<EngineEvent> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: EngineEvent.self, bufferingPolicy: .bufferingNewest(max(1, limit)))
        let listener = listen { continuation.yield($0) }
        continuation.onTermination = { [weak self] _ in self?.stopListening(listener) }
        return stream
    }
}

/// Keeps the events emitted while one command runs (in its task and the tasks it starts), so
/// its cell says its own and not those of a command running beside it. At most `limit` are kept.
public final class EventCollector: Sendable {
    @TaskLocal static var current: EventCollector?

    private let kept = Mutex<[EngineEvent]>([])
    private let limit: Int

    public init(limit: Int = 1000) {
        self.limit = limit
    }

    /// The events kept so far, in the order they were emitted.
    public var events: [EngineEvent] { kept.withLock { $0 } }

    /// Runs `body` with this collector keeping the events emitted meanwhile.
    public func collect<T>(isolation: isolated (any Actor)? = #isolation, _ body: () async -> T) async -> T {
        await Self.$current.withValue(self, operation: body, isolation: isolation)
    }

    fileprivate func keep(_ event: EngineEvent) {
        kept.withLock { events in
            if events.count < limit { events.append(event) }
        }
    }
}
