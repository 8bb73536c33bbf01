import QuantumCore
import ServiceLifecycle
import Synchronization

/// A simulator listening on loopback. Stop it to release held requests and close the socket; as a
/// `Service` of a lifecycle, it serves until the lifecycle shuts down, then stops.
public final class SimulatorServer: Service {
    public let simulator: Simulator
    private let server: LoopbackServer

    public var baseURL: String { server.baseURL }
    public var port: Int { server.port }

    /// Starts `simulator` on `host:port` (port 0 picks a free one).
    public static func start(_ simulator: Simulator, host: String = "127.0.0.1", port: Int = 0) async throws
        -> SimulatorServer
    {
        let base = Mutex("")
        let server = try await LoopbackServer.start(host: host, port: port) { request in
            await simulator.handle(request, baseURL: base.withLock { $0 })
        }
        base.withLock { $0 = server.baseURL }
        return SimulatorServer(simulator: simulator, server: server)
    }

    private init(simulator: Simulator, server: LoopbackServer) {
        self.simulator = simulator
        self.server = server
    }

    public func stop() async {
        simulator.releaseHeldRequests()
        await server.stop()
    }

    /// Serves until the lifecycle running it shuts down gracefully (or cancels it), then stops.
    public func run() async {
        // Throws only when the lifecycle cancels it instead; the server stops either way.
        try? await gracefulShutdown()
        await stop()
    }
}

extension Simulator: FaultControl {
    public var label: String { "simulator" }

    public func inject(_ fault: Fault, at source: SourceID) async {
        faults.inject(fault, at: source)
    }

    public func clear(_ source: SourceID?) async {
        faults.clear(source)
    }

    public func active() async -> [(SourceID, Fault)] {
        faults.active()
    }
}
