import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOHTTP1
import QuantumCore
import QuantumSimulator
import QuantumTestSupport
import Testing

@testable import QuantumServer

/// `/openapi.json` documents exactly the router's routes, and its fetch schema exactly the members
/// `ResultJSON` writes.
@Suite struct OpenAPIDriftTests {
    var document: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(OpenAPIDocument(options: ServerOptions()).json.utf8)))
            as? [String: Any] ?? [:]
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteExists() async throws {
        try await ServerHarness.with { h in
            let api = ServerAPI(
                engine: h.engine, options: ServerOptions(), metrics: ServerMetrics(), queue: WorkQueue(capacity: 1),
                logger: Logger(label: "test"))
            let routed = Set(api.router().routes.map { "\($0.method.rawValue) \($0.path)" })
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let documented = Set(paths.flatMap { path, methods in methods.keys.map { "\($0.uppercased()) \(path)" } })
            #expect(routed == documented)
            #expect(routed.count == 13)
            #expect(document["openapi"] as? String == "3.1.0")
        }
    }

    @Test func theFetchSchemaListsTheMembersResultJSONWrites() throws {
        let request = FetchRequest(ticker: "AAPL", from: TradingDate("2024-01-02")!, to: TradingDate("2024-01-05")!)
        let result = FetchResult(request: request)
        let written = ResultJSON.fetch(result, quality: QualityReport(result, today: TradingDate("2024-01-08")!)).map(
            \.0)
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let fetch = try #require(schemas["Fetch"] as? [String: Any])
        #expect(fetch["required"] as? [String] == written)
        #expect(Set((fetch["properties"] as? [String: Any])?.keys.map { $0 } ?? []) == Set(written))
        let candle = try #require(schemas["Candle"] as? [String: Any])
        let candleJSON = ResultJSON.candle(
            Candle(date: TradingDate("2024-01-02")!, open: 1, high: 2, low: 1, close: 2, volume: 3), source: .polygon)
        let candleKeys = ServeRouteTests.keys(candleJSON)
        #expect(candle["required"] as? [String] == candleKeys)
    }

    /// The `required` and `properties` names of a component schema.
    func schema(_ name: String) throws -> (required: Set<String>, properties: Set<String>) {
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let schema = try #require(schemas[name] as? [String: Any], "no schema \(name)")
        let properties = (schema["properties"] as? [String: Any])?.keys.map { $0 } ?? []
        return (Set(schema["required"] as? [String] ?? []), Set(properties))
    }

    /// `keys` equals a schema's required members and its properties.
    func expect(_ keys: [String], match name: String) throws {
        let (required, properties) = try schema(name)
        #expect(Set(keys) == required && Set(keys) == properties, "\(name): \(keys.sorted())")
    }

    @Test func theSourcesAndLimitsSchemasListTheMembersTheRoutesWrite() async throws {
        try await ServerHarness.with { h in
            _ = try await h.get("/v1/candles/AAPL?days=5")
            let sources = try await h.get("/v1/sources").object
            try expect(Array(sources.keys), match: "Sources")
            let listed = try #require(sources["sources"] as? [[String: Any]])
            #expect(listed.count == 4)
            for source in listed { try expect(Array(source.keys), match: "Source") }
            let limits = try await h.get("/v1/limits").object
            try expect(Array(limits.keys), match: "Limits")
            let entries = try #require(limits["limits"] as? [[String: Any]])
            #expect(entries.count == 4)
            for entry in entries {
                try expect(Array(entry.keys), match: "SourceLimits")
                let windows = try #require(entry["windows"] as? [[String: Any]])
                #expect(!windows.isEmpty)
                for window in windows { try expect(Array(window.keys), match: "Window") }
            }
        }
        let paths = try #require(document["paths"] as? [String: [String: [String: Any]]])
        for (path, schema) in [("/v1/sources", "Sources"), ("/v1/limits", "Limits")] {
            let ok = (paths[path]?["get"]?["responses"] as? [String: Any])?["200"] as? [String: Any]
            let content = (ok?["content"] as? [String: Any])?["application/json"] as? [String: Any]
            #expect((content?["schema"] as? [String: Any])?["$ref"] as? String == "#/components/schemas/\(schema)")
        }
    }

    /// Every status each path's operations document is one the server answers there, and every
    /// status it answers there (to the requests below: right and wrong methods, with and without the
    /// token, over-long URL, over-large body, a bad parameter, a full queue, no source usable) is
    /// documented.
    @Test func everyPathDocumentsExactlyTheStatusesTheServerAnswersThere() async throws {
        let paths = try #require(document["paths"] as? [String: [String: [String: Any]]])
        var documented: [String: Set<Int>] = [:]
        for (path, operations) in paths {
            for operation in operations.values {
                let codes = (operation["responses"] as? [String: Any])?.keys.compactMap { Int($0) } ?? []
                documented[path, default: []].formUnion(codes)
            }
        }
        let token = "drift-token"
        let authorized = [("Authorization", "Bearer \(token)")]
        try await ServerHarness.with(configure: {
            $0.token = BearerToken(token)
            $0.maxQueue = 1
        }) { h in
            var answered: [String: Set<Int>] = [:]
            func probe(
                _ path: String, _ method: HTTPMethod, ticker: String = "AAPL", source: String = "polygon",
                suffix: String = "", body: String? = nil,
                headers: [(String, String)] = authorized
            ) async throws {
                let concrete =
                    path.replacingOccurrences(of: "{ticker}", with: ticker).replacingOccurrences(
                        of: "{source}", with: source) + suffix
                // A body is JSON unless the probe says otherwise.
                let typed =
                    body == nil || headers.contains { $0.0 == "Content-Type" }
                    ? headers : headers + [("Content-Type", "application/json")]
                let reply = try await h.send(method, concrete, headers: typed, body: body)
                answered[path, default: []].insert(reply.status)
            }
            let routes = paths.flatMap { path, operations in operations.keys.map { (path, $0.uppercased()) } }
            func each(_ body: (String, HTTPMethod, Bool) async throws -> Void) async throws {
                for (path, method) in routes {
                    try await body(path, method == "POST" ? .POST : .GET, method == "POST")
                }
            }
            let good = #"{"tickers":["AAPL"],"days":5}"#
            try await each { path, method, posts in
                try await probe(path, method, body: posts ? good : nil)
                try await probe(path, method, body: posts ? good : nil, headers: [])
                try await probe(path, posts ? .GET : .POST, body: posts ? nil : "{}")
                try await probe(path, method, suffix: "?pad=" + String(repeating: "x", count: 3_000))
                try await probe(path, method, body: String(repeating: " ", count: 70_000) + good)
                try await probe(path, method, suffix: posts ? "" : "?dayz=1", body: posts ? #"{"dayz":1}"# : nil)
            }
            // A foreign Host on loopback; a body not sent as JSON.
            try await each { path, method, posts in
                try await probe(
                    path, method, body: posts ? good : nil, headers: authorized + [("Host", "rebind.example")])
            }
            try await probe("/v1/batch", .POST, body: good, headers: authorized + [("Content-Type", "text/plain")])
            // A ticker no source knows (Polygon, on its free plan's 5/min, given room to say so); an
            // answer the client already has.
            await h.engine.setLimits([], for: .polygon)
            for path in ["/v1/candles/{ticker}", "/stock/{ticker}"] {
                try await probe(path, .GET, ticker: "ZZZZQ")
                let tag = try await h.get(path.replacingOccurrences(of: "{ticker}", with: "AAPL"), headers: authorized)
                    .header("ETag")
                try await probe(path, .GET, headers: authorized + [("If-None-Match", tag ?? "none")])
            }
            // Every source at its limit for an hour: a new ticker is 503 at once.
            for id in ProviderRegistry.ids {
                await h.engine.setLimits([RateWindow(count: 1, length: .seconds(3_600))], for: id)
            }
            for path in ["/v1/candles/{ticker}", "/stock/{ticker}"] {
                for ticker in ["MSFT", "IBM", "NVDA", "AMZN", "GOOG"] { try await probe(path, .GET, ticker: ticker) }
            }
            for id in ProviderRegistry.ids { await h.engine.setLimits([], for: id) }
            // The queue full: one fetch held at the simulator (polygon unlimited, so the probes
            // above, corporate actions included, leave it room).
            await h.engine.setLimits([], for: .polygon)
            _ = await h.simulator.simulator.inject(Fault(.timeout, scope: .next(1)), at: .polygon)
            async let held = h.get("/v1/candles/HELD?days=5&source=polygon", headers: authorized)
            #expect(await until { h.server.requestsAtWork == 1 })
            // (A cached answer is served all the same: a ticker not cached is turned away.)
            try await each { path, method, posts in
                try await probe(path, method, ticker: "META", body: posts ? #"{"tickers":["META"],"days":5}"# : nil)
            }
            await h.simulator.stop()
            _ = try await held
            // No source usable (and a ticker the cache does not hold).
            for id in ProviderRegistry.ids { await h.engine.setEnabled(false, for: id) }
            try await each { path, method, posts in
                // (Enabling a source would end this phase.)
                guard !path.hasSuffix("/enable") else { return }
                try await probe(path, method, ticker: "IBM", body: posts ? #"{"tickers":["IBM"]}"# : nil)
            }
            try await probe("/v1/sources/{source}/enable", .POST, source: "nosuch")
            let routed = Set(paths.keys)
            for path in routed.sorted() {
                #expect(answered[path] == documented[path], "\(path): answered \(answered[path, default: []].sorted())")
            }
        }
    }

    @Test func theBatchBodySaysWhichRangeMembersGoTogether() throws {
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let batch = try #require(schemas["BatchRequest"] as? [String: Any])
        let parts = try #require(batch["allOf"] as? [[String: Any]])
        let refused = try #require((parts.last?["not"] as? [String: Any])?["anyOf"] as? [[String: Any]])
        let pairs = refused.compactMap { $0["required"] as? [String] }.map { Set($0) }
        #expect(pairs == [["days", "from"], ["days", "to"]] && refused.count == 3)
        #expect((parts.first?["required"] as? [String]) == ["tickers"])
    }

    @Test func thePageIsSelfContained() {
        let html = ServerPage.html
        #expect(!html.contains("http://") || html.contains(#""http://www.w3.org/2000/svg""#))
        // The one link is the icon, inline as a data: URL.
        let links = html.components(separatedBy: "<link").count - 1
        #expect(links == 1 && html.contains(#"<link rel="icon" href="data:image/svg+xml,"#))
        #expect(!html.contains("https://") && !html.contains("src="))
        #expect(html.contains(#"id="chart""#) && html.contains(#"id="trail""#) && html.contains(#"id="json""#))
    }
}
