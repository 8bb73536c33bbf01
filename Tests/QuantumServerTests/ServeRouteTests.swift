import Foundation
import QuantumCore
import QuantumServer
import QuantumTestSupport
import Testing

/// The routes over loopback, on the simulator: JSON as `--json` prints it, errors as documented.
@Suite struct ServeRouteTests {
    /// The members of a fetch object, in order, as ResultJSON writes them.
    static let fetchFields = [
        "ticker", "ok", "source", "basis", "simulated", "from", "to", "candles", "attempts", "warnings", "notes",
        "complete", "missing", "missing_days", "filled", "error", "cached", "elapsed_ms", "adjustment", "quality",
    ]

    /// The keys of a JSON object in the order the text has them.
    static func keys(_ text: String) -> [String] {
        var keys: [String] = []
        var depth = 0
        var inString = false
        var escaped = false
        var current = ""
        var afterString = false
        for c in text {
            if inString {
                if escaped {
                    escaped = false
                } else if c == "\\" {
                    escaped = true
                } else if c == "\"" {
                    inString = false
                    afterString = true
                    continue
                }
                current.append(c)
                continue
            }
            if c == "\"" {
                inString = true
                current = ""
            } else if c == ":" && afterString && depth == 1 {
                keys.append(current)
            }
            if c == "{" || c == "[" { depth += 1 }
            if c == "}" || c == "]" { depth -= 1 }
            afterString = false
        }
        return keys
    }

    @Test func candlesAnswersTheFetchObjectWithTheEngineResultsValues() async throws {
        try await ServerHarness.with { h in
            let reply = try await h.get("/v1/candles/aapl?from=2024-01-02&to=2024-01-05")
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type") == "application/json")
            #expect(reply.header("X-Quantum-Source") == "polygon")
            #expect(Self.keys(reply.body) == Self.fetchFields)
            let direct = await h.engine.fetch(
                FetchRequest(ticker: "AAPL", from: TradingDate("2024-01-02")!, to: TradingDate("2024-01-05")!))
            let object = reply.object
            #expect(object["ticker"] as? String == "AAPL" && object["source"] as? String == "polygon")
            #expect(object["simulated"] as? Bool == true && object["error"] is NSNull)
            let candles = try #require(object["candles"] as? [[String: Any]])
            #expect(candles.map { $0["date"] as? String } == direct.candles.map { $0.date.description })
            #expect(candles.map { $0["close"] as? Double } == direct.candles.map { $0.close })
            #expect((object["quality"] as? [String: Any])?["summary"] is String)
        }
    }

    @Test func stockServesTheLastNinetyDays() async throws {
        try await ServerHarness.with { h in
            let reply = try await h.get("/stock/MSFT")
            #expect(reply.status == 200)
            #expect(reply.object["from"] as? String == ServerHarness.today.adding(days: -89).description)
            #expect(reply.object["to"] as? String == ServerHarness.today.description)
            #expect(Self.keys(reply.body) == Self.fetchFields)
            #expect(try await h.get("/stock/MSFT?days=5").status == 400)
        }
    }

    @Test(arguments: [
        ("/v1/candles/AAPL?from=2024-02-30", "from"), ("/v1/candles/AAPL?from=yesterday", "from"),
        ("/v1/candles/AAPL?to=2024-01-05", "from"), ("/v1/candles/AAPL?from=2024-02-01&to=2024-01-05", "from"),
        ("/v1/candles/AAPL?source=bloomberg", "source"), ("/v1/candles/AAPL?basis=dividend", "basis"),
        ("/v1/candles/AAPL?days=0", "days"), ("/v1/candles/AAPL?days=36501", "days"),
        ("/v1/candles/AAPL?days=x", "days"), ("/v1/candles/AAPL?days=3&from=2024-01-02", "days"),
        ("/v1/candles/AAPL?partial=maybe", "partial"), ("/v1/candles/AAPL?apikey=x", "apikey"),
        ("/v1/candles/AAPL?days=3&days=4", "days"), ("/v1/candles/AA%20PL%3B", "ticker"),
        ("/v1/candles/\(String(repeating: "A", count: 25))", "ticker"), ("/v1/candles/%F0%9F%92%A5", "ticker"),
    ])
    func badInputIs400NamingTheParameter(path: String, parameter: String) async throws {
        try await ServerHarness.with { h in
            let reply = try await h.get(path)
            #expect(reply.status == 400, "\(path): \(reply.body)")
            #expect(Self.keys(reply.body) == ["error", "parameter"])
            #expect(reply.object["parameter"] as? String == parameter)
            #expect((reply.object["error"] as? String)?.isEmpty == false)
            #expect(h.upstreamRequests == 0)
            #expect(try await h.get("/healthz").status == 200)
        }
    }

