import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import QuantumCore

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
    func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.middlewares.add(AccessLogMiddleware(options: options, metrics: metrics, logger: logger))
        router.middlewares.add(AuthMiddleware(token: options.token))
        router.get("/") { _, _ in Response.text(.ok, ServerPage.html, contentType: "text/html; charset=utf-8") }
        router.get("/healthz") { _, _ in Response.text(.ok, #"{"status":"ok"}"#) }
        router.get("/readyz") { _, _ in await ready() }
        router.get("/openapi.json") { _, _ in Response.text(.ok, OpenAPIDocument.json) }
        router.get("/metrics") { _, _ in
            Response.text(
                .ok, await metrics.exposition(engine: engine), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        router.get("/v1/sources") { _, _ in
            Response.text(.ok, JSONWriter.object(ResultJSON.sources(await engine.sources())))
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
        router.post("/v1/batch") { request, _ in try await batch(request) }
        return router
    }

    // MARK: Fetching

    /// One ticker: 200 with the fetch object, 502 with the same object when no source could serve.
    private func candles(
        _ request: Request, _ context: BasicRequestContext, defaultDays: Int, allowsParameters: Bool
    ) async throws -> Response {
        let ticker = (context.parameters.get("ticker") ?? "").removingPercentEncoding ?? ""
        let parameters = request.uri.queryParameters.map { (String($0.key), String($0.value)) }
        if !allowsParameters, let (name, _) = parameters.first {
            throw BadInput("/stock/{ticker} takes no parameters (use /v1/candles/{ticker}?\(name)=…)", parameter: name)
        }
        let fetch = try CandleQuery(ticker: ticker, parameters: parameters).request(
            today: engine.today(), defaultDays: defaultDays)
        guard queue.enter() else { return busy() }
        defer { queue.leave() }
        let result = await engine.fetch(fetch)
        metrics.record(result)
        let body = JSONWriter.object(ResultJSON.fetch(result, quality: engine.quality(of: result)))
        return Response.text(
            result.ok ? .ok : .badGateway, body, headers: [(.quantumSource, result.source?.rawValue ?? "-")])
    }

    /// Many tickers: NDJSON, one fetch object per line as each ticker finishes (not in input
    /// order), then `{"summary": {...}, "elapsed_ms": N}`. A client that goes away cancels the work
    /// (noticed when the next line cannot be written).
    private func batch(_ request: Request) async throws -> Response {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: options.maxBodyBytes)
        } catch is NIOTooManyBytesError {
            return Response.error(.contentTooLarge, "the body is larger than \(options.maxBodyBytes) bytes")
        }
        let query = try BatchQuery(body: Array(body.readableBytesView), maxTickers: options.maxBatchTickers)
        let requests = try query.requests(today: engine.today(), defaultDays: 30)
        guard queue.enter() else { return busy() }
        let (engine, metrics, queue) = (engine, metrics, queue)
        let stream = ResponseBody { writer in
            defer { queue.leave() }
            let (finished, continuation) = AsyncStream<FetchResult>.makeStream()
            // Leaving this group with an error (the client went away: seen at the next line
            // written) or by cancellation cancels the batch.
            let report = try await withThrowingTaskGroup(of: BatchReport.self) { group in
                group.addTask {
                    let report = await engine.batch(requests) { continuation.yield($0.result) }
                    continuation.finish()
                    return report
                }
                for await result in finished {
                    metrics.record(result)
                    let line = JSONWriter.object(ResultJSON.fetchMembers(result)) + "\n"
                    try await writer.write(ByteBuffer(string: line))
                }
                guard let report = try await group.next() else { throw CancellationError() }
                return report
            }
            let summary = JSONWriter.object([
                ("summary", ResultJSON.batchSummary(report)),
                ("elapsed_ms", String(ResultJSON.milliseconds(report.elapsed))),
            ])
            try await writer.write(ByteBuffer(string: summary + "\n"))
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "application/x-ndjson"], body: stream)
    }

    /// 429 with `Retry-After`: the server's own queue is full (never a provider's 429 passed on).
    private func busy() -> Response {
        metrics.rejected()
        return Response.error(
            .tooManyRequests,
            "the server has \(queue.capacity) requests in flight; retry after \(options.retryAfterSeconds)s",
            headers: [(.retryAfter, String(options.retryAfterSeconds))])
    }

    /// 200 when at least one source can be asked, 503 otherwise; the usable ones listed.
    private func ready() async -> Response {
        let report = await engine.sources()
        let usable = report.sources.filter { s in
            s.enabled && s.key != nil && report.status.first { $0.id == s.id }?.unusable == nil
        }
        let body = JSONWriter.object([
            ("ready", String(!usable.isEmpty)),
            ("usable", JSONWriter.array(usable.map { JSONWriter.string($0.id.rawValue) })),
        ])
        return Response.text(usable.isEmpty ? .serviceUnavailable : .ok, body)
    }
}
