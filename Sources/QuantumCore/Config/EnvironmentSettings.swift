import Foundation

/// Reads `PREFIX_API_KEY`, `PREFIX_BASE_URL`, `PREFIX_LIMITS` and `PREFIX_ENABLED` for each
/// registered source's environment prefix, `QUANTUM_SOURCES`, `QUANTUM_REQUEST_TIMEOUT` and
/// `QUANTUM_DATABASE_URL`.
/// Empty variables count as unset.
public enum EnvironmentSettings {
    public static func layer(_ environment: [String: String]) throws(ConfigError) -> SettingsLayer {
        func value(_ name: String) -> String? {
            guard let v = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else {
                return nil
            }
            return v
        }
        var layer = SettingsLayer()
        if let text = value("QUANTUM_REQUEST_TIMEOUT") {
            guard let timeout = SettingValues.duration(text) else {
                throw ConfigError("QUANTUM_REQUEST_TIMEOUT", "expected a duration such as 15s or 500ms, got '\(text)'")
            }
            layer.requestTimeout = timeout
        }
        for (name, path) in [
            ("QUANTUM_CACHE_MAX_AGE", \SettingsLayer.cacheMaxAge),
            ("QUANTUM_CACHE_ADJUSTED_MAX_AGE", \SettingsLayer.cacheAdjustedMaxAge),
        ] {
            guard let text = value(name) else { continue }
            guard let age = SettingValues.duration(text) else {
                throw ConfigError(name, "expected a duration such as 1h or 30m, got '\(text)'")
            }
            layer[keyPath: path] = age
        }
        if let text = value("QUANTUM_DATABASE_URL") {
            switch DatabaseURL.parse(text) {
            case .success(let url): layer.databaseURL = url
            case .failure(let error): throw ConfigError("QUANTUM_DATABASE_URL", error.message)
            }
        }
        if let text = value("QUANTUM_SOURCES") {
            guard let order = SettingValues.order(text) else {
                throw ConfigError(
                    "QUANTUM_SOURCES",
                    "expected source names from \(ProviderRegistry.names.joined(separator: ", ")), got '\(text)'")
            }
            layer.order = order
        }
        for provider in ProviderRegistry.descriptors {
            let prefix = provider.environmentPrefix
            var patch = SettingsLayer.SourcePatch()
            patch.key = value("\(prefix)_API_KEY")
            if let text = value("\(prefix)_BASE_URL") {
                guard let url = SettingValues.baseURL(text) else {
                    throw ConfigError("\(prefix)_BASE_URL", "expected scheme://host[:port][/prefix], got '\(text)'")
                }
                patch.baseURL = url
            }
            if let text = value("\(prefix)_LIMITS") {
                guard let limits = RateWindow.list(text) else {
                    throw ConfigError("\(prefix)_LIMITS", "expected limits such as 5/min,25/day, got '\(text)'")
                }
                patch.limits = limits
            }
            if let text = value("\(prefix)_ENABLED") {
                guard let enabled = SettingValues.bool(text) else {
                    throw ConfigError("\(prefix)_ENABLED", "expected true or false, got '\(text)'")
                }
                patch.enabled = enabled
            }
            if patch != SettingsLayer.SourcePatch() { layer.sources[provider.id] = patch }
        }
        return layer
    }
}