    @Test func noSourceServingIs502WithTheSameObject() async throws {
        try await ServerHarness.with { h in
            _ = try await h.engine.injectFault(Fault(.down), at: .polygon)
            let reply = try await h.get("/v1/candles/AAPL?from=2024-01-02&to=2024-01-05&source=polygon")
            #expect(reply.status == 502)
            #expect(Self.keys(reply.body) == Self.fetchFields)
            #expect(reply.object["ok"] as? Bool == false && reply.object["source"] is NSNull)
            #expect((reply.object["error"] as? String)?.isEmpty == false)
            let attempts = try #require(reply.object["attempts"] as? [[String: Any]])
            #expect(attempts.first?["source"] as? String == "polygon")
            #expect(attempts.allSatisfy { $0["outcome"] as? String != "ok" })
            #expect(reply.header("X-Quantum-Source") == "-")
        }
    }

    @Test func sourcesLimitsHealthReadyAnd404() async throws {
        try await ServerHarness.with { h in
            let sources = try await h.get("/v1/sources")
            #expect(sources.status == 200 && Self.keys(sources.body) == ["simulated", "sources"])
            let listed = try #require(sources.object["sources"] as? [[String: Any]])
            #expect(listed.map { $0["name"] as? String } == ["polygon", "fmp", "alphavantage", "eodhd"])
            #expect(!sources.body.contains("sim-polygon"))
            let limits = try await h.get("/v1/limits")
            #expect(limits.status == 200 && Self.keys(limits.body) == ["limits"])
            #expect(try await h.get("/healthz").body == #"{"status":"ok"}"#)
            let ready = try await h.get("/readyz")
            #expect(ready.status == 200 && ready.object["ready"] as? Bool == true)
            let missing = try await h.get("/v2/nothing")
            #expect(missing.status == 404 && (missing.object["error"] as? String)?.contains("/openapi.json") == true)
        }
    }

    @Test func readyIs503WhenNoSourceCanBeAsked() async throws {
        try await ServerHarness.with { h in
            for id in ProviderRegistry.ids { await h.engine.setEnabled(false, for: id) }
            let ready = try await h.get("/readyz")
            #expect(ready.status == 503 && ready.object["ready"] as? Bool == false)
        }
    }

    @Test func batchStreamsOneLinePerTickerThenTheSummary() async throws {
        try await ServerHarness.with { h in
            let reply = try await h.post(
                "/v1/batch", json: #"{"tickers":["AAPL","msft","AAPL"],"from":"2024-01-02","to":"2024-01-05"}"#)
            #expect(reply.status == 200 && reply.header("Content-Type") == "application/x-ndjson")
            let lines = reply.body.split(separator: "\n").map(String.init)
            #expect(lines.count == 4)
            for line in lines.dropLast() {
                // Each line is the fetch object `GET /v1/candles` answers, its quality included.
                #expect(Self.keys(line) == Self.fetchFields)
            }
            #expect(
                lines.dropLast().compactMap {
                    ServerHarness.Reply(status: 0, headers: [], body: $0).object["ticker"] as? String
                }.sorted() == ["AAPL", "AAPL", "MSFT"])
            let summary = ServerHarness.Reply(status: 0, headers: [], body: lines.last ?? "").object
            let tally = try #require(summary["summary"] as? [String: Any])
            #expect(tally["requested"] as? Int == 3 && tally["ok"] as? Int == 3 && summary["elapsed_ms"] is Int)
            // The repeated ticker is reported twice and fetched once: per ticker, the bars and the
            // splits they are adjusted with (AAPL's from one source; MSFT has none, which takes
            // two sources saying so).
            #expect(h.upstreamRequests == 5)
        }
    }

    @Test(arguments: [
        (#"{"tickers":[]}"#, "tickers"), (#"{"tickers":"AAPL"}"#, "tickers"), (#"not json"#, "body"),
        (#"[1,2]"#, "body"), (#"{"tickers":["AAPL"],"days":"many"}"#, "days"),
        (#"{"tickers":["AAPL"],"days":2.5}"#, "days"), (#"{"tickers":["A A"]}"#, "tickers"),
        (#"{"tickers":["AAPL"],"source":"nobody"}"#, "source"), (#"{"tickers":["AAPL"],"key":"x"}"#, "key"),
    ])
    func badBatchBodiesAre400(body: String, parameter: String) async throws {
        try await ServerHarness.with { h in
            let reply = try await h.post("/v1/batch", json: body)
            #expect(reply.status == 400, "\(body): \(reply.body)")
            #expect(reply.object["parameter"] as? String == parameter)
        }
    }

    @Test func sizeLimitsHold() async throws {
        try await ServerHarness.with(configure: { $0.maxBatchTickers = 3 }) { h in
            let four = try await h.post("/v1/batch", json: #"{"tickers":["A","B","C","D"]}"#)
            #expect(four.status == 400 && four.object["parameter"] as? String == "tickers")
            let big = try await h.post(
                "/v1/batch", json: "{\"tickers\":[\"" + String(repeating: "A", count: 70_000) + "\"]}")
            #expect(big.status == 413)
            let long = try await h.get("/v1/candles/AAPL?days=3&" + String(repeating: "x", count: 3_000) + "=1")
            #expect(long.status == 414)
            #expect(try await h.get("/healthz").status == 200)
        }
    }
}
