import Foundation
import NIOHTTP1
import QuantumServer
import Testing

/// Browsers: a foreign Host and another site's page are refused before any work; the server's own
/// page, and origins allowed with --cors-origin, are answered; the page carries its policy.
@Suite struct BrowserGuardTests {
    static let batch = #"{"tickers":["AAPL"],"days":5}"#

    @Test func aForeignHostIsRefusedOnLoopback() async throws {
        try await ServerHarness.with { h in
            let foreign = try await h.get("/v1/sources", headers: [("Host", "rebind.example.com:8000")])
            #expect(foreign.status == 403, "\(foreign.body)")
            #expect((foreign.object["error"] as? String)?.contains("rebind.example.com") == true)
            for host in ["localhost:8000", "127.0.0.1", "[::1]:9"] {
                #expect(try await h.get("/healthz", headers: [("Host", host)]).status == 200, "\(host)")
            }
        }
    }

    @Test func anotherSitesPageIsRefusedAndTheServersOwnIsNot() async throws {
        try await ServerHarness.with { h in
            let upstream = h.upstreamRequests
            let crossSite = try await h.send(
                .POST, "/v1/batch", headers: [("Origin", "https://evil.example"), ("Content-Type", "text/plain")],
                body: Self.batch)
            #expect(crossSite.status == 403)
            let fetchMetadata = try await h.get("/v1/candles/AAPL?days=5", headers: [("Sec-Fetch-Site", "cross-site")])
            #expect(fetchMetadata.status == 403)
            #expect(h.upstreamRequests == upstream)
            let plain = try await h.send(
                .POST, "/v1/batch", headers: [("Content-Type", "text/plain")], body: Self.batch)
            #expect(plain.status == 415, "\(plain.body)")
            let own = try await h.post("/v1/batch", json: Self.batch, headers: [("Origin", h.server.baseURL)])
            #expect(own.status == 200, "\(own.body)")
            // A link followed from another site's page is the user's own navigation.
            let link = try await h.get(
                "/?ticker=AAPL", headers: [("Sec-Fetch-Site", "cross-site"), ("Sec-Fetch-Mode", "navigate")])
            #expect(link.status == 200)
        }
    }

    @Test func anAllowedOriginGetsCORSAndItsPreflightAnswered() async throws {
        let dashboard = "https://dash.example.com"
        try await ServerHarness.with(configure: { $0.corsOrigins = [dashboard] }) { h in
            let preflight = try await h.send(
                .OPTIONS, "/v1/batch",
                headers: [
                    ("Origin", dashboard), ("Access-Control-Request-Method", "POST"),
                    ("Access-Control-Request-Headers", "content-type"),
                ])
            #expect(preflight.status == 204)
            #expect(preflight.header("Access-Control-Allow-Origin") == dashboard)
            #expect(preflight.header("Access-Control-Allow-Methods")?.contains("POST") == true)
            let reply = try await h.get("/v1/candles/AAPL?days=5", headers: [("Origin", dashboard)])
            #expect(reply.status == 200)
            #expect(reply.header("Access-Control-Allow-Origin") == dashboard)
            #expect(try await h.get("/v1/sources", headers: [("Origin", "https://other.example")]).status == 403)
            // An error is readable by the dashboard too.
            let bad = try await h.get("/v1/candles/AAPL?days=0", headers: [("Origin", dashboard)])
            #expect(bad.status == 400 && bad.header("Access-Control-Allow-Origin") == dashboard)
            #expect(bad.header("Vary")?.contains("Origin") == true)
        }
    }

    @Test func thePageCarriesItsSecurityHeaders() async throws {
        try await ServerHarness.with { h in
            let page = try await h.get("/")
            let policy = try #require(page.header("Content-Security-Policy"))
            #expect(policy.contains("default-src 'none'") && policy.contains("frame-ancestors 'none'"))
            #expect(policy.contains("script-src 'sha256-"))
            #expect(page.header("X-Content-Type-Options") == "nosniff")
            #expect(try await h.get("/healthz").header("X-Content-Type-Options") == "nosniff")
            #expect(try await h.get("/nowhere").header("X-Content-Type-Options") == "nosniff")
            #expect(try await h.get("/v1/candles/AAPL?days=0").header("Referrer-Policy") == "no-referrer")
        }
    }
}
