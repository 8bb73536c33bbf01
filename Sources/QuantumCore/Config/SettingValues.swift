import Foundation

/// Parsers for the textual forms settings take, shared by the file, the environment and commands.
public enum SettingValues {
    /// A whole number written only with ASCII digits (`5`, `0042`), nil for anything else: no
    /// sign (`+5`, `-1`), space or underscore is read as part of a number typed by a person.
    public static func wholeNumber(_ text: some StringProtocol) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return nil
        }
        return Int(text)
    }

    /// `15s`, `500ms`, `2m`, `1.5s`, or a bare number of seconds; at most `maxDuration` (longer
    /// is not a duration anything here waits for, and would overflow).
    public static func duration(_ text: String) -> Duration? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("min", 60), ("h", 3600)]
        var scale = 1.0
        var number = Substring(t)
        if let (suffix, unit) = units.sorted(by: { $0.0.count > $1.0.count }).first(where: { t.hasSuffix($0.0) }) {
            scale = unit
            number = t.dropLast(suffix.count)
        }
        guard let value = Double(number), value > 0, value.isFinite else { return nil }
        let milliseconds = (value * scale * 1000).rounded()
        guard milliseconds >= 1, milliseconds <= maxDuration else { return nil }
        return .milliseconds(Int(milliseconds))
    }

    /// The longest duration `duration` reads, in milliseconds: a year.
    public static let maxDuration = 365.0 * 86_400_000

    /// The short form `duration` reads back: `300ms`, `2s`, `1.5s`, `90s`.
    public static func text(_ duration: Duration) -> String {
        let ms = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        if ms % 1000 != 0 && ms < 1000 { return "\(ms)ms" }
        if ms % 1000 == 0 { return "\(ms / 1000)s" }
        return "\(Double(ms) / 1000)s"
    }

    /// `scheme://host[:port][/prefix]` over http or https, returned without a trailing slash.
    public static func baseURL(_ text: String) -> String? {
        var url = text.trimmingCharacters(in: .whitespaces)
        while url.hasSuffix("/") { url.removeLast() }
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
            components.query == nil, components.fragment == nil, components.user == nil
        else { return nil }
        return url
    }

    public static func bool(_ text: String) -> Bool? {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "1", "true", "yes", "on": true
        case "0", "false", "no", "off": false
        default: nil
        }
    }

    /// `NAME,NAME,…`: registered source names, each once.
    public static func order(_ text: String) -> [SourceID]? {
        var ids: [SourceID] = []
        for name in text.split(separator: ",") {
            guard let id = SourceID(rawValue: name.trimmingCharacters(in: .whitespaces).lowercased()), !ids.contains(id)
            else { return nil }
            ids.append(id)
        }
        return ids.isEmpty ? nil : ids
    }
}
