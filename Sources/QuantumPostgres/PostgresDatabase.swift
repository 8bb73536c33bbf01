import Foundation
import Logging
import NIOCore
import NIOSSL
import PostgresNIO
import QuantumCore
import ServiceLifecycle
import Synchronization

/// One PostgreSQL database a team shares: a pool of connections (PostgresNIO's, which reconnects
/// with backoff when the server returns) and the schema, migrated on open.
///
/// The pool is a `Service`: `connect` returns a database whose pool serves while `run()` runs, as
/// a service of the process's lifecycle (QuantumRuntime's), until its graceful shutdown. `open`
/// is for a caller without one (a test, the bench): it runs the pool itself until `close()`.
///
/// Every operation has `operationTimeout` (5 s for `quantum`'s sessions and servers) to finish; one that fails or takes longer throws
/// `DatabaseUnavailable` (host, port and database, never the password). After a failure the
/// database is asked again only after a back-off (0.25 s, doubling to 5 s, reset by a success);
/// meanwhile operations fail at once with the last reason, so a batch or a server whose database
/// went away fails each cache read and grant quickly instead of waiting on it, and is served
/// again within seconds of the database's return.
public final class PostgresDatabase: Service {
    public let url: DatabaseURL
    let client: PostgresClient
    let timeout: Duration
    /// The pool run by `open`, for `close()` to stop.
    private let standalone = Mutex<Task<Void, Never>?>(nil)
    private let outage = Mutex(Outage())

    /// The database's last failure, and when to try it again.
    private struct Outage {
        var error: DatabaseUnavailable?
        var retryAt: ContinuousClock.Instant?
        var backoff: Duration = .zero
    }

    static let firstBackoff: Duration = .milliseconds(250)
    static let longestBackoff: Duration = .seconds(5)
    /// How long one operation may take once connected, in `quantum`'s sessions and servers.
    public static let operationTimeout: Duration = .seconds(5)
    static let logger = Logger(label: "quantum.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    private init(url: DatabaseURL, client: PostgresClient, timeout: Duration) {
        self.url = url
        self.client = client
        self.timeout = timeout
    }

    /// Runs the pool until the lifecycle running it shuts down gracefully or is cancelled.
    public func run() async {
        await client.run()
    }

    /// `connect`, then runs the pool until `close()`: for a caller with no lifecycle to run it in.
    /// Throws `DatabaseUnavailable`.
    public static func open(_ url: DatabaseURL, timeout: Duration = .seconds(10), operationTimeout: Duration? = nil)
        async throws -> PostgresDatabase
    {
        let database = try await connect(url, timeout: timeout, operationTimeout: operationTimeout)
        database.standalone.withLock { $0 = Task { await database.run() } }
        return database
    }

