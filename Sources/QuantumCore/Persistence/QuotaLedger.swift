import Crypto
import Foundation

/// Whose quota a request draws on: a provider and a hash of the API key (two keys are two quotas;
/// the key itself is never stored).
public struct QuotaKey: Sendable, Hashable {
    public var provider: SourceID
    /// The first 16 hex digits of the key's SHA-256, or `none` without a key.
    public var keyHash: String

    public init(provider: SourceID, keyHash: String) {
        self.provider = provider
        self.keyHash = keyHash
    }

    /// The quota `key` draws on at `provider`.
    public init(provider: SourceID, apiKey: String?) {
        self.provider = provider
        guard let apiKey else {
            keyHash = "none"
            return
        }
        keyHash = HexText.lower(SHA256.hash(data: Data(apiKey.utf8)).prefix(8))
    }
}

/// Where rate-limit windows of an hour or more (such as `25/day`) are counted, so they hold across
/// restarts and across every process that shares the ledger. Every request counts, pages included.
///
/// A ledger that cannot be read must not lift a limit: callers treat an error as "no room" and
/// say why (fail closed).
public protocol QuotaLedger: Sendable {
    /// Atomically: if every window has room at `now`, records a grant and returns nil; otherwise
    /// returns when the first grant will be possible and records nothing.
    func reserve(_ key: QuotaKey, windows: [RateWindow], now: Date) async throws -> Date?
    /// Grants counted in `window` at `now`.
    func used(_ key: QuotaKey, window: RateWindow, now: Date) async throws -> Int
    /// Records that the provider said the key's day (or plan) quota is spent until `until`.
    func markSpent(_ key: QuotaKey, until: Date) async throws
    /// Until when the key's quota was said to be spent, if that is still after `now`.
    func spentUntil(_ key: QuotaKey, now: Date) async throws -> Date?
}

extension RateWindow {
    /// Windows this long are counted in a `QuotaLedger`.
    public var isLong: Bool { length >= .seconds(3600) }
}
