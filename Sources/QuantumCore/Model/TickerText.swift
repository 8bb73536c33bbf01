import Foundation

/// A ticker as a user may write it: ASCII letters, digits and `. - ^ =`, at least one letter or
/// digit (`.`, `-` or `^` alone names nothing, and would be asked of every provider), at most 24
/// characters.
public enum TickerText {
    /// The most characters a ticker has.
    public static let maxLength = 24

    /// The ticker upper-cased and trimmed of ASCII spaces and tabs, a class share's slash written
    /// as the dot (`BRK/B` is `BRK.B`); nil when it is not one. Only ASCII counts: a letter that
    /// upper-cases to one (`ı` to `I`) or a Unicode space around it is refused, never folded into
    /// another ticker; so are a dot at the end and two in a row (`AAPL.`, `A..B`): after any of
    /// `. ^ = -` that lead, a letter or digit, then letters, digits and `^ = -`, each `.` followed
    /// by at least one of those.
    public static func normalized(_ text: String) -> String? {
        guard text.allSatisfy(\.isASCII) else { return nil }
        let trimmed = text.trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
        let ticker = trimmed.replacingOccurrences(of: "/", with: ".").uppercased()
        // The rule the OpenAPI document gives (`RequestVocabulary.tickerPattern`), so the server
        // refuses exactly what the document does.
        guard ticker.count <= maxLength,
            ticker.range(of: RequestVocabulary.tickerPattern, options: .regularExpression) != nil
        else { return nil }
        return ticker
    }
}
