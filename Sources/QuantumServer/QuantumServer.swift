import Hummingbird
import Logging
import QuantumCore
import ServiceLifecycle
import UnixSignals

/// `quantum serve`: the orchestrator as an HTTP API on Hummingbird, one engine shared by every
/// request. Started by `start` (tests, port 0) or `run` (the command: until SIGTERM or SIGINT,
/// letting requests in flight finish for up to `ServerOptions.shutdownTimeout`).
public final class QuantumServer: Sendable {
    public let host: String
    public let port: Int
    private let group: ServiceGroup
    private let running: Task<Void, any Error>
    private let queue: WorkQueue

    /// `http://host:port`.
    public var baseURL: String {
        host.contains(":") && !host.hasPrefix("[") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)"
    }

    /// Starts listening and returns once the socket is bound. Throws `ServeRefusal` when the
    /// options are unsafe (beyond loopback without a token) or invalid. With `signals`, SIGTERM and
    /// SIGINT stop it gracefully.
    public static func start(
        engine: Engine, options: ServerOptions, logger: Logger = Logger(label: "quantum.serve"), signals: Bool = false
    ) async throws -> QuantumServer {
        if let refusal = options.refusal { throw ServeRefusal(message: refusal) }
        let queue = WorkQueue(capacity: options.maxQueue)
        let metrics = ServerMetrics()
        let api = ServerAPI(engine: engine, options: options, metrics: metrics, queue: queue, logger: logger)
        let events = EngineEventLog(engine: engine, logger: logger, metrics: metrics)
        var quiet = logger
        quiet.logLevel = .warning
        let (bound, continuation) = AsyncThrowingStream.makeStream(of: Int.self)
        let app = Application(
            router: api.router(),
            configuration: ApplicationConfiguration(
                address: .hostname(options.host, port: options.port), serverName: nil),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? options.port)
                continuation.finish()
            },
            logger: quiet)
        var configuration = ServiceGroupConfiguration(
            services: [events, app], gracefulShutdownSignals: signals ? [.sigterm, .sigint] : [], logger: quiet)
        configuration.maximumGracefulShutdownDuration = options.shutdownTimeout
        configuration.maximumCancellationDuration = .seconds(1)
        let group = ServiceGroup(configuration: configuration)
        let running = Task {
            do {
                try await group.run()
            } catch {
                continuation.finish(throwing: error)
                throw error
            }
        }
        var iterator = bound.makeAsyncIterator()
        guard let port = try await iterator.next() else { throw CancellationError() }
        return QuantumServer(host: options.host, port: port, group: group, running: running, queue: queue)
    }

    private init(host: String, port: Int, group: ServiceGroup, running: Task<Void, any Error>, queue: WorkQueue) {
        self.host = host
        self.port = port
        self.group = group
        self.running = running
        self.queue = queue
    }

    /// Requests doing fetch work now (candles, stock, a batch until its last line is written).
    public var requestsAtWork: Int { queue.count }

    /// Returns when the server has stopped (after a signal, with `signals`, or `stop`).
    public func wait() async {
        _ = try? await running.value
    }

    /// Stops accepting, lets requests in flight finish (up to the shutdown timeout), and returns
    /// when the server is down.
    public func stop() async {
        await group.triggerGracefulShutdown()
        await wait()
    }
}

/// Options a server must not start with, in one line.
public struct ServeRefusal: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
