import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOHTTPCompression

/// The live transport: AsyncHTTPClient with connection reuse, gzip and a per-request deadline.
public struct AsyncHTTPTransport: HTTPTransport {
    public static let userAgent = "quantum/\(QuantumVersion.current) (+market-data research CLI)"
    /// Bodies above this size are refused rather than buffered (20 years of daily bars is ~1 MiB).
    static let maxBodyBytes = 64 << 20

    private let client: HTTPClient

    /// Runs `body` with a transport whose connections are closed when it returns.
    public static func with<T>(_ body: (AsyncHTTPTransport) async throws -> T) async throws -> T {
        var configuration = HTTPClient.Configuration()
        configuration.decompression = .enabled(limit: .ratio(200))
        configuration.timeout = .init(connect: .seconds(10))
        configuration.connectionPool = .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: 32)
        // A refused connection fails at once: the orchestrator retries with its own backoff and
        // budget, and moves on, instead of the pool retrying until the request's deadline.
        configuration.connectionPool.retryConnectionEstablishment = false
        return try await HTTPClient.withHTTPClient(configuration: configuration) { client in
            try await body(AsyncHTTPTransport(client: client))
        }
    }

    public func get(_ request: ProviderRequest, timeout: Duration) async throws(TransportError) -> ProviderResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.headers.add(name: "User-Agent", value: Self.userAgent)
        outgoing.headers.add(name: "Accept", value: "application/json")
        outgoing.headers.add(name: "Accept-Encoding", value: "gzip, deflate")
        for header in request.headers { outgoing.headers.add(name: header.name, value: header.value) }
        let deadline = NIODeadline.now() + .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000)
        do {
            let response = try await client.execute(outgoing, deadline: deadline)
            let buffer = try await response.body.collect(upTo: Self.maxBodyBytes)
            return ProviderResponse(
                status: Int(response.status.code),
                headers: response.headers.map { ($0.name, $0.value) },
                body: Array(buffer.readableBytesView)
            )
        } catch {
            throw Self.classify(error)
        }
    }

    static func classify(_ error: any Error) -> TransportError {
        if error is CancellationError { return .cancelled }
        if let error = error as? HTTPClientError {
            if [.deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout].contains(error) { return .timeout }
            if error == .cancelled { return .cancelled }
            if error == .remoteConnectionClosed { return .network("the server closed the connection") }
            return .network("\(error)")
        }
        let text = "\(error)"
        if text.contains("connectionRefused") || text.contains("Connection refused") { return .network("connection refused") }
        if text.contains("connectTimeout") { return .timeout }
        if text.contains("stream ended") || text.contains("invalidEOFState") { return .network("connection dropped mid-response") }
        return .network(text)
    }
}
