import Logging
import NIOCore
import Synchronization

/// In each connection's pipeline: counts the connection while it is open (in a `WorkQueue` as
/// large as `ServerOptions.maxConnections`), and closes it at once when the server already has
/// that many open, so idle or slow clients cannot use up the process's descriptors and starve
/// the rest. Each refusal is counted (`quantum_connections_refused_total`) and said in the log,
/// at most once per `RefusalLog.interval` with how many were refused since. Everything read
/// passes through unchanged.
final class ConnectionLimitHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = Any

    private let connections: WorkQueue
    private let refusals: RefusalLog
    private var counted = false

    init(_ connections: WorkQueue, refusals: RefusalLog) {
        self.connections = connections
        self.refusals = refusals
    }

    func handlerAdded(context: ChannelHandlerContext) {
        counted = connections.enter()
        if !counted {
            refusals.refused(open: connections.capacity)
            context.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        if counted { connections.leave() }
        counted = false
    }
}

/// Connections refused at the `--max-connections` bound: counted in the metrics, and logged as a
/// warning when the first is refused and then at most once per `interval`, saying how many were
/// refused since, so a flood of connections cannot flood the log as well.
final class RefusalLog: Sendable {
    static let interval = Duration.seconds(10)
    private let logger: Logger
    private let metrics: ServerMetrics
    private let state = Mutex<(lastLogged: ContinuousClock.Instant?, unlogged: Int)>((nil, 0))

    init(logger: Logger, metrics: ServerMetrics) {
        self.logger = logger
        self.metrics = metrics
    }

    func refused(open: Int) {
        metrics.connectionRefused()
        let now = ContinuousClock.now
        let count: Int? = state.withLock { state in
            state.unlogged += 1
            if let last = state.lastLogged, last.duration(to: now) < Self.interval { return nil }
            defer { state = (now, 0) }
            return state.unlogged
        }
        guard let count else { return }
        logger.warning(
            "refused \(count == 1 ? "a connection" : "\(count) connections"): \(open) open, the --max-connections bound"
        )
    }
}
