import CoreMetrics
import Logging
import QuantumCore
import ServiceLifecycle

/// `serve`'s subscriber to the engine's events: each is logged (its message, with the event's
/// kind and source as metadata) and counted in `/metrics` as
/// `quantum_engine_events_total{kind="key_refused",source="polygon"}`. It reads a bounded
/// subscription: a reader that falls behind loses the oldest events, the server never grows.
/// Runs as a service of the server's group, until its graceful shutdown.
struct EngineEventLog: Service {
    /// Events the subscription holds unread, at most.
    static let buffered = 1024

    private let events: AsyncStream<EngineEvent>
    private let logger: Logger
    private let metrics: ServerMetrics

    /// Subscribes now, so no event emitted after this is missed.
    init(engine: Engine, logger: Logger, metrics: ServerMetrics) {
        events = engine.events.subscribe(bufferingNewest: Self.buffered)
        self.logger = logger
        self.metrics = metrics
    }

    func run() async {
        for await event in events.cancelOnGracefulShutdown() { record(event) }
    }

    private func record(_ event: EngineEvent) {
        let source = event.sources.isEmpty ? "none" : event.sources.map(\.rawValue).joined(separator: ",")
        logger.log(
            level: Self.level(event.kind), "\(event.logMessage)",
            metadata: ["event": "\(event.kind.rawValue)", "source": "\(source)"])
        // One count per source it concerns (a wait for any of several counts at each).
        for label in event.sources.isEmpty ? ["none"] : event.sources.map(\.rawValue) {
            Counter(
                label: "quantum_engine_events_total", dimensions: [("kind", event.kind.rawValue), ("source", label)],
                factory: metrics.factory
            ).increment()
        }
    }

    /// A source lost (key refused, circuit open, quota spent) is a warning, a ledger that cannot
    /// be read an error (limits it must count stop every request), the rest information.
    static func level(_ kind: EngineEvent.Kind) -> Logger.Level {
        switch kind {
        case .keyRefused, .circuitOpened, .quotaSpent: .warning
        case .ledgerUnreadable: .error
        case .circuitClosed, .waitingForSlot, .seriesForgotten: .info
        }
    }
}
