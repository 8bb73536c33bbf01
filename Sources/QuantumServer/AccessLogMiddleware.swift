import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The outermost layer: refuses over-long URLs (414) and bodies (413, on POST: the only method
/// whose body is read), turns errors into JSON (`BadInput` → 400, an unknown route → 404), answers
/// HEAD without a body whatever the status, counts the request in the metrics, and writes one
/// access-log line: method, path (with only the documented parameters' values), status, ms, source.
struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Query parameters whose values may be logged; any other is logged by name only.
    static var loggedParameters: Set<String> { Set(CandleQuery.parameters) }

    let options: ServerOptions
    let metrics: ServerMetrics
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let clock = ContinuousClock()
        let started = clock.now
        metrics.started()
        let response = BrowserGuardMiddleware<Context>.decorated(
            await respond(request, context: context, next: next), for: request, options: options)
        let elapsed = started.duration(to: clock.now)
        let ms =
            Double(elapsed.components.attoseconds / 10_000_000_000_000) / 100
            + Double(elapsed.components.seconds * 1000)
        metrics.finished(route: Self.route(request.uri.path), status: response.status.code)
        let source = response.headers[.quantumSource] ?? "-"
        logger.info(
            "\(request.method.rawValue) \(Self.loggable(request)) \(response.status.code) \(ms)ms source=\(source)")
        return request.method == .head ? response.createHeadResponse() : response
    }

    private func respond(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async -> Response
    {
        if request.uri.string.utf8.count > options.maxURLBytes {
            return Response.error(.uriTooLong, "the URL is longer than \(options.maxURLBytes) bytes")
        }
        if request.method == .post, let length = request.headers[.contentLength].flatMap(Int.init),
            length > options.maxBodyBytes
        {
            return Response.error(.contentTooLarge, "the body is larger than \(options.maxBodyBytes) bytes")
        }
        do {
            return try await next(request, context)
        } catch let bad as BadInput {
            return Response.text(.badRequest, bad.json)
        } catch let error as any HTTPResponseError {
            let message =
                error.status == .notFound
                ? "no route \(request.method.rawValue) \(request.uri.path) (see /openapi.json)"
                : error.status.reasonPhrase.lowercased()
            return Response.error(error.status, message)
        } catch {
            return Response.error(.internalServerError, "the request failed: \(type(of: error))")
        }
    }

    /// The route template a path matches, for metric labels (never the ticker itself).
    static func route(_ path: String) -> String {
        if path.hasPrefix("/v1/candles/") { return "/v1/candles/{ticker}" }
        if path.hasPrefix("/stock/") { return "/stock/{ticker}" }
        let fixed: Set<String> = [
            "/", "/healthz", "/readyz", "/metrics", "/openapi.json", "/v1/sources", "/v1/limits", "/v1/batch",
        ]
        return fixed.contains(path) ? path : "other"
    }

    /// The path, and the query with values kept only for the documented parameters.
    static func loggable(_ request: Request) -> String {
        let items = request.uri.queryParameters.map { item in
            loggedParameters.contains(String(item.key)) ? "\(item.key)=\(item.value)" : "\(item.key)=…"
        }
        let line = request.uri.path + (items.isEmpty ? "" : "?" + items.joined(separator: "&"))
        // Nothing a client sends can start a new log line or hide one.
        return String(line.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : Character($0) })
    }
}
