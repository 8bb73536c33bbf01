import Hummingbird
import Logging
import QuantumCore
import ServiceLifecycle
import Synchronization

/// `quantum serve`: the orchestrator as an HTTP API on Hummingbird, one engine shared by every
/// request. A `Service`: `quantum serve` runs it in the process's lifecycle (QuantumRuntime's),
/// last, so that SIGTERM or SIGINT stops it first, letting requests in flight finish for up to
/// `ServerOptions.shutdownTimeout`. `start` runs one on its own (tests, port 0).
public final class QuantumServer: Service {
    public let host: String
    private let engine: Engine
    private let options: ServerOptions
    private let application: any Service
    private let events: EngineEventLog
    private let queue: WorkQueue
    private let bound: AsyncThrowingStream<Int, any Error>
    private let binding: AsyncThrowingStream<Int, any Error>.Continuation
    private let state: State

    private final class State: Sendable {
        let port = Mutex<Int?>(nil)
        /// The group `start` runs this server in, and its task.
        let standalone = Mutex<(group: ServiceGroup, task: Task<Void, any Error>)?>(nil)
    }

    /// Builds the server over `engine` (routes, middleware, limits); it listens once run. Throws
    /// `ServeRefusal` when the options are unsafe (beyond loopback without a token) or invalid.
    public init(engine: Engine, options: ServerOptions, logger: Logger = Logger(label: "quantum.serve"))
        throws(ServeRefusal)
    {
        if let refusal = options.refusal { throw ServeRefusal(message: refusal) }
        let queue = WorkQueue(capacity: options.maxQueue)
        engine.unknownTickers.lifetime = options.unknownTickerLifetime
        let connections = WorkQueue(capacity: options.maxConnections)
        let metrics = ServerMetrics()
        let refusals = RefusalLog(logger: logger, metrics: metrics)
        let api = ServerAPI(engine: engine, options: options, metrics: metrics, queue: queue, logger: logger)
        events = EngineEventLog(engine: engine, logger: logger, metrics: metrics)
        var quiet = logger
        quiet.logLevel = .warning
        let (bound, binding) = AsyncThrowingStream.makeStream(of: Int.self)
        let state = State()
        application = Application(
            router: api.router(),
            server: .http1(
                configuration: .init(
                    additionalChannelHandlers: [
                        ConnectionLimitHandler(connections, refusals: refusals),
                        MalformedRequestHandler(logger: logger, metrics: metrics),
                    ],
                    idleTimeout: .nanoseconds(Int64(options.clientTimeout.seconds * 1_000_000_000)),
                    httpDecoderConfiguration: .init(
                        maxHeaderFieldSize: ServerOptions.maxHeaderBytes,
                        maxHeaderListSize: ServerOptions.maxHeaderBytes,
                        maxHeaderFieldCount: ServerOptions.maxHeaderFields))),
            configuration: ApplicationConfiguration(
                address: .hostname(options.host, port: options.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? options.port
                state.port.withLock { $0 = port }
                binding.yield(port)
                binding.finish()
            },
            logger: quiet)
        host = options.host
        self.engine = engine
        self.options = options
        self.queue = queue
        self.state = state
        self.bound = bound
        self.binding = binding
    }

    /// Serves until the lifecycle shuts down gracefully. A server that could not listen serves
    /// nothing, `listening()` throws why, and it waits for the lifecycle to stop.
    public func run() async throws {
        await engine.setKeyRefusalCoolDown(options.keyRefusalCoolDown)
        // The engine's events are logged for as long as the server serves.
        async let logging: Void = events.run()
        try await serve()
        await logging
    }

    private func serve() async throws {
        do {
            try await application.run()
            binding.finish()
        } catch {
            guard state.port.withLock({ $0 }) != nil else {
                // Said by `listening()`; the lifecycle stops as its owner decides, not as a failure.
                binding.finish(throwing: error)
                try? await gracefulShutdown()
                return
            }
            throw error
        }
    }

    /// The port, once the server listens (its own when the options asked for 0); throws why it
    /// could not listen.
    public func listening() async throws -> Int {
        var iterator = bound.makeAsyncIterator()
        if let port = try await iterator.next() ?? state.port.withLock({ $0 }) { return port }
        throw CancellationError()
    }

    /// The port listened on (0 before `listening()` has returned).
    public var port: Int { state.port.withLock { $0 } ?? 0 }

    /// `http://host:port`.
    public var baseURL: String {
        host.contains(":") && !host.hasPrefix("[") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)"
    }

    /// Requests doing fetch work now (candles, stock, a batch until its last line is written).
    public var requestsAtWork: Int { queue.count }

    /// Starts a server on its own (no signals: `stop()` stops it) and returns once it listens.
    /// `quantum serve` runs one in the process's lifecycle instead.
    public static func start(
        engine: Engine, options: ServerOptions, logger: Logger = Logger(label: "quantum.serve")
    ) async throws -> QuantumServer {
        let server = try QuantumServer(engine: engine, options: options, logger: logger)
        var quiet = logger
        quiet.logLevel = .warning
        var configuration = ServiceGroupConfiguration(services: [server], logger: quiet)
        configuration.maximumGracefulShutdownDuration = options.shutdownTimeout
        // Cancelled services are waited for: a bound here ends the process with a crash.
        configuration.maximumCancellationDuration = nil
        let group = ServiceGroup(configuration: configuration)
        server.state.standalone.withLock { $0 = (group, Task { try await group.run() }) }
        do {
            _ = try await server.listening()
        } catch {
            await server.stop()
            throw error
        }
        return server
    }

    /// Stops a server `start` started: stops accepting, lets requests in flight finish (up to the
    /// shutdown timeout), and returns when the server is down.
    public func stop() async {
        guard let (group, task) = state.standalone.withLock({ $0 }) else { return }
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }
}

/// Options a server must not start with, in one line.
public struct ServeRefusal: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
