import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
@testable import QuantumCore
import QuantumHTTP
import QuantumServer
import QuantumTestSupport
import Testing

/// `quantum serve` answers a renamed ticker the same whatever another client fetched before:
/// one client's gapped HALT, then another's HUSN, against a fresh server's HUSN. Polygon and FMP
/// at loopback in their wire formats, fake keys.
@Suite struct ServeRenamedTickerTests {
    static let husnPath = "/v1/candles/HUSN?from=2020-04-20&to=2020-05-15"

    /// Each candle's date, close and source, as a served fetch object has them.
    func candles(_ reply: ServerHarness.Reply) -> [String] {
        ((reply.object["candles"] as? [[String: Any]]) ?? []).map {
            "\($0["date"] ?? "") \($0["close"] ?? "") \($0["source"] ?? "")"
        }
    }

    /// A GET to a served path, read whole.
    func get(_ server: QuantumServer, _ path: String) async throws -> ServerHarness.Reply {
        let response = try await ServerHarness.client.execute(
            HTTPClientRequest(url: server.baseURL + path), timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return ServerHarness.Reply(status: Int(response.status.code), headers: [], body: String(buffer: bytes))
    }

    /// Runs `body` with a server over Polygon and FMP at `base`, its cache in memory.
    func withServer(_ base: String, _ transport: AsyncHTTPTransport, _ body: (QuantumServer) async throws -> Void)
        async throws
    {
        let settings = Settings(
            sources: [SourceID.polygon, .fmp].enumerated().map { index, id in
                SourceSettings(
                    id: id, key: "\(id.rawValue)-fake-key", baseURL: base, priority: index + 1, limits: [])
            },
            requestTimeout: .seconds(5), configFile: nil)
        let engine = Engine(
            EngineParts(
                settings: settings, transport: transport, candleStore: MemoryCandleStore(),
                today: { ServerHarness.today }))
        let server = try await QuantumServer.start(engine: engine, options: ServerOptions(port: 0))
        do {
            try await body(server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test func aClientsGappedFetchDoesNotShortenAnothersRenamedTicker() async throws {
        let mock = MockProviders()
        let halt = MockProviders.bars(from: "2020-03-02", to: "2020-03-31").filter {
            $0.date.description != "2020-03-16"
        }
        for id in [SourceID.polygon, .fmp] { mock.set(id, "HALT", halt) }
        let husn = MockProviders.bars(from: "2020-04-20", to: "2020-05-15", close: 30)
        mock.set(.polygon, "HUSN", husn.filter { $0.date >= TradingDate("2020-05-08")! })
        mock.set(.fmp, "HUSN", husn)
        try await mock.withLoopback { base in
            try await AsyncHTTPTransport.with { transport in
                var alone: [String] = []
                try await withServer(base, transport) { server in
                    let reply = try await get(server, Self.husnPath)
                    #expect(reply.object["complete"] as? Bool == true)
                    alone = candles(reply)
                }
                #expect(alone.count == 20)
                try await withServer(base, transport) { server in
                    let gapped = try await get(server, "/v1/candles/HALT?from=2020-03-02&to=2020-03-31")
                    #expect(gapped.object["complete"] as? Bool == false)
                    for _ in 1...2 {
                        let reply = try await get(server, Self.husnPath)
                        #expect(reply.object["complete"] as? Bool == true)
                        #expect((reply.object["missing"] as? [Any])?.isEmpty == true && candles(reply) == alone)
                    }
                }
            }
        }
    }
}
