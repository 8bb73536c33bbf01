import Crypto
import Foundation

/// The bearer token clients must present (`Authorization: Bearer TOKEN`) when the server is bound
/// beyond loopback. Only its SHA-256 is kept; a presented token is hashed and compared in constant
/// time, so neither its length nor a matching prefix shows in the time taken.
public struct BearerToken: Sendable {
    private let digest: [UInt8]
    /// Characters the token has (not secret enough to hide: it decides whether it is too short).
    public let length: Int

    /// Nil when `text` is empty after trimming whitespace and line ends (a token file's newline).
    public init?(_ text: String) {
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { return nil }
        digest = Array(SHA256.hash(data: Data(token.utf8)))
        length = token.count
    }

    /// Whether an `Authorization` header value carries this token.
    func admits(authorization header: String?) -> Bool {
        guard let header, header.count > 7, header.prefix(7).lowercased() == "bearer " else { return false }
        let presented = Array(SHA256.hash(data: Data(header.dropFirst(7).utf8)))
        var difference: UInt8 = 0
        for (a, b) in zip(digest, presented) { difference |= a ^ b }
        return difference == 0
    }
}
