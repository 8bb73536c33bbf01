import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import QuantumCore
import QuantumHTTP
import QuantumServer
import QuantumSimulator
import QuantumTestSupport
import Synchronization

/// A `quantum serve` on loopback over the simulator, and a client for it: each test starts its own.
struct ServerHarness {
    static let today = TradingDate("2026-11-25")!

    let simulator: SimulatorServer
    let engine: Engine
    let server: QuantumServer
    let log: LogLines

    /// What a request got back.
    struct Reply {
        var status: Int
        var headers: [(String, String)]
        var body: String

        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }

        /// The body as a JSON object.
        var object: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
        }
    }

    /// Runs `body` with a server (options adjusted by `configure`) and stops everything after.
    static func with(
        settings: Settings = .defaults, simulatorOptions: (inout SimulatorOptions) -> Void = { _ in },
        configure: (inout ServerOptions) -> Void = { _ in },
        _ body: (ServerHarness) async throws -> Void
    ) async throws {
        var simOptions = SimulatorOptions(today: today)
        simulatorOptions(&simOptions)
        let simulator = try await SimulatorServer.start(Simulator(options: simOptions))
        try await AsyncHTTPTransport.with { transport in
            let engine = TestEngines.simulated(simulator, transport: transport, settings: settings, today: today)
            var options = ServerOptions(port: 0)
            configure(&options)
            let log = LogLines()
            let server = try await QuantumServer.start(
                engine: engine, options: options, logger: Logger(label: "test.serve") { _ in log.handler })
            let harness = ServerHarness(simulator: simulator, engine: engine, server: server, log: log)
            do {
                try await body(harness)
            } catch {
                await server.stop()
                await simulator.stop()
                throw error
            }
            await server.stop()
            await simulator.stop()
        }
    }

    func get(_ path: String, headers: [(String, String)] = []) async throws -> Reply {
        try await send(.GET, path, headers: headers)
    }

    func post(_ path: String, json: String, headers: [(String, String)] = []) async throws -> Reply {
        try await send(.POST, path, headers: headers + [("Content-Type", "application/json")], body: json)
    }

    func send(_ method: HTTPMethod, _ path: String, headers: [(String, String)] = [], body: String? = nil)
        async throws -> Reply
    {
        var request = HTTPClientRequest(url: server.baseURL + path)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await Self.client.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return Reply(
            status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
            body: String(buffer: bytes))
    }

    /// A client that opens as many connections as the tests' clients (the shared one opens 8 per host).
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 64
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// Requests the simulator received, over every provider.
    var upstreamRequests: Int { simulator.simulator.stats().values.reduce(0) { $0 + $1.requests } }
}

/// Log lines a server wrote, kept for assertions.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    var handler: any LogHandler { Capture(lines: self) }

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    struct Capture: LogHandler {
        let lines: LogLines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            lines.append("\(event.level) \(event.message)")
        }
    }
}

/// Waits, a few milliseconds at a time, for a condition about the servers' state (not a timing
/// assumption: the bound only keeps a broken test from hanging).
func until(_ condition: () async -> Bool) async -> Bool {
    for _ in 0..<2_000 {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return await condition()
}
