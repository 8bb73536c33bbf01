import Logging
import ServiceLifecycle
import UnixSignals

extension Runtime {
    /// How the process's long-lived parts — the simulator on loopback, the PostgreSQL pool,
    /// `quantum serve`'s HTTP server — run: as services of one `ServiceGroup`, built here and
    /// nowhere else, stopped gracefully (the last service first) when the work they serve ends or a
    /// signal arrives.
    public struct Lifecycle: Sendable {
        /// Signals that stop every service gracefully.
        var signals: [UnixSignal]
        /// How long services may take to finish once asked to stop (requests in flight, say) before
        /// they are cancelled.
        public var shutdownTimeout: Duration
        /// Where the group itself logs (a service that failed, a signal caught).
        public var logger: Logger

        /// For the REPL and the one-shot commands, which read Ctrl-C themselves: no signal handling;
        /// the services stop when the work returns.
        public static let foreground = Lifecycle(
            signals: [], shutdownTimeout: .seconds(3),
            logger: Logger(label: "quantum.lifecycle", factory: { _ in SwiftLogNoOpLogHandler() }))

        /// For the servers (`quantum serve`, `quantum sim serve`): SIGTERM and SIGINT stop every
        /// service gracefully, letting each finish its work for up to `shutdownTimeout`.
        public static func untilSignalled(shutdownTimeout: Duration = .seconds(3), logger: Logger? = nil) -> Lifecycle {
            Lifecycle(
                signals: [.sigterm, .sigint], shutdownTimeout: shutdownTimeout,
                logger: logger ?? foreground.logger)
        }

        /// Runs `services` in one `ServiceGroup` while `body` runs. When `body` returns or throws,
        /// the services are stopped gracefully (in reverse order: a server before the parts it uses)
        /// and this returns once they are down. A signal (with `untilSignalled`) stops them too;
        /// `body` hears it through `Running.untilStopped()`. Throws what `body` threw, else what a
        /// service failed with.
        public func run<T>(_ services: [any Service], _ body: (Running) async throws -> T) async throws -> T {
            var configuration = ServiceGroupConfiguration(
                services: services, gracefulShutdownSignals: signals, logger: logger)
            configuration.maximumGracefulShutdownDuration = shutdownTimeout
            // Cancelled services are waited for: a bound here ends the process with a crash.
            configuration.maximumCancellationDuration = nil
            let group = ServiceGroup(configuration: configuration)
            let (stopped, done) = AsyncStream.makeStream(of: Never.self)
            let running = Running(group: group, stopped: stopped)
            return try await withThrowingTaskGroup(of: Void.self, returning: T.self) { tasks in
                tasks.addTask {
                    defer { done.finish() }
                    try await group.run()
                }
                let value: T
                do {
                    value = try await body(running)
                } catch {
                    await group.triggerGracefulShutdown()
                    try? await tasks.waitForAll()
                    throw error
                }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return value
            }
        }
    }

    /// A lifecycle's services while they run.
    public struct Running: Sendable {
        let group: ServiceGroup
        let stopped: AsyncStream<Never>

        /// Returns once every service has stopped: after a signal, `stop()`, or a service that ended
        /// or failed on its own.
        public func untilStopped() async {
            for await _ in stopped {}
        }

        /// Stops the services gracefully, as a signal would.
        public func stop() async {
            await group.triggerGracefulShutdown()
        }
    }
}
