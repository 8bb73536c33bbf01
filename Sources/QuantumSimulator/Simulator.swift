import Foundation
import QuantumCore
import Synchronization

/// How a simulator is set up.
public struct SimulatorOptions: Sendable {
    /// The last day of the market; bars run through it.
    public var today: TradingDate
    /// When set, the market's last day is this clock's at every request instead of `today`: a
    /// simulator left running crosses midnight as the providers do.
    public var clock: (@Sendable () -> TradingDate)?
    /// Added before every answer, to emulate a network.
    public var latency: Duration = .zero
    /// Server-side rolling-window limits per provider; none when absent.
    public var limits: [SourceID: [RateWindow]] = [:]
    /// Faults in force from the start.
    public var faults: [(SourceID, Fault)] = []
    /// Polygon bars per page at most (the request's `limit` otherwise decides), to exercise `next_url`.
    public var polygonPageSize = 50_000
    /// Whether Alpha Vantage serves `outputsize=full` (premium for real free keys).
    public var alphaVantageFull = true
    /// The longest a `timeout` fault holds a request before giving up.
    public var hangLimit: Duration = .seconds(120)
    /// Body bytes of rendered answers kept to answer the same request again (`RenderedBodies`);
    /// 0 renders every answer.
    public var renderedBytes = 256 << 20

    public init(today: TradingDate) {
        self.today = today
    }
}

/// Counters a test reads to prove the client behaved: requests, limit violations, injected faults.
public struct ProviderStats: Sendable, Equatable {
    public var requests = 0
    public var served = 0
    public var violations = 0
    public var faults = 0
}

/// The four providers' daily-bar and corporate-action endpoints on one server, over a
/// deterministic market, with server-side rate limits and fault injection.
public final class Simulator: Sendable {
    public let market: Market
    public let faults: FaultBoard
    public let options: SimulatorOptions
    let wires: [any ProviderWire]
    private let limiters: Mutex<[SourceID: RollingWindowLimiter<ContinuousClock.Instant>]>
    private let counters = Mutex<[SourceID: ProviderStats]>([:])
    private let stopped = Atomic<Bool>(false)
    private let rendered: RenderedBodies

    public init(options: SimulatorOptions) {
        self.options = options
        self.market = options.clock.map { Market(clock: $0) } ?? Market(today: options.today)
        self.faults = FaultBoard()
        self.rendered = RenderedBodies(capacity: options.renderedBytes)
        self.wires = [
            PolygonWire(pageSize: options.polygonPageSize), FMPWire(),
            AlphaVantageWire(fullAllowed: options.alphaVantageFull), EODHDWire(),
        ]
        self.limiters = Mutex(options.limits.mapValues { RollingWindowLimiter(windows: $0) })
        for (source, fault) in options.faults { faults.inject(fault, at: source) }
    }

    /// Per-provider counters.
    public func stats() -> [SourceID: ProviderStats] {
        counters.withLock { $0 }
    }

    /// Sets (or with an empty list removes) a provider's server-side limits.
    public func setLimits(_ windows: [RateWindow], for source: SourceID) {
        limiters.withLock { limiters in
            if windows.isEmpty {
                limiters[source] = nil
            } else if limiters[source] != nil {
                limiters[source]?.setWindows(windows)
            } else {
                limiters[source] = RollingWindowLimiter(windows: windows)
            }
        }
    }

    /// Releases requests held by `timeout` faults (at shutdown).
    func releaseHeldRequests() {
        stopped.store(true, ordering: .relaxed)
    }

    /// Answers one request as the provider it is addressed to would.
    public func handle(_ request: ServerRequest, baseURL: String) async -> ServerResponse {
        if request.path.hasPrefix("/_sim/") { return control(request) }
        guard let wire = wires.first(where: { $0.matches(request) }) else {
            return ServerResponse(status: 404, #"{"error":"no simulated endpoint at \#(request.path)"}"#)
        }
        let id = wire.id
        count(id) { $0.requests += 1 }
        if options.latency > .zero { try? await Task.sleep(for: options.latency) }
        guard let key = wire.key(of: request), !key.isEmpty else { return wire.missingKey(request) }
        let now = ContinuousClock.now
        let refused: Duration? = limiters.withLock { limiters in
            guard var limiter = limiters[id] else { return nil }
            defer { limiters[id] = limiter }
            if limiter.tryAcquire(at: now) { return nil }
            return limiter.earliestGrant(at: now).map { now.duration(to: $0) } ?? .seconds(1)
        }
        if let refused {
            count(id) { $0.violations += 1 }
            return wire.rateLimited(request, retryAfter: Int(refused.components.seconds) + 1)
        }
        if let action = faults.draw(for: id) {
            count(id) { $0.faults += 1 }
            switch action {
            case .drop: return ServerResponse(dropping: ())
            case .status(let status): return wire.serverError(status)
            case .ratelimit: return wire.rateLimited(request, retryAfter: 1)
            case .hang:
                await hold()
                return wire.serverError(504)
            case .delay(let delay): try? await Task.sleep(for: delay)
            case .truncate:
                var response = wire.serve(request, market: market, baseURL: baseURL)
                response.body = Array(response.body.prefix(max(1, response.body.count / 2)))
                return response
            case .authfail: return wire.authFailed(request)
            case .notfound: return wire.notFound(request)
            case .empty: return wire.empty(request)
            case .premium: return wire.premium(request)
            }
        }
        count(id) { $0.served += 1 }
        let answer = RenderedBodies.Key(
            source: id, path: request.path, query: request.query.map { "\($0.name)=\($0.value)" },
            today: market.today, baseURL: baseURL)
        return rendered.response(for: answer) { wire.serve(request, market: market, baseURL: baseURL) }
    }

    /// Answers served from the rendered answers kept, not rendered again.
    public var renderedHits: Int { rendered.hits }

    private func hold() async {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: options.hangLimit)
        while !stopped.load(ordering: .relaxed), clock.now < deadline, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    private func count(_ id: SourceID, _ change: (inout ProviderStats) -> Void) {
        counters.withLock { change(&$0[id, default: ProviderStats()]) }
    }
}
