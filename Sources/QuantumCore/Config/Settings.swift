/// How one source is set up: key, endpoint, priority, limits, and whether it is used at all.
public struct SourceSettings: Sendable, Equatable {
    public var id: SourceID
    public var key: String?
    public var baseURL: String
    /// Lower is tried first.
    public var priority: Int
    public var limits: [RateWindow]
    public var enabled: Bool

    public init(
        id: SourceID, key: String? = nil, baseURL: String, priority: Int, limits: [RateWindow], enabled: Bool = true
    ) {
        self.id = id
        self.key = key
        self.baseURL = baseURL
        self.priority = priority
        self.limits = limits
        self.enabled = enabled
    }
}

/// The resolved configuration: command line over environment over file over defaults.
public struct Settings: Sendable, Equatable {
    /// In priority order.
    public var sources: [SourceSettings]
    public var requestTimeout: Duration
    /// How long cached bars are trusted.
    public var cachePolicy = CachePolicy()
    /// The configuration file that was read, if any.
    public var configFile: String?
    /// The PostgreSQL database a team shares (candle store and quota ledger); nil: SQLite files
    /// on this machine.
    public var databaseURL: DatabaseURL?

    public static let defaultRequestTimeout: Duration = .seconds(15)

    /// Every registered source in the registry's order, with its default host and limits and no key.
    public static let defaults = Settings(
        sources: ProviderRegistry.descriptors.enumerated().map { index, provider in
            SourceSettings(
                id: provider.id, baseURL: provider.defaultBaseURL, priority: index + 1, limits: provider.defaultLimits)
        },
        requestTimeout: defaultRequestTimeout,
        configFile: nil
    )

    public subscript(id: SourceID) -> SourceSettings? {
        sources.first { $0.id == id }
    }

    /// Every configured key, for the redactor.
    public var secrets: [String] { sources.compactMap(\.key) + [databaseURL?.password].compactMap { $0 } }

    /// Whether any source has a key.
    public var hasAnyKey: Bool { sources.contains { $0.key != nil } }
}

extension Settings {
    /// The sources as the orchestrator uses them, in priority order.
    public var configuredSources: [ConfiguredSource] {
        sources.map { settings in
            ConfiguredSource(
                source: dataSource(for: settings.id),
                endpoint: SourceEndpoint(baseURL: settings.baseURL, key: settings.key),
                enabled: settings.enabled
            )
        }
    }
}
