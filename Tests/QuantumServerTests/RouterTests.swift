import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import OpenAPIKit
import QuantumCore
import QuantumTestSupport
import Testing

@testable import QuantumServer

/// The routes that need no provider, through Hummingbird's router test framework (no socket): the
/// document, the page, health and readiness, metrics, the token's refusals, 404 and 405.
@Suite struct RouterTests {
    /// Runs `body` with a client of the router over an engine whose every source is unreachable
    /// (keys as `settings` has them), with `configure`d options.
    static func with(
        settings: Settings = .defaults, configure: (inout ServerOptions) -> Void = { _ in },
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        var options = ServerOptions(port: 0)
        configure(&options)
        try await Application(router: api(settings: settings, options: options).router()).test(.router, body)
    }

    /// The routes over an engine whose every source is unreachable.
    static func api(settings: Settings = .defaults, options: ServerOptions = ServerOptions()) -> ServerAPI {
        let engine = Engine(
            EngineParts(
                settings: settings,
                transport: StaticTransport { _ throws(TransportError) in throw TransportError.network("no network") },
                candleStore: MemoryCandleStore(), today: { ServerHarness.today }))
        return ServerAPI(
            engine: engine, options: options, metrics: ServerMetrics(), queue: WorkQueue(capacity: options.maxQueue),
            logger: Logger(label: "test.router", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    static func object(_ response: TestResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8))) as? [String: Any] ?? [:]
    }

    @Test func theServedDocumentDecodesValidatesAndListsEveryRoute() async throws {
        try await Self.with { client in
            let response = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(response.status == .ok && response.headers[.contentType] == "application/json")
            let document = try JSONDecoder().decode(
                OpenAPI.Document.self, from: Data(String(buffer: response.body).utf8))
            #expect(document.openAPIVersion == .v3_1_0)
            // OpenAPIKit's own validation: references resolve, path parameters are declared, …
            let warnings = try document.validate()
            #expect(warnings.isEmpty, "\(warnings)")
            let documented = Set(
                document.routes.flatMap { route in
                    route.pathItem.endpoints.map { "\($0.method.rawValue.uppercased()) \(route.path.rawValue)" }
                })
            let routed = Set(Self.api().router().routes.map { "\($0.method.rawValue) \($0.path)" })
            #expect(documented == routed)
        }
    }

