import HTTPTypes
import Hummingbird
import NIOCore
import QuantumCore

extension HTTPField.Name {
    /// The source that served a fetch (`-` when none), for clients and the access log.
    static let quantumSource = HTTPField.Name("X-Quantum-Source")!
}

extension Response {
    /// A complete JSON (or other text) response.
    static func text(
        _ status: HTTPResponse.Status, _ body: String, contentType: String = "application/json",
        headers extra: [(HTTPField.Name, String)] = []
    ) -> Response {
        var headers: HTTPFields = [.contentType: contentType]
        for (name, value) in extra { headers[name] = value }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    /// `{"error": "..."}` with `status`.
    static func error(_ status: HTTPResponse.Status, _ message: String, headers: [(HTTPField.Name, String)] = [])
        -> Response
    {
        text(status, JSONWriter.object([("error", JSONWriter.string(message))]), headers: headers)
    }
}
