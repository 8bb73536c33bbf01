import HTTPTypes
import Hummingbird

/// With a token, every route but the page, `/healthz` and `/openapi.json` needs
/// `Authorization: Bearer TOKEN`; otherwise 401 (the token itself is never echoed or logged).
struct AuthMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Routes open without a token: they hold no data and spend no quota.
    static var open: Set<String> { ["/", "/favicon.ico", "/healthz", "/openapi.json"] }

    let token: BearerToken?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let token, !Self.open.contains(request.uri.path) else { return try await next(request, context) }
        guard token.admits(authorization: request.headers[.authorization]) else {
            return Response.error(
                .unauthorized, "this server needs Authorization: Bearer TOKEN",
                headers: [(.wwwAuthenticate, #"Bearer realm="quantum""#)])
        }
        return try await next(request, context)
    }
}
