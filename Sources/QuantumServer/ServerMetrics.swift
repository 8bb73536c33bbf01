import CoreMetrics
import Prometheus
import QuantumCore
import Synchronization

/// The server's metrics through swift-metrics, in its own Prometheus registry (no global
/// bootstrap, so servers in one process never share counters). Labels are route templates,
/// statuses, source names and outcomes only: never a key, a ticker or a query.
final class ServerMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    let factory: PrometheusMetricsFactory
    private let inFlight: Meter
    /// Totals the engine counts (shared fetches, rate-limit waits) as last exported.
    private let exported = Mutex<(shared: Int, waits: Int)>((0, 0))

    init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5),
            .seconds(5), .seconds(10), .seconds(30), .seconds(60),
        ]
        self.factory = factory
        inFlight = Meter(label: "quantum_http_requests_in_flight", factory: factory)
    }

    /// A request started; `finished` when its response is written.
    func started() { inFlight.increment() }

    func finished(route: String, status: Int) {
        inFlight.decrement()
        Counter(
            label: "quantum_http_requests_total", dimensions: [("route", route), ("status", String(status))],
            factory: factory
        ).increment()
    }

    /// A request turned away because the work queue was full.
    func rejected() {
        Counter(label: "quantum_http_rejected_total", dimensions: [("reason", "queue_full")], factory: factory)
            .increment()
    }

    /// A request the HTTP decoder could not read, answered `status` (431 or 400) before any route.
    func unparsed(status: Int) {
        Counter(
            label: "quantum_http_requests_total", dimensions: [("route", "(unparsed)"), ("status", String(status))],
            factory: factory
        ).increment()
    }

    /// A connection closed at once because `--max-connections` were open.
    func connectionRefused() {
        Counter(label: "quantum_connections_refused_total", factory: factory).increment()
    }

    /// One fetch's result: its latency, each request its attempts sent per source and outcome (none
    /// for a caller that joined a fetch under way), and whether the cache served it.
    func record(_ result: FetchResult) {
        let outcome = result.ok ? "ok" : result.wasCancelled ? "cancelled" : "failed"
        Timer(label: "quantum_fetch_duration_seconds", dimensions: [("outcome", outcome)], factory: factory)
            .recordNanoseconds(
                Int64(result.elapsed.components.seconds) * 1_000_000_000
                    + result.elapsed.components.attoseconds / 1_000_000_000)
        // A caller that joined an identical fetch under way sent no request of its own.
        let sent = result.joinedFetchUnderWay ? [] : result.attempts + result.fills.map(\.attempt)
        // Skipped sources (no key, disabled, no slot, circuit open) and cancelled attempts sent nothing.
        for attempt in sent where !attempt.fromCache && attempt.outcome.sentRequest {
            Counter(
                label: "quantum_source_requests_total",
                dimensions: [("source", attempt.source.rawValue), ("outcome", attempt.outcome.rawValue)],
                factory: factory
            ).increment()
        }
        // A caller that joined a fetch under way is counted once, as shared, not again as a cache hit.
        guard !result.joinedFetchUnderWay else { return }
        if result.isWhollyFromCache {
            Counter(label: "quantum_cache_hits_total", dimensions: [("kind", "whole")], factory: factory).increment()
        } else if result.cached > 0 {
            Counter(label: "quantum_cache_hits_total", dimensions: [("kind", "partial")], factory: factory).increment()
        }
    }

    /// The Prometheus text exposition, after bringing the engine's own totals up to date.
    func exposition(engine: Engine) async -> String {
        let shared = await engine.sharedFetches()
        let waits = await engine.rateLimitWaits()
        let (newShared, newWaits) = exported.withLock { last in
            defer { last = (max(last.shared, shared), max(last.waits, waits)) }
            return (max(0, shared - last.shared), max(0, waits - last.waits))
        }
        let sharedCounter = Counter(label: "quantum_fetches_shared_total", factory: factory)
        let waitCounter = Counter(label: "quantum_rate_limit_waits_total", factory: factory)
        sharedCounter.increment(by: newShared)
        waitCounter.increment(by: newWaits)
        return registry.emitToString()
    }
}
