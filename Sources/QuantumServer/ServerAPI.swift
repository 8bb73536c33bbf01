import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import QuantumCore
import ServiceLifecycle

/// The routes over one shared engine. Every fetch goes through the engine (one governor, one
/// cache, identical fetches under way shared); JSON comes from `ResultJSON`, as `--json` prints it.
struct ServerAPI: Sendable {
    /// The seed's route serves this many calendar days.
    static let stockDays = 90

    let engine: Engine
    let options: ServerOptions
    let metrics: ServerMetrics
    let queue: WorkQueue
    let logger: Logger

    /// Every route, as `/openapi.json` documents them.
    /// GET routes answer HEAD too (the same status and headers, no body); a known path asked with
    /// a method it does not take is 405 with `Allow`.
    func router() -> Router<ServeContext> {
        let router = Router(context: ServeContext.self, options: .autoGenerateHeadEndpoints)
        router.middlewares.add(AccessLogMiddleware(options: options, metrics: metrics, logger: logger))
        router.middlewares.add(BrowserGuardMiddleware(options: options))
        router.middlewares.add(AuthMiddleware(token: options.token))
        router.get("/") { _, _ in
            Response.text(
                .ok, ServerPage.html, contentType: "text/html; charset=utf-8",
                headers: [
                    (.contentSecurityPolicy, ServerPage.contentSecurityPolicy),
                    (HTTPField.Name("X-Frame-Options")!, "DENY"),
                ])
        }
        router.get("/favicon.ico") { _, _ in
            Response(status: .noContent, headers: [.cacheControl: "public, max-age=86400"])
        }
        router.get("/healthz") { _, _ in Response.text(.ok, #"{"status":"ok"}"#) }
        router.get("/readyz") { _, _ in await ready() }
        let openAPI = OpenAPIDocument(options: options).json
        router.get("/openapi.json") { _, _ in Response.text(.ok, openAPI) }
        router.get("/metrics") { _, _ in
            Response.text(
                .ok, await metrics.exposition(engine: engine), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        router.get("/v1/sources") { _, _ in
            Response.text(.ok, JSONWriter.object(ResultJSON.sources(await engine.sources())))
        }
        router.post("/v1/sources/:source/enable") { _, context in
            let name = context.parameters.get("source") ?? ""
            let source = try CandleQuery.read(RequestVocabulary.source(name), "source", prefix: false)
            await engine.setEnabled(true, for: source)
            return Response.text(.ok, JSONWriter.object(ResultJSON.sources(await engine.sources())))
        }
        router.get("/v1/limits") { _, _ in
            Response.text(.ok, JSONWriter.object(ResultJSON.limits(await engine.limits())))
        }
        router.get("/v1/candles/:ticker") { request, context in
            try await candles(request, context, defaultDays: 30, allowsParameters: true)
        }
        router.get("/stock/:ticker") { request, context in
            try await candles(request, context, defaultDays: Self.stockDays, allowsParameters: false)
        }
        router.get("/v1/actions/:ticker") { request, context in try await actions(request, context) }
        router.post("/v1/batch") { request, context in try await batch(request, context) }
        // After every route, so it wraps only the not-found answer.
        router.middlewares.add(
            MethodNotAllowedMiddleware(routes: router.routes.map { ($0.method.rawValue, $0.path.description) }))
        return router
    }

    // MARK: Fetching

    /// One ticker (`CandleAnswer` says which status and form). A request the cache answers whole
    /// is answered at once, never queued behind fetch work; any other takes a place in the queue
    /// (429 when full), waits at most `max_wait` (the server's `maxWait`) for a provider's slot,
    /// and gives its place back — its fetch cancelled — as soon as its client goes away.
    private func candles(
        _ request: Request, _ context: ServeContext, defaultDays: Int, allowsParameters: Bool
    ) async throws -> Response {
        let ticker = (context.parameters.get("ticker") ?? "").removingPercentEncoding ?? ""
        let parameters = request.uri.queryParameters.map { (String($0.key), String($0.value)) }
        if !allowsParameters, let (name, _) = parameters.first {
            throw BadInput("/stock/{ticker} takes no parameters (use /v1/candles/{ticker}?\(name)=…)", parameter: name)
        }
        let query = try CandleQuery(ticker: ticker, parameters: parameters)
        var fetch = try query.request(today: engine.today(), defaultDays: defaultDays)
        fetch.maxWait = min(query.maxWait ?? options.maxWait, options.maxWait)
        let form = CandleAnswer.form(format: query.format, accept: request.headers[.accept])
        let answer = { (result: FetchResult) in
            metrics.record(result)
            return CandleAnswer(result: result, quality: engine.quality(of: result)).response(
                form: form, ifNoneMatch: request.headers[.ifNoneMatch])
        }
        if let cached = await engine.cachedAnswer(fetch) { return answer(cached) }
        guard queue.enter() else { return busy() }
        defer { queue.leave() }
        let work = Task { [engine] in await engine.fetch(fetch) }
        let finished = FirstOutcome<FetchResult>()
        Task { finished.settle(await work.value) }
        let watcher = await PeerGoneHandler.watch(context.channel) {
            work.cancel()
            finished.settle(nil)
        }
        defer { watcher?.stop(context.channel) }
        let result = await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await finished.value
            } onGracefulShutdown: {
                // The server is stopping: the fetch is cut short and answered 503 at once.
                work.cancel()
            }
        } onCancel: {
            work.cancel()
        }
        // The client went away: its place is free at once (a fetch it shared with others goes
        // on for them); nothing can be delivered, and the log says 499, not a failure.
        guard let result else { return Response(status: .init(code: 499, reasonPhrase: "Client Closed Request")) }
        return answer(result)
    }

    /// A ticker's corporate actions from every usable source, merged: 200 with the object
    /// `actions --json` prints, 502 with the same object when no source reported them.
    private func actions(_ request: Request, _ context: ServeContext) async throws -> Response {
        let ticker = (context.parameters.get("ticker") ?? "").removingPercentEncoding ?? ""
        let query = try ActionsQuery(
            ticker: ticker, parameters: request.uri.queryParameters.map { (String($0.key), String($0.value)) })
        guard queue.enter() else { return busy() }
        defer { queue.leave() }
        let result = await engine.actions(query.ticker, sources: query.sources)
        let body = JSONWriter.object(ResultJSON.actions(result, from: query.from, to: query.to))
        return Response.text(result.failure == nil ? .ok : .badGateway, body)
    }

    /// Many tickers: NDJSON, a line per ticker as each finishes, then the summary (`BatchStream`).
    /// The body must be `application/json` (415 otherwise): a page of another site cannot send
    /// that without a preflight, which only `--cors-origin` origins pass. Each ticker waits at most
    /// the server's `maxWait` for a slot; one that would wait longer is a failed line saying when a
    /// slot frees.
    private func batch(_ request: Request, _ context: ServeContext) async throws -> Response {
        let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces)
        guard type?.lowercased() == "application/json" else {
            return Response.error(
                .unsupportedMediaType,
                "the body must be sent as Content-Type: application/json (got \(type.map { "'\($0)'" } ?? "none"))")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: options.maxBodyBytes)
        } catch is NIOTooManyBytesError {
            return Response.error(.contentTooLarge, "the body is larger than \(options.maxBodyBytes) bytes")
        }
        let query = try BatchQuery(body: Array(body.readableBytesView), maxTickers: options.maxBatchTickers)
        let requests = try query.requests(today: engine.today(), defaultDays: 30).map { request in
            var bounded = request
            bounded.maxWait = min(query.options.maxWait ?? options.maxWait, options.maxWait)
            return bounded
        }
        // A batch the cache answers whole takes no place: a full queue never turns it away.
        let placed = queue.enter()
        if !placed {
            for request in requests where await engine.cachedAnswer(request) == nil { return busy() }
        }
        let stream = BatchStream(engine: engine, requests: requests, metrics: metrics, channel: context.channel)
        let queue = queue
        let streamed = ResponseBody { writer in
            defer { if placed { queue.leave() } }
            try await stream.write(to: &writer)
        }
        return Response(status: .ok, headers: [.contentType: "application/x-ndjson"], body: streamed)
    }

    /// 429 with `Retry-After`: the server's own queue is full (never a provider's 429 passed on).
    private func busy() -> Response {
        metrics.rejected()
        return Response.error(
            .tooManyRequests,
            "the server has \(queue.capacity) requests in flight; retry after \(options.retryAfterSeconds)s",
            headers: [(.retryAfter, String(options.retryAfterSeconds))])
    }

    /// 200 when at least one source can be asked and the cache's database (team mode) answers,
    /// 503 otherwise; the usable sources listed, and `database` saying why the database cannot be
    /// used (null when it can, or there is none).
    private func ready() async -> Response {
        let report = await engine.sources()
        let usable = report.sources.filter { s in
            s.enabled && s.key != nil && report.status.first { $0.id == s.id }?.unusable == nil
        }
        let database = await engine.storeUnreachable()
        let ready = !usable.isEmpty && database == nil
        let body = JSONWriter.object([
            ("ready", String(ready)),
            ("usable", JSONWriter.array(usable.map { JSONWriter.string($0.id.rawValue) })),
            ("database", JSONWriter.optional(database)),
        ])
        return Response.text(ready ? .ok : .serviceUnavailable, body)
    }
}
