/// What one layer of configuration says (the file, the environment or the command line); every
/// field is optional and a later layer overrides an earlier one field by field.
public struct SettingsLayer: Sendable, Equatable {
    public struct SourcePatch: Sendable, Equatable {
        public var key: String?
        public var baseURL: String?
        public var priority: Int?
        public var limits: [RateWindow]?
        public var enabled: Bool?

        public init(
            key: String? = nil, baseURL: String? = nil, priority: Int? = nil, limits: [RateWindow]? = nil,
            enabled: Bool? = nil
        ) {
            self.key = key
            self.baseURL = baseURL
            self.priority = priority
            self.limits = limits
            self.enabled = enabled
        }
    }

    public var requestTimeout: Duration?
    public var cacheMaxAge: Duration?
    public var cacheAdjustedMaxAge: Duration?
    /// `QUANTUM_DATABASE_URL` / `database_url`: the team's PostgreSQL database.
    public var databaseURL: DatabaseURL?
    /// A full priority order; sources left out keep their relative order after the named ones.
    public var order: [SourceID]?
    public var sources: [SourceID: SourcePatch]

    public init(requestTimeout: Duration? = nil, order: [SourceID]? = nil, sources: [SourceID: SourcePatch] = [:]) {
        self.requestTimeout = requestTimeout
        self.order = order
        self.sources = sources
    }
}

/// A configuration mistake, located: `config.toml:7: …` or `PREFIX_LIMITS: …`.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var location: String
    public var message: String

    public init(_ location: String, _ message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message)" }
}

extension Settings {
    /// These settings with a layer applied on top.
    public func applying(_ layer: SettingsLayer) -> Settings {
        var result = self
        if let timeout = layer.requestTimeout { result.requestTimeout = timeout }
        if let age = layer.cacheMaxAge { result.cachePolicy.recentMaxAge = age }
        if let age = layer.cacheAdjustedMaxAge { result.cachePolicy.adjustedMaxAge = age }
        if let url = layer.databaseURL { result.databaseURL = url }
        if let order = layer.order {
            let rest = result.sources.map(\.id).filter { !order.contains($0) }
            for (index, id) in (order + rest).enumerated() {
                if let i = result.sources.firstIndex(where: { $0.id == id }) { result.sources[i].priority = index + 1 }
            }
        }
        for (id, patch) in layer.sources {
            guard let i = result.sources.firstIndex(where: { $0.id == id }) else { continue }
            if let key = patch.key { result.sources[i].key = key }
            if let url = patch.baseURL { result.sources[i].baseURL = url }
            if let priority = patch.priority { result.sources[i].priority = priority }
            if let limits = patch.limits { result.sources[i].limits = limits }
            if let enabled = patch.enabled { result.sources[i].enabled = enabled }
        }
        result.sources.sort { ($0.priority, $0.id) < ($1.priority, $1.id) }
        return result
    }

    /// Resolves the configuration: defaults, then the file (`$QUANTUM_CONFIG`, else
    /// `$XDG_CONFIG_HOME/quantum/config.toml`), then the environment, then the command line.
    public static func resolve(environment: [String: String], commandLine: SettingsLayer = SettingsLayer())
        throws(ConfigError) -> Settings
    {
        var settings = Settings.defaults
        if let file = try ConfigFile.locate(environment: environment) {
            settings = settings.applying(try ConfigFile.read(path: file))
            settings.configFile = file
        }
        return settings.applying(try EnvironmentSettings.layer(environment)).applying(commandLine)
    }
}
