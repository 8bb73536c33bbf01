/// Why no source served a ticker: typed, with one sentence for people.
public struct FetchFailure: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// No source is configured for the request (every one disabled, or none pinned).
        case noSource
        /// Cancelled before any source answered, or before the rest of a partly cached range came.
        case cancelled
        /// Every source consulted was skipped or failed; the last one that answered said this.
        case exhausted(last: SourceID?, outcome: Outcome?)
    }

    public var kind: Kind
    /// "no source could serve AAPL: last, SOURCE said not_found (404 "…"); attempts: …"
    public var message: String

    public init(_ kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }
}

/// How the price basis served differs from the one the preferred source serves for the request
/// (a fallback from a split-adjusted source to one serving raw prices, say).
public struct BasisChange: Sendable, Equatable, CustomStringConvertible {
    /// The first source in priority order that can serve the request, and the basis it serves.
    public var preferred: SourceID
    public var expected: PriceBasis
    /// The source that served, and its basis.
    public var source: SourceID
    public var served: PriceBasis

    public init(preferred: SourceID, expected: PriceBasis, source: SourceID, served: PriceBasis) {
        self.preferred = preferred
        self.expected = expected
        self.source = source
        self.served = served
    }

    /// "FIRST (preferred) serves split prices; these are raw, from OTHER"
    public var description: String {
        "\(preferred.rawValue) (preferred) serves \(expected.rawValue) prices; these are \(served.rawValue), from \(source.rawValue)"
    }
}
