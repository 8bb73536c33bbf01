/// Where a source is reached and with which key.
public struct SourceEndpoint: Sendable, Equatable {
    /// `scheme://host[:port][/prefix]`, no trailing slash; the source appends its documented path.
    public var baseURL: String
    public var key: String?

    public init(baseURL: String, key: String?) {
        self.baseURL = baseURL
        self.key = key
    }
}

/// What a source needs besides the query to build its request.
public struct RequestContext: Sendable {
    public var endpoint: SourceEndpoint
    /// Today's date in New York, for sources whose request depends on how recent the range is.
    public var today: TradingDate

    public init(endpoint: SourceEndpoint, today: TradingDate) {
        self.endpoint = endpoint
        self.today = today
    }
}

/// Candles decoded from one response, and the request for the next page if there is one.
public struct SourcePage: Sendable {
    /// In the order the provider sent them.
    public var candles: [Candle]
    /// The provider's own warnings (e.g. EODHD's free-plan notice).
    public var warnings: [String]
    public var next: ProviderRequest?

    public init(candles: [Candle], warnings: [String] = [], next: ProviderRequest? = nil) {
        self.candles = candles
        self.warnings = warnings
        self.next = next
    }
}

/// A classified refusal from a source: what kind, the HTTP status, and the provider's own words.
public struct SourceFailure: Error, Sendable, Equatable {
    public var outcome: Outcome
    public var status: Int?
    public var message: String
    /// How long the provider asked us to wait (`Retry-After`), or what its message implies.
    public var retryAfter: Duration?
    /// Whether asking again may give another answer: transport failures, server errors and
    /// bodies cut short may; a complete body that cannot be read will not (it only costs quota).
    public var retryable: Bool
    /// The provider says a day's (or the plan's) quota is spent: the source is out until the
    /// quota resets, not for a cool-down.
    public var quotaSpent = false
    /// The words may mean a day's quota or a per-minute limit: spent only when the source is
    /// configured with a day window (a daily plan); otherwise a cool-down.
    public var spentOnlyOnADailyPlan = false

    public init(_ outcome: Outcome, status: Int?, message: String, retryAfter: Duration? = nil) {
        self.outcome = outcome
        self.status = status
        self.message = message
        self.retryAfter = retryAfter
        self.retryable = outcome.isTransient
    }
}

/// One market-data provider: how to ask it for daily bars and how to read what it answers.
///
/// Sources are plain values with no I/O; `SourceFetcher` sends their requests.
public protocol DataSource: Sendable {
    /// What the program knows about this provider: its name, defaults and basis.
    var descriptor: ProviderDescriptor { get }
    /// The request for the first page of daily bars.
    func request(for query: BarQuery, context: RequestContext) -> ProviderRequest
    /// Decodes a response into candles, or classifies it as a failure.
    func interpret(_ response: ProviderResponse, for query: BarQuery, context: RequestContext) -> Result<
        SourcePage, SourceFailure
    >
    /// The request for the first page of one feed of `ticker`'s corporate actions, over its whole
    /// history (a basis needs every later event, and most of these endpoints ignore a range); nil
    /// when the provider has no such feed.
    func actionRequest(_ feed: ActionFeed, ticker: String, context: RequestContext) -> ProviderRequest?
    /// Decodes a response of that feed into actions as declared, or classifies it as a failure.
    func interpretActions(_ response: ProviderResponse, feed: ActionFeed, ticker: String, context: RequestContext)
        -> Result<ActionPage, SourceFailure>
}

extension DataSource {
    /// The source's registered name.
    public var id: SourceID { descriptor.id }

    /// The basis this source serves for a preference; nil when it cannot serve that basis.
    public func basis(for preference: BasisPreference) -> PriceBasis? {
        descriptor.basis(for: preference)
    }

    /// The classification every provider shares for a status its body did not explain.
    func failure(status: Int, message: String, retryAfter: Duration? = nil) -> SourceFailure {
        let outcome: Outcome =
            switch status {
            case 401, 403: .authFailed
            case 402: .unsupported
            case 404: .notFound
            case 429: .rateLimited
            case 500...599: .serverError
            default: .badResponse
            }
        return SourceFailure(outcome, status: status, message: message, retryAfter: retryAfter)
    }

    /// A body that could not be decoded: a short excerpt of what came back. Retried only when it
    /// was cut short (the reader ran out of bytes); a whole body that is wrong stays wrong.
    func undecodable(_ response: ProviderResponse, _ error: any Error) -> SourceFailure {
        let syntax = error as? JSONSyntaxError
        let message =
            HTMLPage(response.body).map { "not JSON: \($0.description(limit: 120))" }
            ?? "\(syntax.map { "expected \($0.expected) at byte \($0.offset)" } ?? "\(error)"): \(response.excerpt())"
        var failure = SourceFailure(.badResponse, status: response.status, message: message)
        failure.retryable = syntax == nil || JSONReader.isCutShort(response.body)
        return failure
    }
}

extension SourceFailure {
    /// A rate-limit answer that says the day's or the plan's quota is spent.
    static func quotaSpent(status: Int?, message: String) -> SourceFailure {
        var failure = SourceFailure(.rateLimited, status: status, message: message)
        failure.quotaSpent = true
        return failure
    }
}
