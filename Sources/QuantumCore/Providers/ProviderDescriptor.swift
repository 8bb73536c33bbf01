/// Everything the rest of the program knows about one provider, declared once in the provider's
/// own folder and listed in `ProviderRegistry`.
///
/// A class, immutable: every fetch asks a source's descriptor several times over (whether it
/// carries a listing, the basis it serves), and passing one on is a single reference count, not
/// a copy of its strings, limits and closures.
public final class ProviderDescriptor: Sendable, CustomStringConvertible {
    /// The name users type and scripts depend on (`--source NAME`, `[sources.NAME]`).
    public let id: SourceID
    /// The provider's name as people write it.
    public let displayName: String
    /// The prefix of its environment variables: `PREFIX_API_KEY`, `PREFIX_BASE_URL`,
    /// `PREFIX_LIMITS`, `PREFIX_ENABLED`.
    public let environmentPrefix: String
    /// The provider's own host, `scheme://host`; the adapter appends its documented path.
    public let defaultBaseURL: String
    /// The limits of a documented plan (its free one), used until configured otherwise.
    public let defaultLimits: [RateWindow]
    /// The plan `defaultLimits` are, as `limits` and `sources` name it (`free plan`).
    public let defaultPlan: String
    /// The bases it can serve; the first is what it serves when any basis will do.
    public let bases: [PriceBasis]
    /// The query parameter that carries the API key.
    public let keyParameter: String
    /// The provider's symbol for a listing (`BRK.B`, `VOD.LSE` as users write them); nil when the
    /// provider does not carry listings on that exchange, or how it spells them is not known
    /// (see `Listing`). Such a source is not asked.
    private let spell: @Sendable (Listing) -> String?
    /// The most daily bars one request answers (older ones are silently left out); longer
    /// ranges are asked for in several requests. Nil when a request answers any range whole.
    public let maxBarsPerRequest: Int?
    private let makeSource: @Sendable () -> any DataSource

    /// Declares a provider; `name` becomes its `SourceID` once the registry lists the descriptor.
    public init(
        name: String, displayName: String, environmentPrefix: String, defaultBaseURL: String,
        defaultLimits: [RateWindow], defaultPlan: String,
        bases: [PriceBasis], keyParameter: String,
        symbol: @escaping @Sendable (Listing) -> String? = { $0.isUS ? $0.base : nil },
        maxBarsPerRequest: Int? = nil, source: @escaping @Sendable () -> any DataSource
    ) {
        id = SourceID(declaring: name)
        self.displayName = displayName
        self.environmentPrefix = environmentPrefix
        self.defaultBaseURL = defaultBaseURL
        self.defaultLimits = defaultLimits
        self.defaultPlan = defaultPlan
        self.bases = bases
        self.keyParameter = keyParameter
        self.spell = symbol
        self.maxBarsPerRequest = maxBarsPerRequest
        makeSource = source
    }

    public var description: String { id.rawValue }

    /// The provider's symbol for a ticker as users write it (`BRK.B`, `VOD.LSE`); nil when the
    /// provider is not asked for that listing.
    public func symbol(_ ticker: String) -> String? {
        spell(Listing(ticker: ticker))
    }

    /// Whether the provider is asked for the listing (it has a symbol for it). A fetch parses its
    /// ticker once (`FetchRequest.listing`) and asks this of every source, several times over.
    public func serves(_ listing: Listing) -> Bool {
        spell(listing) != nil
    }

    /// The plan `limits` are, when they are the defaults: `free plan; set EODHD_LIMITS for a paid
    /// one`; nil for limits configured otherwise.
    public func plan(of limits: [RateWindow]) -> String? {
        limits == defaultLimits ? "\(defaultPlan); set \(environmentPrefix)_LIMITS for a paid one" : nil
    }

    /// A new adapter for this provider.
    public func source() -> any DataSource {
        makeSource()
    }

    /// The basis served for a preference; nil when the provider cannot serve that basis.
    public func basis(for preference: BasisPreference) -> PriceBasis? {
        switch preference {
        case .native: bases.first
        case .raw: bases.contains(.raw) ? .raw : nil
        case .split: bases.contains(.split) ? .split : nil
        // Derived here from whatever the source serves.
        case .splitDividend: bases.first
        }
    }
}
