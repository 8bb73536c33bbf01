import HTTPTypes
import Hummingbird

/// Added after every route, so it wraps only the router's not-found answer: a path that a route
/// serves under other methods is 405 with `Allow` naming them (HEAD wherever GET is), not 404.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Each route as `(method, path template)`, a template segment `{name}` or `:name` matching
    /// any one segment.
    let routes: [(method: String, path: String)]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let allowed = Self.methods(for: request.uri.path, in: routes)
        guard !allowed.isEmpty else { return try await next(request, context) }
        let list = allowed.joined(separator: ", ")
        return Response.error(
            .methodNotAllowed, "\(request.method.rawValue) is not allowed on \(request.uri.path) (allowed: \(list))",
            headers: [(.allow, list)])
    }

    /// The methods routes serve `path` with, HEAD added after GET; empty when no route has the path.
    static func methods(for path: String, in routes: [(method: String, path: String)]) -> [String] {
        let segments = Self.segments(path)
        var methods: [String] = []
        for route in routes where matches(segments, Self.segments(route.path)) && !methods.contains(route.method) {
            methods.append(route.method)
            if route.method == "GET" { methods.append("HEAD") }
        }
        return methods
    }

    private static func segments(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }

    private static func matches(_ path: [Substring], _ template: [Substring]) -> Bool {
        path.count == template.count
            && zip(path, template).allSatisfy { $1.hasPrefix("{") || $1.hasPrefix(":") || $0 == $1 }
    }
}
