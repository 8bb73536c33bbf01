import Foundation
import QuantumServer
import QuantumTestSupport
import Testing

/// Slow and idle clients cannot take the server down: hundreds of connections that send nothing,
/// half a request head or a head without its body are closed after the client timeout, and
/// normal requests are answered meanwhile.
@Suite struct SlowClientTests {
    @Test func idleAndHalfSentConnectionsAreClosedAndOthersAnswered() async throws {
        try await ServerHarness.with(configure: { $0.clientTimeout = .seconds(1) }) { h in
            var connections: [RawClient] = []
            for i in 0..<300 {
                let connection = try RawClient(port: h.server.port)
                switch i % 3 {
                case 0: break  // sends nothing
                case 1: connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")  // half a head
                default:
                    // A head promising a body that never comes.
                    connection.send(
                        "POST /v1/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 100\r\n\r\n{\"tick")
                }
                connections.append(connection)
            }
            let reply = try await h.get("/v1/candles/AAPL?days=5")
            #expect(reply.status == 200)
            #expect(await until { connections.allSatisfy(\.closedByServer) })
            #expect(try await h.get("/healthz").status == 200)
        }
    }

    @Test func pastTheConnectionBoundANewConnectionIsClosedAtOnce() async throws {
        try await ServerHarness.with(configure: {
            $0.maxConnections = 8
            $0.clientTimeout = .seconds(60)
        }) { h in
            // Nine connections to a server that holds eight: one of them (whichever it set up
            // last) is closed at once, the others stay open.
            let all = try (0..<9).map { _ in try RawClient(port: h.server.port) }
            #expect(await until { all.contains(where: \.closedByServer) })
            #expect(all.count(where: \.closedByServer) == 1)
        }
    }
}
