import Foundation

/// Where a team's shared candle store and quota ledger live:
/// `postgres://USER:PASSWORD@HOST:PORT/DATABASE[?sslmode=disable|prefer|require]`
/// (`postgresql://` too; port 5432 and database USER when left out; user and password
/// percent-decoded). Its `description` names host, port and database, never the password.
public struct DatabaseURL: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// How TLS is used, as libpq's `sslmode` (`prefer` when not given).
    public enum TLSMode: String, Sendable {
        case disable, prefer, require
    }

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var tls: TLSMode

    /// Parses the URL; nil with a reason that never contains the password.
    public static func parse(_ text: String) -> Result<DatabaseURL, ConfigError> {
        func fail(_ why: String) -> Result<DatabaseURL, ConfigError> {
            .failure(ConfigError("database URL", why + " (expected postgres://USER:PASSWORD@HOST:PORT/DATABASE)"))
        }
        guard let components = URLComponents(string: text) else { return fail("not a URL") }
        guard ["postgres", "postgresql"].contains(components.scheme?.lowercased() ?? "") else {
            return fail("the scheme must be postgres://")
        }
        guard let host = components.host, !host.isEmpty else { return fail("no host") }
        guard let user = components.user?.removingPercentEncoding, !user.isEmpty else { return fail("no user") }
        var tls = TLSMode.prefer
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode" else { return fail("unknown parameter '\(item.name)' (known: sslmode)") }
            switch item.value {
            case "disable": tls = .disable
            case "allow", "prefer": tls = .prefer
            case "require", "verify-ca", "verify-full": tls = .require
            default: return fail("sslmode must be disable, prefer or require")
            }
        }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !path.contains("/") else { return fail("the path must be just the database name") }
        let database = path.removingPercentEncoding.flatMap { $0.isEmpty ? nil : $0 } ?? user
        return .success(
            DatabaseURL(
                host: host, port: components.port ?? 5432, user: user,
                password: components.password?.removingPercentEncoding,
                database: database, tls: tls))
    }

    /// `database quantum at db.example:5432 (user team)`: no password.
    public var description: String { "database \(database) at \(host):\(port) (user \(user))" }
    public var debugDescription: String { description }
    /// `dump` and reflection show the description only: no password.
    public var customMirror: Mirror { Mirror(self, children: ["description": description]) }
}