    @Test func theDocumentSaysWhatTheRoutesRead() throws {
        let document = OpenAPIDocument(options: ServerOptions()).document
        let parameters = document.components.parameters
        // Every parameter the candles route reads, typed as the batch body types the same member.
        // The body's members are its first part's; the second says which go together.
        let request = try #require(document.components.schemas["BatchRequest"])
        guard case .all(let parts, _) = request.value else {
            Issue.record("the batch body is not all of its parts")
            return
        }
        let body = try #require(parts.first?.objectContext)
        #expect(Set(body.properties.keys) == Set(BatchQuery.members))
        // All but format: a batch answers NDJSON.
        #expect(Set(CandleQuery.parameters).subtracting(BatchQuery.members) == ["format"])
        for name in CandleQuery.parameters where name != "format" {
            let parameter = try #require(parameters[.init(stringLiteral: name)]?.b, "\(name) is not documented")
            let schema = try #require(parameter.schemaOrContent.schemaValue)
            let member = try #require(body.properties[name], "\(name) is not a batch member")
            #expect(schema.jsonType == member.jsonType && schema.allowedValues == member.allowedValues, "\(name)")
            #expect(schema.integerContext?.maximum == member.integerContext?.maximum, "\(name)")
        }
        #expect(body.properties["source"]?.allowedValues?.compactMap { $0.value as? String } == ProviderRegistry.names)
        #expect(
            body.properties["basis"]?.allowedValues?.compactMap { $0.value as? String }
                == BasisPreference.requestable.map(\.rawValue))
        #expect(body.properties["days"]?.integerContext?.maximum?.value == RequestVocabulary.maxDays)
    }

    @Test func thePageHealthAndReadiness() async throws {
        try await Self.with { client in
            let page = try await client.execute(uri: "/", method: .get)
            #expect(page.status == .ok && page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(String(buffer: page.body) == ServerPage.html)
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok && String(buffer: health.body) == #"{"status":"ok"}"#)
            // No key configured: no source can be asked.
            let ready = try await client.execute(uri: "/readyz", method: .get)
            #expect(ready.status == .serviceUnavailable && Self.object(ready)["ready"] as? Bool == false)
        }
        var settings = Settings.defaults
        settings.sources[0].key = "k"
        try await Self.with(settings: settings) { client in
            let ready = try await client.execute(uri: "/readyz", method: .get)
            #expect(ready.status == .ok && Self.object(ready)["usable"] as? [String] == ["polygon"])
        }
    }

    @Test func metricsArePrometheusText() async throws {
        try await Self.with { client in
            _ = try await client.execute(uri: "/healthz", method: .get)
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
            #expect(String(buffer: metrics.body).contains("# TYPE"))
        }
    }

    @Test func withATokenOnlyThePageHealthAndTheDocumentAreOpen() async throws {
        try await Self.with(configure: { $0.token = BearerToken("tok-123") }) { client in
            for path in ["/v1/candles/AAPL?days=5", "/stock/AAPL", "/v1/sources", "/v1/limits", "/metrics", "/readyz"] {
                for headers: HTTPFields in [[:], [.authorization: "Bearer tok-12"], [.authorization: "Basic tok-123"]] {
                    let refused = try await client.execute(uri: path, method: .get, headers: headers)
                    #expect(refused.status == .unauthorized, "\(path) \(headers)")
                    #expect(refused.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                    #expect(Self.object(refused)["error"] is String)
                }
            }
            let batch = try await client.execute(
                uri: "/v1/batch", method: .post, body: ByteBuffer(string: #"{"tickers":["AAPL"]}"#))
            #expect(batch.status == .unauthorized)
            for path in ["/", "/healthz", "/openapi.json"] {
                #expect(try await client.execute(uri: path, method: .get).status == .ok, "\(path)")
            }
            // A browser's own question for an icon is answered, not refused or 404.
            let icon = try await client.execute(uri: "/favicon.ico", method: .get)
            #expect(icon.status == .noContent && icon.headers[.cacheControl] == "public, max-age=86400")
            let sources = try await client.execute(
                uri: "/v1/sources", method: .get, headers: [.authorization: "Bearer tok-123"])
            #expect(sources.status == .ok)
        }
    }

    @Test func aWrongMethodIs405WithAllowAndAnUnknownRouteIs404() async throws {
        try await Self.with { client in
            let cases: [(HTTPRequest.Method, String, String)] = [
                (.post, "/healthz", "GET, HEAD"), (.get, "/v1/batch", "POST"),
                (.delete, "/v1/candles/AAPL", "GET, HEAD"),
                (.put, "/stock/AAPL", "GET, HEAD"), (.post, "/", "GET, HEAD"),
            ]
            for (method, path, allow) in cases {
                let reply = try await client.execute(
                    uri: path, method: method, body: method == .get ? nil : ByteBuffer(string: "{}"))
                #expect(reply.status == .methodNotAllowed, "\(method) \(path)")
                #expect(reply.headers[.allow] == allow, "\(method) \(path)")
                #expect((Self.object(reply)["error"] as? String)?.contains("not allowed") == true)
            }
            for path in ["/nowhere", "/v1/candles", "/v1/candles/AAPL/extra", "/v2/batch"] {
                let reply = try await client.execute(uri: path, method: .get)
                #expect(reply.status == .notFound, "\(path)")
                #expect(ServeRouteTests.keys(String(buffer: reply.body)) == ["error"] && reply.headers[.allow] == nil)
                #expect((Self.object(reply)["error"] as? String)?.contains("/openapi.json") == true)
            }
        }
    }
}