    /// Connects once (so a wrong password or an unreachable server is said at once, as the
    /// server or the connection said it) and applies the migrations this version knows; the pool
    /// serves once `run()` runs; each operation then has `operationTimeout` (`timeout` when nil).
    /// Throws `DatabaseUnavailable`.
    public static func connect(_ url: DatabaseURL, timeout: Duration = .seconds(10), operationTimeout: Duration? = nil)
        async throws -> PostgresDatabase
    {
        let tls: PostgresConnection.Configuration.TLS
        do {
            tls = try connectionTLS(url.tls)
        } catch {
            throw DatabaseUnavailable(url, reason: "TLS could not be set up (\(error))")
        }
        var configuration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
            tls: tls)
        configuration.options.connectTimeout = .seconds(timeout.components.seconds)
        try await within(timeout, url: url) { [configuration] in
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
            do {
                try await PostgresSchema.migrate(connection, logger: logger)
                try? await connection.close()
            } catch {
                try? await connection.close()
                throw error
            }
        }
        let operations = operationTimeout ?? timeout
        let client = PostgresClient(configuration: try clientConfiguration(url, timeout: operations))
        return PostgresDatabase(url: url, client: client, timeout: operations)
    }

    /// Stops the pool `open` started and closes its connections.
    public func close() async {
        guard let running = standalone.withLock({ $0 }) else { return }
        running.cancel()
        await running.value
    }

    /// Why the database cannot be used now (`SELECT 1` failed or took longer than `timeout`, or
    /// it is in its back-off after a failure); nil when it answers.
    public func unreachable() async -> DatabaseUnavailable? {
        do {
            _ = try await perform { client in try await client.query("SELECT 1", logger: Self.logger) }
            return nil
        } catch let error as DatabaseUnavailable {
            return error
        } catch {
            return DatabaseUnavailable(url, reason: "\(error)")
        }
    }

    /// Runs `body` with the pool, failing with `DatabaseUnavailable` after an error or `timeout`.
    /// A body still running then is left to finish or fail on its own; its effect, if any, is one
    /// the callers treat as possible (a grant recorded but not used counts, which is the safe side).
    func perform<T: Sendable>(_ body: @escaping @Sendable (PostgresClient) async throws -> T) async throws -> T {
        let now = ContinuousClock.now
        if let error = outage.withLock({ $0.retryAt.map { now < $0 } ?? false ? $0.error : nil }) {
            throw error
        }
        let client = client
        do {
            let value = try await Self.within(timeout, url: url) { try await body(client) }
            outage.withLock { $0 = Outage() }
            return value
        } catch let error as DatabaseUnavailable {
            outage.withLock { outage in
                outage.backoff = min(Self.longestBackoff, outage.error == nil ? Self.firstBackoff : outage.backoff * 2)
                outage.error = error
                outage.retryAt = ContinuousClock.now.advanced(by: outage.backoff)
            }
            throw error
        }
    }

    private static func within<T: Sendable>(
        _ timeout: Duration, url: DatabaseURL, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let result: Result<T, any Error> = await withCheckedContinuation { continuation in
            let race = Race(continuation)
            let work = Task {
                let result: Result<T, any Error>
                do { result = .success(try await body()) } catch { result = .failure(error) }
                race.finish(result)
            }
            race.start {
                guard (try? await Task.sleep(for: timeout)) != nil else { return }
                race.finish(
                    .failure(DatabaseUnavailable(url, reason: "no answer within \(timeout.components.seconds)s")))
                work.cancel()
            }
        }
        switch result {
        case .success(let value): return value
        case .failure(let error as DatabaseUnavailable): throw error
        case .failure(let error): throw DatabaseUnavailable(url, reason: reason(error))
        }
    }

    /// An operation racing its deadline: the first to finish resumes the caller; the work
    /// finishing first stops the timer.
    private final class Race<T: Sendable>: Sendable {
        private let state: Mutex<(CheckedContinuation<Result<T, any Error>, Never>?, Task<Void, Never>?)>

        init(_ continuation: CheckedContinuation<Result<T, any Error>, Never>) {
            state = Mutex((continuation, nil))
        }

        func start(timer: @escaping @Sendable () async -> Void) {
            let task = Task { await timer() }
            let done = state.withLock { state in
                state.1 = task
                return state.0 == nil
            }
            if done { task.cancel() }
        }

        func finish(_ result: Result<T, any Error>) {
            let (continuation, timer) = state.withLock { state in
                defer { state = (nil, nil) }
                return state
            }
            timer?.cancel()
            continuation?.resume(returning: result)
        }
    }

    /// What went wrong, in the server's words when it said something (no query text, no password).
    static func reason(_ error: any Error) -> String {
        if let error = error as? PostgresTransactionError {
            return reason(error.closureError ?? error.beginError ?? error.commitError ?? error.rollbackError ?? error)
        }
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] {
            return message + (error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
        }
        let underlying = error.underlying.map { "\($0)" } ?? ""
        switch error.code {
        case .connectionError where underlying.lowercased().contains("refused"): return "connection refused"
        case .connectionError: return "cannot connect (\(underlying.isEmpty ? "\(error.code)" : underlying))"
        case .serverClosedConnection, .uncleanShutdown: return "the server closed the connection"
        case .sslUnsupported: return "the server does not offer TLS (sslmode=require)"
        default: return underlying.isEmpty ? "\(error.code)" : "\(error.code): \(underlying)"
        }
    }

    private static func connectionTLS(_ mode: DatabaseURL.TLSMode) throws -> PostgresConnection.Configuration.TLS {
        switch mode {
        case .disable: return .disable
        case .prefer: return .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: return .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
    }

    private static func clientConfiguration(_ url: DatabaseURL, timeout: Duration) throws
        -> PostgresClient.Configuration
    {
        let tls: PostgresClient.Configuration.TLS =
            switch url.tls {
            case .disable: .disable
            case .prefer: .prefer(.makeClientConfiguration())
            case .require: .require(.makeClientConfiguration())
            }
        var configuration = PostgresClient.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database, tls: tls
        )
        configuration.options.connectTimeout = timeout
        configuration.options.maximumConnections = 8
        return configuration
    }
}
