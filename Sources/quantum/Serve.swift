import ArgumentParser
import Foundation
import Logging
import QuantumCore
import QuantumRuntime
import QuantumScript
import QuantumServer

/// `quantum serve`: the orchestrator as an HTTP API (QuantumServer), until SIGTERM or SIGINT.
/// This only reads the flags and the token, and starts it.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quantum serve",
        abstract: "The orchestrator as an HTTP API: /v1/candles/{ticker}, /stock/{ticker}, /v1/batch and more.",
        discussion: """
            Binds 127.0.0.1 unless told otherwise; any other address needs a bearer token \
            (--token-file PATH or QUANTUM_SERVE_TOKEN). Routes: GET /openapi.json. \
            --sim serves the built-in simulator's market.
            """)

    @Option(help: "The address to listen on (beyond loopback a token is required).")
    var host = "127.0.0.1"

    @Option(help: "The port (0 picks a free one).")
    var port = 8000

    @Option(help: ArgumentHelp("A file holding the bearer token clients must send.", valueName: "PATH"))
    var tokenFile: String?

    @Option(help: "Requests doing fetch work at once before clients get 429 with Retry-After.")
    var maxQueue = 512

    @Flag(help: "Use the built-in simulator even when API keys are configured.")
    var sim = false

    @Flag(help: "Neither read nor write the local cache (every fetch asks the sources).")
    var noCache = false

    /// The options, the token read from its file or the environment; a usage error said in one line.
    func options(environment: [String: String]) throws -> ServerOptions {
        var options = ServerOptions(host: host, port: port)
        guard (1...1_000_000).contains(maxQueue) else {
            throw ValidationError("--max-queue expects 1 to 1000000, got \(maxQueue)")
        }
        options.maxQueue = maxQueue
        if let tokenFile {
            guard let text = try? String(contentsOfFile: tokenFile, encoding: .utf8) else {
                throw ValidationError("cannot read the token file '\(tokenFile)'")
            }
            guard let token = BearerToken(text) else { throw ValidationError("the token file '\(tokenFile)' is empty") }
            options.token = token
        } else if let text = environment["QUANTUM_SERVE_TOKEN"] {
            guard let token = BearerToken(text) else { throw ValidationError("QUANTUM_SERVE_TOKEN is empty") }
            options.token = token
        }
        if let refusal = options.refusal { throw ValidationError(refusal) }
        return options
    }

    /// Serves until SIGTERM or SIGINT (exit 0); unsafe or bad options, or a port that cannot be
    /// had, are a usage error in one line (exit 2).
    func run(console: Console, simulate: Bool) async throws -> RunStatus {
        let environment = ProcessInfo.processInfo.environment
        let options: ServerOptions
        let settings: Settings
        do {
            options = try self.options(environment: environment)
            settings = try Settings.resolve(environment: environment)
        } catch {
            console.usageError(Self.message(for: error))
            return .usage
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        let runtime = Runtime.Options(simulate: simulate || sim, cacheEnabled: !noCache)
        let logger = Logger(label: "quantum.serve")
        var quiet = logger
        quiet.logLevel = .warning
        return try await Runtime.serve(
            settings: settings, options: runtime,
            lifecycle: .untilSignalled(shutdownTimeout: options.shutdownTimeout, logger: quiet), note: console.note,
            server: { engine in try QuantumServer(engine: engine, options: options, logger: logger) }
        ) { server, running in
            do {
                _ = try await server.listening()
            } catch {
                let why =
                    "\(error)".contains("in use")
                    ? "the address is already in use (--port 0 picks a free port)" : "\(error)"
                console.usageError("cannot listen on \(host):\(port): \(why)")
                return .usage
            }
            console.note(
                "quantum serve listening on \(server.baseURL)\(options.token == nil ? "" : " (bearer token required)")"
                    + " — try \(server.baseURL)/stock/AAPL; SIGTERM or Ctrl-C stops it")
            await running.untilStopped()
            console.note("quantum serve stopped")
            return .ok
        }
    }
}
