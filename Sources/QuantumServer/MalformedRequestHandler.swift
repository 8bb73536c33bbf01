import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import QuantumCore

/// In each connection's pipeline, after the HTTP/1 decoder: a request the decoder cannot read is
/// answered with a JSON error saying why and the connection closed — 431 when its headers pass
/// the decoder's bound (`ServerOptions.maxHeaderBytes`, 80 KiB as a whole and per field, 1,000
/// fields), 400 for any other malformed request — instead of the bare 400 the HTTP server writes
/// on its own. Logged (one line, no header content) and counted like every other answer.
final class MalformedRequestHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let logger: Logger
    private let metrics: ServerMetrics
    private var answered = false

    init(logger: Logger, metrics: ServerMetrics) {
        self.logger = logger
        self.metrics = metrics
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError, !answered else {
            context.fireErrorCaught(error)
            return
        }
        answered = true
        let (status, message): (HTTPResponse.Status, String) =
            parserError == .headerOverflow
            ? (
                .requestHeaderFieldsTooLarge,
                "the request's headers are too large: at most \(ServerOptions.maxHeaderBytes / 1024) KiB "
                    + "in all and \(ServerOptions.maxHeaderFields) fields"
            )
            : (.badRequest, "malformed HTTP request (\(parserError))")
        let body = ByteBuffer(string: JSONWriter.object([("error", JSONWriter.string(message))]))
        var head = HTTPResponse(status: status)
        head.headerFields[.contentType] = "application/json"
        head.headerFields[.contentLength] = String(body.readableBytes)
        head.headerFields[.connection] = "close"
        head.headerFields[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
        let peer = context.remoteAddress?.ipAddress ?? "?"
        logger.notice("\(status.code) \(message) from \(peer)")
        metrics.unparsed(status: status.code)
    }
}
