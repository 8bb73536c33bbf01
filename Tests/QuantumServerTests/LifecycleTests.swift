import Foundation
import QuantumCore
import QuantumRuntime
import QuantumServer
import QuantumTestSupport
import ServiceLifecycle
import Synchronization
import Testing

/// The one lifecycle: services run while the work runs, stop gracefully after it (the last one
/// first), and a server that cannot listen says why instead of failing the lifecycle.
@Suite struct LifecycleTests {
    /// A service that records when it starts and when it is asked to stop.
    struct Recorder: Service {
        let name: String
        let log: Log

        init(_ name: String, into log: Log) {
            self.name = name
            self.log = log
        }

        func run() async {
            log.events.withLock { $0.append("\(name) started") }
            try? await gracefulShutdown()
            log.events.withLock { $0.append("\(name) stopped") }
        }
    }

    final class Log: Sendable {
        let events = Mutex<[String]>([])
    }

    @Test func servicesRunWhileTheWorkRunsAndStopAfterItLastFirst() async throws {
        let log = Log()
        let value = try await Runtime.Lifecycle.foreground.run([
            Recorder("database", into: log), Recorder("server", into: log),
        ]) { _ in
            // The work runs while both services do.
            #expect(await eventually { log.events.withLock { $0.count } == 2 })
            return 42
        }
        #expect(value == 42)
        let events = log.events.withLock { $0 }
        #expect(Set(events.prefix(2)) == ["database started", "server started"])
        #expect(Array(events.suffix(2)) == ["server stopped", "database stopped"])
    }

    @Test func stopEndsTheServicesAndUntilStoppedReturns() async throws {
        let log = Log()
        try await Runtime.Lifecycle.untilSignalled().run([Recorder("server", into: log)]) { running in
            #expect(await eventually { log.events.withLock { $0 } == ["server started"] })
            await running.stop()
            await running.untilStopped()
            #expect(log.events.withLock { $0 } == ["server started", "server stopped"])
        }
    }

    @Test func aServerOnAPortInUseSaysSoAndTheLifecycleEndsCleanly() async throws {
        try await ServerHarness.with { h in
            var options = ServerOptions(port: h.server.port)
            options.host = "127.0.0.1"
            let taken = try QuantumServer(engine: h.engine, options: options)
            let answer = try await Runtime.Lifecycle.foreground.run([taken]) { _ in
                do {
                    _ = try await taken.listening()
                    return "listening"
                } catch {
                    return "\(error)"
                }
            }
            #expect(answer.lowercased().contains("in use"), "\(answer)")
            await #expect(throws: (any Error).self) {
                _ = try await QuantumServer.start(engine: h.engine, options: options)
            }
            #expect(try await h.get("/healthz").status == 200)
        }
    }
}
