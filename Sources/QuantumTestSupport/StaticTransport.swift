import QuantumCore

/// A transport that answers from a closure without a network, for unit tests of the fetch path.
public struct StaticTransport: HTTPTransport {
    let answer: @Sendable (HTTPRequest) throws(TransportError) -> HTTPResponse

    public init(_ answer: @escaping @Sendable (HTTPRequest) throws(TransportError) -> HTTPResponse) {
        self.answer = answer
    }

    public func get(_ request: HTTPRequest, timeout: Duration) async throws(TransportError) -> HTTPResponse {
        try answer(request)
    }
}
