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

    public init(source: SourceID, outcome: Outcome, status: Int? = nil, message: String? = nil, milliseconds: Int = 0) {
        self.source = source
        self.outcome = outcome
        self.status = status
        self.message = message
        self.milliseconds = milliseconds
    }
}
