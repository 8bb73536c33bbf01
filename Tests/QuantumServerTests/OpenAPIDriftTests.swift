import Foundation
import HTTPTypes
import Hummingbird
import Logging
import QuantumCore
import QuantumTestSupport
import Testing

@testable import QuantumServer

/// `/openapi.json` documents exactly the router's routes, and its fetch schema exactly the members
/// `ResultJSON` writes.
@Suite struct OpenAPIDriftTests {
    var document: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8))) as? [String: Any] ?? [:]
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
            #expect(routed.count == 10)
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

    @Test func thePageIsSelfContained() {
        let html = ServerPage.html
        #expect(!html.contains("http://") || html.contains(#""http://www.w3.org/2000/svg""#))
        #expect(!html.contains("https://") && !html.contains("<link") && !html.contains("src="))
        #expect(html.contains(#"id="chart""#) && html.contains(#"id="trail""#) && html.contains(#"id="json""#))
    }
}
