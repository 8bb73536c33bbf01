import Foundation
import TOMLKit

/// The TOML configuration file:
///
/// ```toml
/// request_timeout = "15s"
/// cache_max_age = "1h"            # how long the bar of the fetch day itself is trusted
/// cache_adjusted_max_age = "24h"  # how long a ticker's corporate actions (and a vendor's own adjusted series) are trusted
/// order = ["NAME", …]            # registered source names, first tried first
/// database_url = "postgres://user:pass@host:5432/db"  # a team's shared cache and quota ledger
///
/// [sources.NAME]
/// key = "…"
/// base_url = "https://…"
/// priority = 1
/// limits = "5/min"          # or ["5/min", "100/day"]; "none" or [] for no limit
/// enabled = true
/// ```
///
/// Every mistake is reported as `file:line: what is wrong`.
public enum ConfigFile {
    /// `$QUANTUM_CONFIG` (which must exist), else `$XDG_CONFIG_HOME/quantum/config.toml` if present.
    public static func locate(environment: [String: String]) throws(ConfigError) -> String? {
        if let explicit = environment["QUANTUM_CONFIG"], !explicit.isEmpty {
            guard FileManager.default.fileExists(atPath: explicit) else {
                throw ConfigError("QUANTUM_CONFIG", "no such file: \(explicit)")
            }
            return explicit
        }
        let base =
            environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["HOME"].map { $0 + "/.config" }
        guard let base else { return nil }
        let path = base + "/quantum/config.toml"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    public static func read(path: String) throws(ConfigError) -> SettingsLayer {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(path, "cannot read the file: \(error.localizedDescription)")
        }
        return try parse(text, path: path)
    }

    public static func parse(_ text: String, path: String) throws(ConfigError) -> SettingsLayer {
        // Line numbers count LF lines; a file written on Windows (CRLF) reads the same.
        let text = text.replacingOccurrences(of: "\r\n", with: "\n")
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError("\(path):\(error.source.begin.line)", error.description)
        } catch {
            throw ConfigError(path, "\(error)")
        }
        let locate = { (table: String?, key: String) in "\(path):\(line(of: key, inTable: table, text: text) ?? 1)" }
        var layer = SettingsLayer()
        for key in root.keys {
            guard let value = root[key] else { continue }
            switch key {
            case "request_timeout", "cache_max_age", "cache_adjusted_max_age":
                let text = value.string ?? value.int.map(String.init) ?? value.double.map { String($0) }
                guard let text, let duration = SettingValues.duration(text) else {
                    throw ConfigError(
                        locate(nil, key), "\(key): expected a duration such as \"15s\", \"10m\" or \"24h\"")
                }
                switch key {
                case "request_timeout": layer.requestTimeout = duration
                case "cache_max_age": layer.cacheMaxAge = duration
                default: layer.cacheAdjustedMaxAge = duration
                }
            case "database_url":
                guard let text = value.string else {
                    throw ConfigError(locate(nil, key), "database_url: expected a string such as \"postgres://…\"")
                }
                switch DatabaseURL.parse(text) {
                case .success(let url): layer.databaseURL = url
                case .failure(let error): throw ConfigError(locate(nil, key), "database_url: \(error.message)")
                }
            case "order":
                let names = value.array?.compactMap(\.string).joined(separator: ",") ?? value.string
                guard let names, let order = SettingValues.order(names) else {
                    throw ConfigError(locate(nil, key), "order: expected a list of source names, each once")
                }
                layer.order = order
            case "sources":
                guard let sources = value.table else {
                    throw ConfigError(
                        locate(nil, key), "sources: expected a table such as [sources.\(ProviderRegistry.names[0])]")
                }
                for name in sources.keys {
                    guard let id = SourceID(rawValue: name) else {
                        throw ConfigError(
                            "\(path):\(line(ofTable: "sources.\(name)", text: text) ?? 1)",
                            "unknown source '\(name)' (known: \(ProviderRegistry.names.joined(separator: ", ")))")
                    }
                    guard let table = sources[name]?.table else {
                        throw ConfigError(locate("sources", name), "sources.\(name): expected a table")
                    }
                    layer.sources[id] = try patch(table, id: id) { key in locate("sources.\(name)", key) }
                }
            default:
                throw ConfigError(
                    locate(nil, key),
                    "unknown setting '\(key)' (known: request_timeout, cache_max_age, cache_adjusted_max_age, database_url, order, sources)"
                )
            }
        }
        return layer
    }

    private static func patch(_ table: TOMLTable, id: SourceID, locate: (String) -> String) throws(ConfigError)
        -> SettingsLayer.SourcePatch
    {
        var patch = SettingsLayer.SourcePatch()
        for key in table.keys {
            guard let value = table[key] else { continue }
            let at = locate(key)
            switch key {
            case "key":
                guard let v = value.string else { throw ConfigError(at, "key: expected a string") }
                patch.key = v.isEmpty ? nil : v
            case "base_url":
                guard let v = value.string, let url = SettingValues.baseURL(v) else {
                    throw ConfigError(at, "base_url: expected \"scheme://host[:port][/prefix]\"")
                }
                patch.baseURL = url
            case "priority":
                guard let v = value.int, v >= 0 else {
                    throw ConfigError(at, "priority: expected a whole number (1 is tried first)")
                }
                patch.priority = v
            case "limits":
                // An empty list, like "none", is no limit.
                let text =
                    value.array.map { $0.isEmpty ? "none" : $0.compactMap(\.string).joined(separator: ",") }
                    ?? value.string
                guard let text, let limits = RateWindow.list(text) else {
                    throw ConfigError(at, "limits: expected limits such as \"5/min,25/day\" or [\"5/min\", \"25/day\"]")
                }
                patch.limits = limits
            case "enabled":
                guard let v = value.bool else { throw ConfigError(at, "enabled: expected true or false") }
                patch.enabled = v
            default:
                throw ConfigError(
                    at, "unknown setting '\(key)' for \(id.rawValue) (known: key, base_url, priority, limits, enabled)")
            }
        }
        return patch
    }

    /// The 1-based line where `key = …` is set inside `[table]` (nil table: before any header).
    static func line(of key: String, inTable table: String?, text: String) -> Int? {
        var current: String?
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                current = header(line)
                continue
            }
            guard current == table else { continue }
            let name = line.split(separator: "=", maxSplits: 1).first?.trimmingCharacters(in: .whitespaces) ?? ""
            if name == key || name == "\"\(key)\"" { return index + 1 }
            // A dotted key such as `NAME.key = …` under [sources].
            if let table, name == "\(table.split(separator: ".").last ?? "").\(key)" { return index + 1 }
        }
        return table.flatMap { line(ofTable: $0, text: text) }
    }

    /// The 1-based line of the `[table]` header.
    static func line(ofTable table: String, text: String) -> Int? {
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where header(raw.trimmingCharacters(in: .whitespaces)) == table {
            return index + 1
        }
        return nil
    }

    private static func header(_ line: String) -> String? {
        guard line.hasPrefix("["), let end = line.firstIndex(of: "]") else { return nil }
        return line[line.index(after: line.startIndex)..<end].replacingOccurrences(of: " ", with: "")
    }
}
