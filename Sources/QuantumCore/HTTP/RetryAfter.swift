import Foundation

/// Reads a `Retry-After` header given in seconds.
enum RetryAfter {
    static func parse(_ value: String) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed), seconds >= 0 { return .seconds(seconds) }
        if let seconds = Double(trimmed), seconds >= 0, seconds.isFinite { return .milliseconds(Int(seconds * 1000)) }
        return nil
    }
}
