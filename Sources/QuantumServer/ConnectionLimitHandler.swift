import NIOCore

/// In each connection's pipeline: counts the connection while it is open (in a `WorkQueue` as
/// large as `ServerOptions.maxConnections`), and closes it at once when the server already has
/// that many open, so idle or slow clients cannot use up the process's descriptors and starve
/// the rest. Everything read passes through unchanged.
final class ConnectionLimitHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = Any

    private let connections: WorkQueue
    private var counted = false

    init(_ connections: WorkQueue) {
        self.connections = connections
    }

    func handlerAdded(context: ChannelHandlerContext) {
        counted = connections.enter()
        if !counted { context.close(promise: nil) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        if counted { connections.leave() }
        counted = false
    }
}
