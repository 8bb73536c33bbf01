import QuantumCore

/// One provider's wire format, as the simulator speaks it: its success body for the market's
/// candles and its own words for every failure the simulator can produce.
protocol ProviderWire: Sendable {
    var id: SourceID { get }
    /// Whether the request is for this provider's daily-bar endpoint.
    func matches(_ request: ServerRequest) -> Bool
    /// The API key the request carries, if any.
    func key(of request: ServerRequest) -> String?
    /// Answers from the market (a not-found or empty answer when the ticker is unknown).
    func serve(_ request: ServerRequest, market: Market, baseURL: String) -> ServerResponse
    func missingKey(_ request: ServerRequest) -> ServerResponse
    func rateLimited(_ request: ServerRequest, retryAfter seconds: Int) -> ServerResponse
    func authFailed(_ request: ServerRequest) -> ServerResponse
    func notFound(_ request: ServerRequest) -> ServerResponse
    func empty(_ request: ServerRequest) -> ServerResponse
    func premium(_ request: ServerRequest) -> ServerResponse
}

extension ProviderWire {
    func serverError(_ status: Int = 500) -> ServerResponse {
        let reason = [500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"][status] ?? "Error"
        return ServerResponse(
            status: status, contentType: "text/html",
            "<html><head><title>\(status) \(reason)</title></head><body><center><h1>\(status) \(reason)</h1></center><"
                + "hr><center>nginx</center></body></html>"
        )
    }

    static func json(_ status: Int, _ text: String, headers: [(name: String, value: String)] = []) -> ServerResponse {
        ServerResponse(
            status: status, headers: [("Content-Type", "application/json")] + headers, body: Array(text.utf8))
    }

    /// A request-derived id, so the same request gives the same bytes.
    static func requestID(_ request: ServerRequest) -> String {
        let seed = SplitMix64.seed(
            request.path + "?" + request.query.map { "\($0.name)=\($0.value)" }.joined(separator: "&"))
        let hex = String(seed, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex + String(hex.reversed())
    }

    /// A date query item, or the fallback.
    static func date(_ request: ServerRequest, _ name: String) -> TradingDate? {
        request.query(name).flatMap { TradingDate($0) }
    }
}

/// Number text as providers write it: integral values without a fraction where the provider
/// does so, otherwise the shortest round-trip form.
enum WireNumber {
    static func plain(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// Always a fraction: `63896155.0`, `130.26`.
    static func double(_ value: Double) -> String {
        String(value)
    }

    /// Alpha Vantage's four-decimal strings: `"175.0000"`.
    static func fixed4(_ value: Double) -> String {
        let scaled = Int64((abs(value) * 10_000).rounded())
        let fraction = String(scaled % 10_000)
        return (value < 0 ? "-" : "") + "\(scaled / 10_000)." + String(repeating: "0", count: 4 - fraction.count)
            + fraction
    }
}
