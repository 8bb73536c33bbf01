import QuantumSimulator

/// Runs `body` with a loopback server that answers with `handler`, and stops it afterwards.
public func withStubServer<T>(
    _ handler: @escaping LoopbackServer.Handler,
    _ body: (LoopbackServer) async throws -> T
) async throws -> T {
    let server = try await LoopbackServer.start(handler: handler)
    do {
        let result = try await body(server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

/// A thread-safe log of what a stub server received.
public actor RequestLog {
    public private(set) var requests: [ServerRequest] = []

    public init() {}

    public func append(_ request: ServerRequest) {
        requests.append(request)
    }
}
