import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import QuantumCore
import QuantumServer
import QuantumSimulator
import QuantumTestSupport
import Testing

/// A batch that cannot finish — its tickers waiting for a rate-limit slot — stops cleanly: on
/// shutdown with every unfinished ticker `cancelled` and the summary; on a client going away at
/// once, even though no line is being written.
@Suite struct BatchStopTests {
    /// Each source allows one request per ten minutes, at the simulator and in the engine: of
    /// eight tickers, four get their bars (one per source) and four wait. No source has room for
    /// the splits the split basis needs: Polygon's and FMP's split-adjusted bars are served as they
    /// are (said unchecked); Alpha Vantage's and EODHD's raw bars cannot be put on the split basis,
    /// so those two tickers fail at once rather than be served on another basis.
    static func tight(_ settings: inout Settings) {
        for i in settings.sources.indices { settings.sources[i].limits = [RateWindow(count: 1, length: .seconds(600))] }
    }

    static let tickers = ["AAPL", "MSFT", "IBM", "NVDA", "AMZN", "GOOG", "META", "TSLA"]
    static let body =
        #"{"tickers":["# + tickers.map { "\"\($0)\"" }.joined(separator: ",") + #"],"days":10}"#

    static func withTightServer(_ body: (ServerHarness) async throws -> Void) async throws {
        var settings = Settings.defaults
        tight(&settings)
        try await ServerHarness.with(
            settings: settings,
            simulatorOptions: { options in
                options.limits = Dictionary(uniqueKeysWithValues: settings.sources.map { ($0.id, $0.limits) })
            },
            // Long enough that the tickers wait for their slots rather than fail at once.
            configure: { $0.maxWait = .seconds(3_600) }, body)
    }

    /// Four answered, the rest waiting for a slot at the governor.
    static func waiting(_ h: ServerHarness) async -> Bool {
        await until { await h.engine.rateLimitWaits() > 0 && h.upstreamRequests == 4 }
    }

    @Test func shutdownMidBatchMarksTheRestCancelledAndEndsWithTheSummary() async throws {
        try await Self.withTightServer { h in
            var request = HTTPClientRequest(url: h.server.baseURL + "/v1/batch")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: Self.body))
            let response = try await ServerHarness.client.execute(request, timeout: .seconds(60))
            #expect(response.status == .ok)
            #expect(await Self.waiting(h))
            // The four answered tickers' lines have arrived (a ticker whose answer is still on its
            // way when the server stops is cancelled too, which is not what this test is about).
            var text = ""
            var body = response.body.makeAsyncIterator()
            while text.count(where: { $0 == "\n" }) < 4, let chunk = try await body.next() {
                text += String(buffer: chunk)
            }
            // As SIGTERM does: the graceful shutdown the server's signal handler triggers.
            async let stopped: Void = h.server.stop()
            while let chunk = try await body.next() { text += String(buffer: chunk) }
            await stopped
            let lines = text.split(separator: "\n").map {
                ServerHarness.Reply(status: 0, headers: [], body: String($0))
            }
            #expect(lines.count == Self.tickers.count + 1, "\(text)")
            let results = lines.dropLast().map(\.object)
            #expect(Set(results.compactMap { $0["ticker"] as? String }) == Set(Self.tickers))
            #expect(results.filter { $0["ok"] as? Bool == true }.count == 2)
            let unfinished = results.filter {
                $0["ok"] as? Bool == false && ($0["error"] as? String)?.contains("corporate actions") != true
            }
            #expect(unfinished.count == 4)
            for result in unfinished {
                let attempts = result["attempts"] as? [[String: Any]] ?? []
                #expect(attempts.contains { $0["outcome"] as? String == "cancelled" }, "\(result)")
                #expect((result["error"] as? String)?.contains("cancel") == true)
            }
            let summary = try #require(lines.last?.object["summary"] as? [String: Any])
            #expect(summary["requested"] as? Int == 8 && summary["ok"] as? Int == 2)
            #expect(summary["cancelled"] as? Int == 4 && summary["failed"] as? Int == 2)
            #expect(h.upstreamRequests == 4)
        }
    }

    @Test func aClientThatGoesAwayCancelsItsWaitingBatchAtOnce() async throws {
        try await Self.withTightServer { h in
            let client = try RawClient(port: h.server.port)
            client.post("/v1/batch", json: Self.body)
            #expect(await Self.waiting(h))
            // The four answered tickers' lines have reached the client: nothing more will be written.
            let received = await client.received { $0.components(separatedBy: #"{"ticker":"#).count > 4 }
            #expect(received.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(h.server.requestsAtWork == 1)
            client.close()
            // Nothing is written while the tickers wait (for ten minutes): the close itself is heard.
            #expect(await until { h.server.requestsAtWork == 0 })
            #expect(h.upstreamRequests == 4)
            // The server still serves, and its queue is free again.
            #expect(try await h.get("/healthz").status == 200)
        }
    }
}
