import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOHTTPCompression
import NIOPosix
import QuantumCore

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
        let client = client
        let outgoingRequest = outgoing
        do {
            // The timeout bounds the whole exchange: connecting, the head, and every byte of the
            // body. AsyncHTTPClient's deadline ends at the head, so a body that stalls or drips
            // would hold the fetch for as long as the server likes.
            return try await Self.within(timeout) {
                let response = try await client.execute(outgoingRequest, deadline: .now() + TimeAmount(timeout))
                let buffer = try await response.body.collect(upTo: Self.maxBodyBytes)
                return ProviderResponse(
                    status: Int(response.status.code),
                    headers: response.headers.map { ($0.name, $0.value) },
                    body: Array(buffer.readableBytesView)
                )
            }
        } catch {
            throw Self.classify(error)
        }
    }

    /// Runs `exchange`, cancelling it when `timeout` passes first (then throws
    /// `HTTPClientError.deadlineExceeded`). Cancelling the body's stream closes the connection.
    static func within(
        _ timeout: Duration, _ exchange: @escaping @Sendable () async throws -> ProviderResponse
    ) async throws -> ProviderResponse {
        try await withThrowingTaskGroup(of: ProviderResponse?.self) { group in
            group.addTask { try await exchange() }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let response = first else {
                throw HTTPClientError.deadlineExceeded
            }
            return response
        }
    }

    /// A failure before a full answer, classified by the error's type.
    static func classify(_ error: any Error) -> TransportError {
        switch error {
        case is CancellationError:
            return .cancelled
        case let error as HTTPClientError:
            if [.deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout].contains(error) { return .timeout }
            if error == .cancelled { return .cancelled }
            if error == .remoteConnectionClosed { return .network("the server closed the connection") }
            return .network("\(error)")
        case let error as ChannelError:
            if case .connectTimeout = error { return .timeout }
            return .network("the connection failed (\(error))")
        case let error as NIOConnectionError:
            let refused = error.connectionErrors.contains { ($0.error as? IOError)?.errnoCode == ECONNREFUSED }
            return .network(refused ? "connection refused" : "could not connect to \(error.host):\(error.port)")
        case let error as IOError:
            if error.errnoCode == ECONNREFUSED { return .network("connection refused") }
            if error.errnoCode == ECONNRESET { return .network("the connection was reset") }
            return .network("\(error)")
        case is HTTPParserError:
            return .network("connection dropped mid-response")
        default:
            return .network("\(error)")
        }
    }
}
