/// The shared database could not be reached or answered with an error: at start (quantum exits
/// with status 3 after one line saying this) or mid-batch (new grants fail closed with this
/// reason). The text names host, port and database, never the password.
public struct DatabaseUnavailable: Error, Sendable, CustomStringConvertible {
    public var url: DatabaseURL
    /// What went wrong, as the server or the connection said it.
    public var reason: String

    public init(_ url: DatabaseURL, reason: String) {
        self.url = url
        self.reason = reason
    }

    public var description: String { "cannot use the PostgreSQL \(url): \(reason)" }
}
