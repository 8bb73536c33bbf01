import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
@testable import QuantumCore
import QuantumHTTP
import QuantumServer
import QuantumTestSupport
import Synchronization
import Testing

/// `quantum serve` logs the engine's events (a refused key, an opened circuit) with their kind
/// and source, and counts them in `/metrics`: Polygon refusing the key (401) and EODHD failing
/// (500) at loopback, in their wire formats.
@Suite struct ServeEventsTests {
    /// Log records, with their metadata.
    final class Records: Sendable {
        struct Record: Sendable {
            var level: Logger.Level
            var message: String
            var metadata: [String: String]
        }

        let kept = Mutex<[Record]>([])
        var all: [Record] { kept.withLock { $0 } }

        struct Handler: LogHandler {
            let records: Records
            var metadata: Logger.Metadata = [:]
            var logLevel: Logger.Level = .info

            subscript(metadataKey key: String) -> Logger.Metadata.Value? {
                get { metadata[key] }
                set { metadata[key] = newValue }
            }

            func log(
                level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String,
                file: String, function: String, line: UInt
            ) {
                let merged = self.metadata.merging(metadata ?? [:]) { $1 }.mapValues { "\($0)" }
                records.kept.withLock {
                    $0.append(Record(level: level, message: message.description, metadata: merged))
                }
            }
        }
    }

    @Test func aRefusedKeyAndAnOpenCircuitAreLoggedAndCounted() async throws {
        let mock = MockProviders()
        mock.override(.polygon) { _ in
            ProviderResponse(status: 401, text: #"{"status":"ERROR","error":"Unknown API Key"}"#)
        }
        mock.override(.eodhd) { _ in ProviderResponse(status: 500, text: "internal error") }
        try await mock.withLoopback { base in
            try await AsyncHTTPTransport.with { transport in
                let settings = Settings(
                    sources: [SourceID.polygon, .eodhd].enumerated().map { index, id in
                        SourceSettings(
                            id: id, key: "\(id.rawValue)-fake-key", baseURL: base, priority: index + 1, limits: [])
                    },
                    requestTimeout: .seconds(5), configFile: nil)
                var once = RetryPolicy()
                once.maxTries = 1
                let engine = Engine(
                    EngineParts(
                        settings: settings, transport: transport, today: { ServerHarness.today }, retry: once))
                let records = Records()
                let server = try await QuantumServer.start(
                    engine: engine, options: ServerOptions(port: 0),
                    logger: Logger(label: "test.serve") { _ in Records.Handler(records: records) })
                do {
                    // EODHD's circuit opens after 5 failures in a row; Polygon is refused at once.
                    for _ in 0..<5 {
                        let reply = try await get(server, "/v1/candles/IBM?from=2026-11-02&to=2026-11-06")
                        #expect(reply.status == 502)
                    }
                    let counted = await until {
                        let metrics = (try? await get(server, "/metrics").body) ?? ""
                        return metrics.contains(#"quantum_engine_events_total{kind="key_refused",source="polygon"} 1"#)
                            && metrics.contains(
                                #"quantum_engine_events_total{kind="circuit_opened",source="eodhd"} 1"#)
                    }
                    #expect(counted)
                    let events = records.all.filter { $0.metadata["event"] != nil }
                    let refused = try #require(events.first { $0.metadata["event"] == "key_refused" })
                    #expect(refused.level == .warning && refused.metadata["source"] == "polygon")
                    #expect(
                        refused.message
                            == "polygon: the API key was refused (Unknown API Key); it is set aside until its cool-down "
                            + "ends or POST /v1/sources/polygon/enable")
                    let open = try #require(events.first { $0.metadata["event"] == "circuit_opened" })
                    #expect(open.level == .warning && open.metadata["source"] == "eodhd")
                    #expect(open.message.hasPrefix("eodhd: circuit open for 30s after 5 failures in a row"))
                    // No key in any line.
                    #expect(!records.all.contains { $0.message.contains("fake-key") })
                } catch {
                    await server.stop()
                    throw error
                }
                await server.stop()
            }
        }
    }

    /// A GET to a served path, read whole.
    func get(_ server: QuantumServer, _ path: String) async throws -> ServerHarness.Reply {
        let response = try await ServerHarness.client.execute(
            HTTPClientRequest(url: server.baseURL + path), timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return ServerHarness.Reply(status: Int(response.status.code), headers: [], body: String(buffer: bytes))
    }
}
