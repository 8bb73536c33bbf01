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

    @Option(parsing: .unconditional, help: "The port (0 picks a free one).")
    var port = 8000

    @Option(help: ArgumentHelp("A file holding the bearer token clients must send.", valueName: "PATH"))
    var tokenFile: String?

    @Option(parsing: .unconditional, help: "Requests doing fetch work at once before clients get 429 with Retry-After.")
    var maxQueue = 512

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Seconds a request waits at most for a provider's rate-limit slot; past it, 503 with Retry-After.",
            valueName: "SECONDS"))
    var maxWait = 30

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Seconds a connection may send nothing (a request not finished, or idle) before it is closed.",
            valueName: "SECONDS"))
    var clientTimeout = 10

    @Option(parsing: .unconditional, help: "Connections open at once; more are closed as they are accepted.")
    var maxConnections = 4_096

    @Option(
        help: ArgumentHelp(
            "An origin whose pages may call the API (CORS), such as https://dash.example.com; repeat for more.",
            valueName: "ORIGIN"))
    var corsOrigin: [String] = []

    @Flag(help: "Use the built-in simulator even when API keys are configured.")
    var sim = false

    @Flag(help: "Neither read nor write the local cache (every fetch asks the sources).")
    var noCache = false

    /// The fewest characters a token may have when the server listens beyond loopback.
    static let shortestToken = 16

    /// The options, the token read from its file or the environment; a usage error said in one line.
    func options(environment: [String: String]) throws -> ServerOptions {
        var options = ServerOptions(host: host, port: port)
        guard (1...1_000_000).contains(maxQueue) else {
            throw ValidationError("--max-queue expects 1 to 1000000, got \(maxQueue)")
        }
        options.maxQueue = maxQueue
        guard (0...ServerOptions.maxWaitLimitSeconds).contains(maxWait) else {
            throw ValidationError(
                "--max-wait expects 0 to \(ServerOptions.maxWaitLimitSeconds) seconds, got \(maxWait)")
        }
        options.maxWait = .seconds(maxWait)
        guard (1...3_600).contains(clientTimeout) else {
            throw ValidationError("--client-timeout expects 1 to 3600 seconds, got \(clientTimeout)")
        }
        options.clientTimeout = .seconds(clientTimeout)
        guard (1...1_000_000).contains(maxConnections) else {
            throw ValidationError("--max-connections expects 1 to 1000000, got \(maxConnections)")
        }
        options.maxConnections = maxConnections
        for origin in corsOrigin {
            guard let url = URLComponents(string: origin), let scheme = url.scheme, ["http", "https"].contains(scheme),
                url.host?.isEmpty == false, url.path.isEmpty, url.query == nil, url.fragment == nil, url.user == nil
            else {
                throw ValidationError(
                    "--cors-origin expects an origin such as https://dash.example.com (scheme, host, optional port; "
                        + "no path), got '\(origin)'")
            }
        }
        options.corsOrigins = corsOrigin
        if let tokenFile {
            guard let text = try? String(contentsOfFile: tokenFile, encoding: .utf8) else {
                throw ValidationError("cannot read the token file '\(tokenFile)'")
            }
            // The file itself, not a link to it (secrets mounted by Docker or Kubernetes are links).
            let target = URL(fileURLWithPath: tokenFile).resolvingSymlinksInPath().path
            if let mode = (try? FileManager.default.attributesOfItem(atPath: target))?[.posixPermissions] as? Int,
                mode & 0o077 != 0
            {
                throw ValidationError(
                    "the token file '\(target)' can be read by other users (mode \(String(mode & 0o777, radix: 8))): "
                        + "chmod 600 '\(target)'")
            }
            guard let token = BearerToken(text) else { throw ValidationError("the token file '\(tokenFile)' is empty") }
            options.token = token
        } else if let text = environment["QUANTUM_SERVE_TOKEN"] {
            guard let token = BearerToken(text) else { throw ValidationError("QUANTUM_SERVE_TOKEN is empty") }
            options.token = token
        }
        if let refusal = options.refusal { throw ValidationError(refusal) }
        if let token = options.token, !ServerOptions.isLoopback(host), token.length < Self.shortestToken {
            throw ValidationError(
                "the bearer token has \(token.length) characters; beyond loopback it needs at least \(Self.shortestToken) "
                    + "(openssl rand -hex 24 makes one)")
        }
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
        let descriptors = Self.raiseDescriptorLimit()
        do {
            return try await serve(
                settings: settings, runtime: runtime, options: options, logger: logger, descriptors: descriptors,
                console: console)
        } catch let error as DatabaseUnavailable {
            // As every command: which database (never the password) and why, exit 3.
            console.error("error: \(Redactor(secrets: settings.secrets)(error.description))")
            return .commandFailed
        }
    }

    private func serve(
        settings: Settings, runtime: Runtime.Options, options: ServerOptions, logger: Logger, descriptors: UInt64,
        console: Console
    ) async throws -> RunStatus {
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
            let listening =
                "quantum serve listening on \(server.baseURL)\(options.token == nil ? "" : " (bearer token required)")"
                + " — try \(server.baseURL)/stock/AAPL; stop with SIGTERM or SIGINT (pid \(getpid()); "
                + "\(options.maxConnections) connections at most, \(descriptors) descriptors)"
            logger.notice("\(listening)")
            await running.untilStopped()
            logger.notice("quantum serve stopped")
            return .ok
        }
    }

    /// Raises the process's open-descriptor limit to its hard limit (Debian's soft default, 1,024,
    /// is less than the connections a server left running for a team may hold); returns the limit
    /// now in force.
    static func raiseDescriptorLimit() -> UInt64 {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { return UInt64(raised.rlim_cur) }
        }
        return UInt64(limit.rlim_cur)
    }
}
