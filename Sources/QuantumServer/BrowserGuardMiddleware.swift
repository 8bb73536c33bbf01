import HTTPTypes
import Hummingbird

/// What browsers may do with the server, checked before anything else:
/// - **Host**: a server bound to loopback answers only requests naming a loopback host
///   (`localhost`, `127.x.x.x`, `[::1]`, any port), so a page on a name that resolves to
///   127.0.0.1 (DNS rebinding) gets 403. Beyond loopback a token guards every data route.
/// - **Origin**: a request a page sent (`Origin`, or `Sec-Fetch-Site: cross-site` but for a link
///   followed, a GET navigation) is answered only when the page is the server's own (same scheme,
///   host and port) or its origin was allowed with `--cors-origin`; others get 403 before any
///   work or quota is spent. Allowed origins' preflight (`OPTIONS` with
///   `Access-Control-Request-Method`) is answered 204; `decorated` adds their
///   `Access-Control-Allow-Origin` and the headers every answer carries.
struct BrowserGuardMiddleware<Context: RequestContext>: RouterMiddleware {
    let options: ServerOptions

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        // (A request without Host is no browser's: browsers always send one.)
        if ServerOptions.isLoopback(options.host), let host = request.head.authority, !Self.isLoopbackAuthority(host) {
            return Response.error(
                .forbidden,
                "Host '\(host.prefix(80))' is not this server: bound to \(options.host), it answers only "
                    + "localhost, 127.0.0.1 and [::1]")
        }
        let origin = request.headers[.origin]
        let crossSite = request.headers[Self.secFetchSite]?.lowercased() == "cross-site"
        // A link followed from another site's page (a wiki, a chat) is the user's own navigation.
        let navigation =
            request.headers[Self.secFetchMode]?.lowercased() == "navigate"
            && (request.method == .get || request.method == .head)
        if let origin {
            if !options.corsOrigins.contains(origin), !isSameOrigin(origin, request) { return refusal(origin) }
        } else if crossSite, !navigation {
            return refusal(nil)
        }
        if request.method == .options, let origin, options.corsOrigins.contains(origin),
            request.headers[.accessControlRequestMethod] != nil
        {
            var preflight = Response(status: .noContent)
            preflight.headers[.accessControlAllowMethods] = "GET, HEAD, POST"
            preflight.headers[.accessControlAllowHeaders] = "Authorization, Content-Type, If-None-Match"
            preflight.headers[.accessControlMaxAge] = "600"
            return preflight
        }
        return try await next(request, context)
    }

    private func refusal(_ origin: String?) -> Response {
        let which = origin.map { "Origin '\($0.prefix(80))'" } ?? "Sec-Fetch-Site: cross-site"
        return Response.error(
            .forbidden,
            "requests from another site's page are refused (\(which)); start the server with --cors-origin ORIGIN "
                + "to allow one")
    }

    /// Whether `origin` is the page's own: `http://` and the authority the request was sent to.
    private func isSameOrigin(_ origin: String, _ request: Request) -> Bool {
        guard let authority = request.head.authority else { return false }
        return origin.lowercased() == "http://" + authority.lowercased()
    }

    /// `localhost`, `127.x.x.x` or `[::1]`, with or without a port.
    static func isLoopbackAuthority(_ authority: String) -> Bool {
        let host: Substring
        if authority.hasPrefix("[") {
            host = authority.split(separator: "]", maxSplits: 1).first.map { $0 + "]" } ?? Substring(authority)
        } else {
            host = authority.split(separator: ":", maxSplits: 1).first ?? ""
        }
        let name = host.lowercased()
        if name == "localhost" || name == "[::1]" { return true }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// The headers every answer carries (`AccessLogMiddleware`, outermost, adds them to each, an
    /// error's too): `nosniff`, `no-referrer`, and for an origin allowed with `--cors-origin` its
    /// `Access-Control-Allow-Origin` (`Vary: Origin` on every answer while CORS is on).
    static func decorated(_ response: Response, for request: Request, options: ServerOptions) -> Response {
        var response = response
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[Self.referrerPolicy] = "no-referrer"
        guard !options.corsOrigins.isEmpty else { return response }
        response.headers[.vary] = [response.headers[.vary], "Origin"].compactMap { $0 }.joined(separator: ", ")
        if let origin = request.headers[.origin], options.corsOrigins.contains(origin) {
            response.headers[.accessControlAllowOrigin] = origin
            response.headers[.accessControlExposeHeaders] = "ETag, Retry-After, X-Quantum-Source"
        }
        return response
    }

    static var secFetchSite: HTTPField.Name { HTTPField.Name("Sec-Fetch-Site")! }
    static var secFetchMode: HTTPField.Name { HTTPField.Name("Sec-Fetch-Mode")! }
    static var referrerPolicy: HTTPField.Name { HTTPField.Name("Referrer-Policy")! }
}
