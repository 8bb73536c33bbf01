import NIOCore

/// Hears a client go away while the server writes nothing to it (a batch whose tickers all wait
/// for a rate-limit slot): put first in the connection's pipeline, it sees the read side close
/// (the client closed or reset the connection) or the channel go inactive, and calls `gone`
/// (possibly more than once). It passes every event on unchanged. The server's channels allow
/// remote half-closure, so without this the close is noticed only at the next write.
///
/// A client that half-closes (shuts down its sending side) while awaiting the response is taken
/// as gone too: HTTP clients do not do that, and the cost is only that its batch is cancelled.
final class PeerGoneHandler: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = ByteBuffer

    private let gone: @Sendable () -> Void

    private init(gone: @escaping @Sendable () -> Void) {
        self.gone = gone
    }

    /// Watches `channel` until `stop`; calls `gone` at once when it is already closed or cannot
    /// be watched.
    static func watch(_ channel: any Channel, gone: @escaping @Sendable () -> Void) async -> PeerGoneHandler? {
        let handler = PeerGoneHandler(gone: gone)
        do {
            try await channel.pipeline.addHandler(handler, position: .first).get()
        } catch {
            gone()
            return nil
        }
        if !channel.isActive { gone() }
        return handler
    }

    /// Takes the handler out of the pipeline (when the response is done).
    func stop(_ channel: any Channel) {
        channel.pipeline.removeHandler(self, promise: nil)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed { gone() }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        gone()
        context.fireChannelInactive()
    }
}
