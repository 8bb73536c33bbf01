import Foundation

/// Removes API keys from any text before it is shown, logged, recorded or exported.
///
/// Known keys are replaced wherever they appear (providers echo them in messages and pages), and
/// so is the value of every key-carrying query parameter, known or not.
public struct Redactor: Sendable {
    public static let mask = "***"
    private let secrets: [String]

    public init(secrets: [String]) {
        // Longest first, so a key that contains another is masked whole.
        self.secrets = Array(Set(secrets.filter { $0.count >= 4 })).sorted { $0.count > $1.count }
    }

    public func callAsFunction(_ text: String) -> String {
        var out = text
        for secret in secrets where out.contains(secret) {
            out = out.replacingOccurrences(of: secret, with: Self.mask)
        }
        return Self.maskQueryParameters(out)
    }

    private static let parameterNames = ["apikey", "api_key", "api_token", "token", "access_key"]

    /// `…?apiKey=abc&x=1` → `…?apiKey=***&x=1`, case-insensitively.
    static func maskQueryParameters(_ text: String) -> String {
        let lower = text.lowercased()
        guard parameterNames.contains(where: { lower.contains($0 + "=") }) else { return text }
        var out = ""
        var rest = Substring(text)
        while let range = nextParameter(in: rest) {
            out += rest[..<range.lowerBound]
            out += rest[range] + mask
            rest = rest[range.upperBound...]
            let end = rest.firstIndex { "&#\"' <>\n\r\t".contains($0) } ?? rest.endIndex
            rest = rest[end...]
        }
        return out + rest
    }

    /// The range of the next `name=` (preceded by `?`, `&` or a word boundary) in `text`.
    private static func nextParameter(in text: Substring) -> Range<Substring.Index>? {
        var best: Range<Substring.Index>?
        for name in parameterNames {
            var search = text.startIndex..<text.endIndex
            while let found = text.range(of: name + "=", options: .caseInsensitive, range: search) {
                let boundary =
                    found.lowerBound == text.startIndex
                    || !text[text.index(before: found.lowerBound)].isLetter
                        && text[text.index(before: found.lowerBound)] != "_"
                if boundary {
                    if best == nil || found.lowerBound < best!.lowerBound { best = found }
                    break
                }
                search = found.upperBound..<text.endIndex
            }
        }
        return best
    }
}
