import Foundation
import QuantumCore

/// An engine over sources answered by a stub transport, for tests of the orchestrator's
/// decisions: every source at `baseURL` with key `k` (or `keys`), in the order given.
public func stubEngine(
    _ transport: any HTTPTransport, sources: [SourceID] = ProviderRegistry.ids, keys: [SourceID: String]? = nil,
    baseURL: String = "http://sim", limits: [SourceID: [RateWindow]] = [:], timeout: Duration = .seconds(15),
    candleStore: (any CandleStore)? = nil, time: TimeSource = .continuous, today: TradingDate,
    random: @escaping @Sendable () -> Double = { 0.5 }, retry: RetryPolicy = RetryPolicy()
) -> Engine {
    var settings = Settings.defaults
    settings.sources = sources.enumerated().map { index, id in
        SourceSettings(
            id: id, key: keys.map { $0[id] } ?? "k", baseURL: baseURL, priority: index + 1, limits: limits[id] ?? [])
    }
    settings.requestTimeout = timeout
    return Engine(
        EngineParts(
            settings: settings, transport: transport, candleStore: candleStore, time: time, today: { today },
            random: random,
            retry: retry))
}

extension Engine {
    /// Fetches a query, optionally pinned, optionally without reading the cache.
    public func fetch(_ query: BarQuery, pinned: SourceID? = nil, useCache: Bool = true) async -> FetchResult {
        await fetch(
            FetchRequest(
                ticker: query.ticker, from: query.from, to: query.to, basis: query.basis, pinned: pinned,
                readsCache: useCache))
    }

    /// A batch of queries; the results in input order.
    public func batch(
        _ queries: [BarQuery], concurrency: Int, progress: @escaping @Sendable (BatchProgress) -> Void = { _ in }
    ) async -> [FetchResult] {
        let requests = queries.map { FetchRequest(ticker: $0.ticker, from: $0.from, to: $0.to, basis: $0.basis) }
        return await batch(requests, concurrency: concurrency, progress: progress).results
    }
}

extension QuotaGrant {
    /// Whether the ledger granted the request.
    public var isGranted: Bool {
        if case .granted = self { true } else { false }
    }
}
