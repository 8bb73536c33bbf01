/// The same range from several sources, on one basis, and where they disagree: the
/// cross-source agreement check.
public struct Comparison: Sendable {
    /// One source's part.
    public struct Side: Sendable {
        public var source: SourceID
        /// The basis it served; nil when it served nothing.
        public var basis: PriceBasis?
        public var bars: Int
        /// Why it was not compared, or how it was normalised (split factors found).
        public var note: String?
        /// Its fetch's warnings: where its own adjustment disagrees with the corporate-action
        /// ledger (a missed split, a dividend applied twice), the sources' disagreements about
        /// the events, and the like.
        public var warnings: [String] = []
    }

    /// A day two sources disagree on beyond the tolerance.
    public struct Disagreement: Sendable, Equatable {
        public var date: TradingDate
        /// `close` or `volume`.
        public var field: String
        public var reference: Double
        public var source: SourceID
        public var value: Double
        /// |value − reference| / reference.
        public var difference: Double
    }

    /// A trading day only some of the sources have.
    public struct Lone: Sendable, Equatable {
        public var date: TradingDate
        public var sources: [SourceID]
    }

    public var ticker: String
    public var from: TradingDate
    public var to: TradingDate
    /// What the values are compared on (the reference's basis).
    public var basis: PriceBasis?
    /// The first source that served bars on that basis; the others are compared with it.
    public var reference: SourceID?
    public var sides: [Side]
    public var disagreements: [Disagreement]
    public var lone: [Lone]
    /// Days every compared source has and agrees on.
    public var agreeing: Int
    /// Sources whose bars were compared (those that served bars). Below two nothing was judged.
    public var compared = 0
    /// Relative tolerances: close, volume.
    public var tolerance: (close: Double, volume: Double)
    /// The fetches behind it, each pinned to its source.
    public var results: [FetchResult]

    /// Cancelled (Ctrl-C) before every source answered: no day was judged, so `agreeing`,
    /// `disagreements` and `lone` are empty and say nothing about the sources.
    public var cancelled: Bool { results.contains(where: \.wasCancelled) }

    /// Whether days were judged at all: not cancelled, and at least two sources served bars
    /// (one source agrees with nothing).
    public var judged: Bool { !cancelled && compared >= 2 }
}
