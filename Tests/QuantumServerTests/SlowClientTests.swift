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
            #expect(await until { all.contains(where: \.closedByServer) })
            #expect(all.count(where: \.closedByServer) == 1)
            // The refusal is said in the log and counted.
            #expect(h.log.all.contains { $0.contains("refused a connection: 8 open, the --max-connections bound") })
            for connection in all { connection.close() }
            // At least that one (a metrics request made while the server still counts the closed
            // connections may be refused too).
            #expect(
                await until {
                    let body = (try? await h.get("/metrics"))?.body ?? ""
                    let line = body.split(separator: "\n").first { $0.hasPrefix("quantum_connections_refused_total ") }
                    return line.flatMap { Int($0.split(separator: " ").last ?? "") }.map { $0 >= 1 } ?? false
                })
        }
    }

    @Test func headersPastTheBoundAre431WithAJSONErrorAndOtherGarbageIs400() async throws {
        try await ServerHarness.with { h in
            let big = try RawClient(port: h.server.port)
            big.send(
                "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: \(String(repeating: "a", count: 100_000))\r\n\r\n")
            let answer = await big.received { $0.contains("}") }
            big.close()
            #expect(answer.hasPrefix("HTTP/1.1 431 Request Header Fields Too Large"), "\(answer.prefix(300))")
            #expect(answer.contains(#"{"error":"the request's headers are too large: at most 80 KiB"#))
            let garbage = try RawClient(port: h.server.port)
            garbage.send("NOT HTTP AT ALL\r\n\r\n")
            let said = await garbage.received { $0.contains("}") }
            garbage.close()
            #expect(said.hasPrefix("HTTP/1.1 400 Bad Request") && said.contains("malformed HTTP request"), "\(said)")
            // The server goes on serving, and says what it refused.
            #expect(try await h.get("/healthz").status == 200)
            #expect(h.log.all.contains { $0.contains("431 the request's headers are too large") })
        }
    }
}
