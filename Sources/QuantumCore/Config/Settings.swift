/// How one source is set up: key, endpoint, priority, limits, and whether it is used at all.
public struct SourceSettings: Sendable, Equatable {
    public var id: SourceID
    public var key: String?
    public var baseURL: String
    /// Lower is tried first.
    public var priority: Int
    public var limits: [RateWindow]
    public var enabled: Bool

    public init(id: SourceID, key: String? = nil, baseURL: String, priority: Int, limits: [RateWindow], enabled: Bool = true) {
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

    public static let defaultRequestTimeout: Duration = .seconds(15)

    /// The seed's defaults: polygon, fmp, alphavantage, eodhd, no keys, the providers' own hosts.
    public static let defaults = Settings(
        sources: [
            SourceSettings(id: .polygon, baseURL: PolygonSource.defaultBaseURL, priority: 1, limits: [RateWindow(count: 5, length: .seconds(60))]),
            SourceSettings(id: .fmp, baseURL: FMPSource.defaultBaseURL, priority: 2, limits: [RateWindow(count: 300, length: .seconds(60))]),
            SourceSettings(
                id: .alphavantage, baseURL: AlphaVantageSource.defaultBaseURL, priority: 3,
                limits: [RateWindow(count: 5, length: .seconds(60)), RateWindow(count: 25, length: .seconds(86_400))]),
            SourceSettings(id: .eodhd, baseURL: EODHDSource.defaultBaseURL, priority: 4, limits: [RateWindow(count: 20, length: .seconds(60))]),
        ],
        requestTimeout: defaultRequestTimeout,
        configFile: nil
    )

    public subscript(id: SourceID) -> SourceSettings? {
        sources.first { $0.id == id }
    }

    /// Every configured key, for the redactor.
    public var secrets: [String] { sources.compactMap(\.key) }

    /// Whether any source has a key.
    public var hasAnyKey: Bool { sources.contains { $0.key != nil } }
}

/// The adapter for a source name.
public func dataSource(for id: SourceID) -> any DataSource {
    switch id {
    case .polygon: PolygonSource()
    case .fmp: FMPSource()
    case .alphavantage: AlphaVantageSource()
    case .eodhd: EODHDSource()
    }
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
