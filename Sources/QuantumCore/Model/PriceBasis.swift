/// What the open/high/low/close prices of a series are adjusted for.
public enum PriceBasis: String, Sendable, CaseIterable, Codable {
    /// As traded, no adjustment.
    case raw
    /// Adjusted for splits only.
    case split
    /// Adjusted for splits and dividends.
    case splitDividend = "split+dividend"
}

/// The basis a user asks for: one in particular, or whatever each source serves natively.
///
/// `split+dividend` is computed here, the same way whichever source served the bars: the bars
/// are put back on the raw basis with the ticker's split ledger, then adjusted for its splits and
/// cash dividends (`PriceAdjustment`).
public enum BasisPreference: String, Sendable, CaseIterable {
    case raw, split
    case splitDividend = "split+dividend"
    case any
}
