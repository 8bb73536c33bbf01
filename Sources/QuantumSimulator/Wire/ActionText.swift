import Foundation

/// Text of the corporate-action feeds: JSON objects with members in a set order, fixed decimals,
/// ids.
enum ActionText {
    /// `value` rounded to `places` decimals.
    static func rounded(_ value: Double, _ places: Int) -> Double {
        let scale = Foundation.pow(10, Double(places))
        return (value * scale).rounded() / scale
    }

    /// Exactly `places` decimals: `"4.000000"`.
    static func fixed(_ value: Double, _ places: Int) -> String {
        String(format: "%.\(places)f", value)
    }

    /// A JSON string.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// A JSON object of members whose values are JSON text, in order; members without a value are
    /// left out.
    static func object(_ members: [(String, String?)]) -> String {
        "{" + members.compactMap { name, value in value.map { "\"\(name)\":\($0)" } }.joined(separator: ",") + "}"
    }

    /// 64 hex digits derived from `text`, the same for the same text (Polygon's ids are `E` and these).
    static func hexID(_ text: String) -> String {
        var rng = SplitMix64(seed: SplitMix64.seed(text))
        return (0..<4).map { _ in
            let hex = String(rng.next(), radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }
}
