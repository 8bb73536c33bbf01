import Foundation

/// A ticker as a user may write it: ASCII letters, digits and `. - ^ =`, at least one letter or
/// digit (`.`, `-` or `^` alone names nothing, and would be asked of every provider), at most 24
/// characters.
public enum TickerText {
    /// The most characters a ticker has.
    public static let maxLength = 24

    /// The ticker upper-cased and trimmed of spaces, a class share's slash written as the dot
    /// (`BRK/B` is `BRK.B`); nil when it is not one. Only ASCII letters count: a letter that
    /// upper-cases to one (`ı` to `I`) is refused, never folded into another ticker.
    public static func normalized(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.allSatisfy(\.isASCII) else { return nil }
        let ticker = trimmed.replacingOccurrences(of: "/", with: ".").uppercased()
        guard !ticker.isEmpty, ticker.count <= maxLength,
            ticker.allSatisfy({ $0.isLetter || $0.isNumber || ".-^=".contains($0) }),
            ticker.contains(where: { $0.isLetter || $0.isNumber })
        else { return nil }
        return ticker
    }
}
