import Foundation
import QuantumServer
import QuantumTestSupport
import Testing

/// Connections past the server's bound are closed at once (hundreds of slow ones against the
/// binary: `ServeBinaryTests`).
@Suite struct SlowClientTests {
    @Test func pastTheConnectionBoundANewConnectionIsClosedAtOnce() async throws {
        try await ServerHarness.with(configure: {
            $0.maxConnections = 8
            $0.clientTimeout = .seconds(60)
        }) { h in
            // Nine connections to a server that holds eight: one of them (whichever it set up
            // last) is closed at once, the others stay open.
            let all = try (0..<9).map { _ in try RawClient(port: h.server.port) }
            defer { for connection in all { connection.close() } }
            #expect(await until { all.contains(where: \.closedByServer) })
            #expect(all.count(where: \.closedByServer) == 1)
        }
    }
}
