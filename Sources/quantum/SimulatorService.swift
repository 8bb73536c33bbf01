import Logging
import QuantumSimulator
import ServiceLifecycle
import UnixSignals

/// The simulator as a service of a `ServiceGroup`: it serves until the group's graceful shutdown
/// (SIGTERM or SIGINT), then stops the server.
struct SimulatorService: Service {
    let server: SimulatorServer

    func run() async throws {
        // Throws only when the group cancels it instead; the server stops either way.
        try? await gracefulShutdown()
        await server.stop()
    }

    /// Runs the service until SIGTERM or SIGINT.
    static func serve(_ server: SimulatorServer) async throws {
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [SimulatorService(server: server)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: Logger(label: "quantum.sim", factory: { _ in SwiftLogNoOpLogHandler() })))
        try await group.run()
    }
}
