import Foundation
import QuantumCore

/// Live mode's fault injection: wraps the real transport and, for requests to a source with a
/// fault in force, answers in that provider's own format without touching the network, so a
/// fallback can be shown with real keys. Labelled "client-side" wherever it is reported.
public struct FaultInjectingTransport: HTTPTransport, FaultControl {
    public let label = "client-side"
    private let base: any HTTPTransport
    private let board = FaultBoard()
    /// Which source a URL belongs to, by its configured base URL.
    private let endpoints: [(prefix: String, wire: any ProviderWire)]

    public init(wrapping base: any HTTPTransport, baseURLs: [SourceID: String]) {
        self.base = base
        let wires: [any ProviderWire] = [PolygonWire(), FMPWire(), AlphaVantageWire(), EODHDWire()]
        self.endpoints = wires.compactMap { wire in baseURLs[wire.id].map { ($0, wire) } }
    }

    public func inject(_ fault: Fault, at source: SourceID) async { board.inject(fault, at: source) }
    public func clear(_ source: SourceID?) async { board.clear(source) }
    public func active() async -> [(SourceID, Fault)] { board.active() }

    public func get(_ request: ProviderRequest, timeout: Duration) async throws(TransportError) -> ProviderResponse {
        let addressed = endpoints.lazy.compactMap { endpoint -> (any ProviderWire, ServerRequest)? in
            guard request.url.hasPrefix(endpoint.prefix) else { return nil }
            let parsed = Self.serverRequest(request.url, base: endpoint.prefix)
            return endpoint.wire.matches(parsed) ? (endpoint.wire, parsed) : nil
        }.first
        guard let (wire, serverRequest) = addressed, let action = board.draw(for: wire.id) else {
            return try await base.get(request, timeout: timeout)
        }
        let reply: ServerResponse
        switch action {
        case .drop: throw .network("connection dropped (client-side fault)")
        case .hang:
            try? await Task.sleep(for: timeout)
            throw .timeout
        case .delay(let delay):
            try? await Task.sleep(for: delay)
            return try await base.get(request, timeout: timeout)
        case .truncate:
            var response = try await base.get(request, timeout: timeout)
            response.body = Array(response.body.prefix(max(1, response.body.count / 2)))
            return response
        case .status(let status): reply = wire.serverError(status)
        case .ratelimit: reply = wire.rateLimited(serverRequest, retryAfter: 1)
        case .authfail: reply = wire.authFailed(serverRequest)
        case .notfound: reply = wire.notFound(serverRequest)
        case .empty: reply = wire.empty(serverRequest)
        case .premium: reply = wire.premium(serverRequest)
        }
        return ProviderResponse(status: reply.status, headers: reply.headers, body: reply.body)
    }

    /// The path and query of a URL under a base, as the simulator's wires read requests.
    static func serverRequest(_ url: String, base: String) -> ServerRequest {
        let rest = url.dropFirst(base.count)
        let parts = rest.split(separator: "?", maxSplits: 1)
        let query =
            parts.count > 1
            ? parts[1].split(separator: "&").map { item -> (String, String) in
                let kv = item.split(separator: "=", maxSplits: 1)
                return (
                    String(kv[0]).removingPercentEncoding ?? String(kv[0]),
                    kv.count > 1 ? String(kv[1]).removingPercentEncoding ?? "" : ""
                )
            } : []
        return ServerRequest(method: "GET", path: String(parts.first ?? ""), query: query, body: [])
    }
}
