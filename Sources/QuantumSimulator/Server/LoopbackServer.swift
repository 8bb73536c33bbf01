import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// A request as the simulator's handlers see it.
public struct ServerRequest: Sendable {
    public var method: String
    public var path: String
    /// Query items in order, percent-decoded.
    public var query: [(name: String, value: String)]
    public var body: [UInt8]

    public func query(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }
}

/// A response to send.
public struct ServerResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Close the connection instead of answering (after the head, so the client sees a drop).
    public var dropsConnection = false
    /// How the body goes out after the head (which carries its whole `Content-Length`): nil
    /// sends it at once.
    public var pacing: BodyPacing?

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response that drops the connection.
    public init(dropping: Void) {
        self.init(status: 200, headers: [("Content-Length", "4096")], body: [])
        dropsConnection = true
    }

    public init(status: Int, contentType: String = "application/json", _ text: String) {
        self.init(status: status, headers: [("Content-Type", contentType)], body: Array(text.utf8))
    }
}

/// A body sent slowly, as a stalled or overloaded server sends it.
public enum BodyPacing: Sendable {
    /// One byte, then a pause, and so on to the end.
    case drip(every: Duration)
    /// The first `bytes` bytes, then nothing for `for` (then the connection closes).
    case stall(after: Int, for: Duration)
}

/// Thrown while writing a body to make the server close the connection.
struct ConnectionDropped: Error {}

/// An HTTP/1.1 server on a loopback address, running a handler for every request, stopped by a
/// graceful shutdown of its service group.
public final class LoopbackServer: Sendable {
    public typealias Handler = @Sendable (ServerRequest) async -> ServerResponse

    public let host: String
    public let port: Int
    private let group: ServiceGroup
    private let running: Task<Void, any Error>

    /// `http://host:port`.
    public var baseURL: String { "http://\(host):\(port)" }

    /// Starts listening (port 0 picks a free one) and returns once the socket is bound.
    public static func start(host: String = "127.0.0.1", port: Int = 0, handler: @escaping Handler) async throws
        -> LoopbackServer
    {
        var logger = Logger(label: "quantum.loopback")
        logger.logLevel = .critical
        let (bound, continuation) = AsyncThrowingStream.makeStream(of: Int.self)
        let app = Application(
            responder: CallbackResponder { (request: Request, _: BasicRequestContext) in
                let body = try await request.body.collect(upTo: 1 << 20)
                let reply = await handler(
                    ServerRequest(
                        method: request.method.rawValue,
                        path: request.uri.path,
                        query: request.uri.queryParameters.map { (String($0.key), String($0.value)) },
                        body: Array(body.readableBytesView)
                    ))
                var headers = HTTPFields()
                for header in reply.headers {
                    if let name = HTTPField.Name(header.name) {
                        headers.append(HTTPField(name: name, value: header.value))
                    }
                }
                if let pacing = reply.pacing {
                    if !headers.contains(where: { $0.name == .contentLength }) {
                        headers[.contentLength] = String(reply.body.count)
                    }
                    return Response(
                        status: HTTPResponse.Status(code: reply.status), headers: headers,
                        body: ResponseBody { writer in
                            switch pacing {
                            case .drip(let every):
                                for byte in reply.body {
                                    try await writer.write(ByteBuffer(bytes: [byte]))
                                    try await Task.sleep(for: every)
                                }
                            case .stall(let count, let pause):
                                try await writer.write(ByteBuffer(bytes: reply.body.prefix(count)))
                                try await Task.sleep(for: pause)
                                throw ConnectionDropped()
                            }
                            try await writer.finish(nil)
                        })
                }
                if reply.dropsConnection {
                    return Response(
                        status: .ok, headers: headers, body: ResponseBody { _ in throw ConnectionDropped() })
                }
                return Response(
                    status: HTTPResponse.Status(code: reply.status),
                    headers: headers,
                    body: ResponseBody(byteBuffer: ByteBuffer(bytes: reply.body))
                )
            },
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? port)
                continuation.finish()
            },
            logger: logger
        )
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let running = Task {
            do {
                try await group.run()
            } catch {
                continuation.finish(throwing: error)
                throw error
            }
        }
        var iterator = bound.makeAsyncIterator()
        guard let boundPort = try await iterator.next() else {
            throw CancellationError()
        }
        return LoopbackServer(host: host, port: boundPort, group: group, running: running)
    }

    private init(host: String, port: Int, group: ServiceGroup, running: Task<Void, any Error>) {
        self.host = host
        self.port = port
        self.group = group
        self.running = running
    }

    /// Stops accepting, lets requests in flight finish, and returns when the server is down.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await running.value
    }
}
