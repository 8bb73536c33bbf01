/// One try at one source for one ticker, successful or not.
public struct Attempt: Sendable, Equatable {
    public var source: SourceID
    public var outcome: Outcome
    /// The HTTP status, when a response arrived.
    public var status: Int?
    /// The provider's own words (redacted of keys), or ours when it said nothing.
    public var message: String?
    /// Wall time of the attempt, all pages included.
    public var milliseconds: Int
    /// Served from the local cache: no request was sent.
    public var fromCache = false

    public init(source: SourceID, outcome: Outcome, status: Int? = nil, message: String? = nil, milliseconds: Int = 0) {
        self.source = source
        self.outcome = outcome
        self.status = status
        self.message = message
        self.milliseconds = milliseconds
    }
}

extension Attempt {
    /// The message of the attempt a full cache hit records.
    public static let fromCacheMessage = "from the local cache: no request sent"

    /// The one attempt of a result served wholly from the cache named `cacheName` (see
    /// `CandleStore.cacheName`).
    public static func cacheHit(_ source: SourceID, from cacheName: String = "the local cache") -> Attempt {
        let message = cacheName == "the local cache" ? fromCacheMessage : "from \(cacheName): no request sent"
        var attempt = Attempt(source: source, outcome: .ok, message: message)
        attempt.fromCache = true
        return attempt
    }
}
