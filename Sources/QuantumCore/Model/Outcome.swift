/// What happened when a source was asked (or not asked) for a ticker. The raw values are a
/// stable contract: they appear in JSON output, recordings and exports.
public enum Outcome: String, Sendable, CaseIterable, Codable {
    case ok
    case rateLimited = "rate_limited"
    case authFailed = "auth_failed"
    case notFound = "not_found"
    case noData = "no_data"
    case unsupported
    case badResponse = "bad_response"
    case serverError = "server_error"
    case timeout
    case networkError = "network_error"
    case skippedNoKey = "skipped_no_key"
    case skippedDisabled = "skipped_disabled"
    case skippedRateLimit = "skipped_rate_limit"
    case skippedCircuitOpen = "skipped_circuit_open"
    case cancelled
    /// Not asked: the provider does not carry listings on the ticker's exchange (Polygon is US
    /// only), or how it spells them is not known.
    case skippedListing = "skipped_listing"

    /// Whether a request was actually sent for this outcome.
    public var sentRequest: Bool {
        switch self {
        case .skippedNoKey, .skippedDisabled, .skippedRateLimit, .skippedCircuitOpen, .cancelled, .skippedListing: false
        default: true
        }
    }

    /// Failures of the transport or the server, worth retrying at the same source.
    public var isTransient: Bool {
        switch self {
        case .serverError, .timeout, .networkError, .badResponse: true
        default: false
        }
    }
}
