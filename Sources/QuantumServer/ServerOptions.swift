/// How `quantum serve` listens and what it allows. The defaults are safe: loopback only, bounded
/// queue, URL, body and batch sizes.
public struct ServerOptions: Sendable {
    public var host = "127.0.0.1"
    /// 0 picks a free port.
    public var port = 8000
    /// Required of every client (but for `/`, `/healthz` and `/openapi.json`) when set; the server
    /// refuses to bind beyond loopback without one.
    public var token: BearerToken?
    /// Requests doing fetch work (candles, stock, batch) at once; past it, 429 with `Retry-After`.
    public var maxQueue = 512
    /// Seconds a client turned away is told to wait (`Retry-After`).
    public var retryAfterSeconds = 1
    /// The longest request target (path and query) in bytes; longer is 414.
    public var maxURLBytes = 2_048
    /// The largest request body in bytes; larger is 413.
    public var maxBodyBytes = 64 * 1_024
    /// Tickers one batch may ask for; more is 400.
    public var maxBatchTickers = 1_000
    /// How long requests in flight may take to finish after SIGTERM/SIGINT before they are cancelled.
    public var shutdownTimeout: Duration = .seconds(3)
    /// The longest a request waits for a provider's rate-limit slot (a request's `max_wait` may
    /// ask for less); when every source it may use is busy for longer, it is 503 at once, with
    /// `Retry-After` saying when a slot frees.
    public var maxWait: Duration = .seconds(30)
    /// The most seconds `maxWait` (and a request's `max_wait`) may be.
    public static let maxWaitLimitSeconds = 3_600
    /// How long a source whose key the provider refused (401/403) is set aside before it is asked
    /// again (`POST /v1/sources/{source}/enable` asks it again at once).
    public var keyRefusalCoolDown: Duration = .seconds(600)
    /// How long a source's "not found" for a ticker is believed: the source is not asked for that
    /// ticker again meanwhile (`UnknownTickers`).
    public var unknownTickerLifetime: Duration = .seconds(3_600)
    /// A connection that sends nothing for this long — a request head or body not finished, or a
    /// keep-alive connection between requests — is closed (a response being worked on is not).
    public var clientTimeout: Duration = .seconds(10)
    /// Connections open at once; a further one is closed as soon as it is accepted.
    public var maxConnections = 4_096
    /// The most bytes a request's headers may take, in all and each; past it, 431.
    public static let maxHeaderBytes = 80 * 1024
    /// The most header fields a request may have; past it, 431.
    public static let maxHeaderFields = 1_000
    /// Origins whose pages may call the API (CORS, preflight answered); none by default, when
    /// only the server's own page may.
    public var corsOrigins: [String] = []

    public init(host: String = "127.0.0.1", port: Int = 8000, token: BearerToken? = nil) {
        self.host = host
        self.port = port
        self.token = token
    }

    /// Whether `host` names this machine only: `localhost`, `127.0.0.0/8` or `::1`.
    public static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased()
        return h == "localhost" || h == "::1" || h == "[::1]" || h.hasPrefix("127.")
    }

    /// Why these options cannot start a server (one line), or nil.
    public var refusal: String? {
        if !Self.isLoopback(host), token == nil {
            return "refusing to listen on \(host) without a token: set QUANTUM_SERVE_TOKEN or pass --token-file PATH "
                + "(or listen on 127.0.0.1)"
        }
        if !(0...65_535).contains(port) { return "--port expects 0 to 65535, got \(port)" }
        return nil
    }
}
