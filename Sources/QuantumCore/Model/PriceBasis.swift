/// What the open/high/low/close prices of a series are adjusted for.
public enum PriceBasis: String, Sendable, CaseIterable, Codable {
    /// As traded, no adjustment.
    case raw
    /// Adjusted for splits only.
    case split
    /// Adjusted for splits and dividends.
    case splitDividend = "split+dividend"
}

/// The basis a fetch asks for.
///
/// `raw`, `split` and `split+dividend` are computed here, the same way whichever source served
/// the bars: the bars are put back on the raw basis with the ticker's split ledger, then adjusted
/// for its splits (and cash dividends) (`PriceAdjustment`). `native` is the basis each source
/// serves as it is, what the cache holds and what a derived basis is computed from; it is not a
/// user's choice (`RequestVocabulary.basisNames` lists those).
public enum BasisPreference: String, Sendable, CaseIterable {
    case raw, split
    case splitDividend = "split+dividend"
    case native

    /// The bases a user may ask for: raw, split (the default, `RequestVocabulary.defaultBasis`), split+dividend.
    public static let requestable: [BasisPreference] = [.raw, .split, .splitDividend]

    /// The basis a result on this preference is on; nil for `native` (each source's own).
    public var derived: PriceBasis? {
        switch self {
        case .raw: .raw
        case .split: .split
        case .splitDividend: .splitDividend
        case .native: nil
        }
    }
}
