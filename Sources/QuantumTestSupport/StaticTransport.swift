import QuantumCore

/// A transport that answers from a closure without a network, for unit tests of the fetch path.
public struct StaticTransport: HTTPTransport {
    let answer: @Sendable (ProviderRequest) throws(TransportError) -> ProviderResponse

    public init(_ answer: @escaping @Sendable (ProviderRequest) throws(TransportError) -> ProviderResponse) {
        self.answer = answer
    }

    public func get(_ request: ProviderRequest, timeout: Duration) async throws(TransportError) -> ProviderResponse {
        try answer(request)
    }
}
