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

/// Where rate-limit windows are counted, so they hold across restarts and across every process
/// that shares the ledger: every window (`20/s` as well as `25/day`) for a ledger that
/// `countsEveryWindow`, else those of an hour or more. Every request counts, pages included.
///
/// A ledger that cannot be read must not lift a limit: callers treat an error as "no room" and
/// say why (fail closed).
public protocol QuotaLedger: Sendable {
    /// Atomically: if every window has room at `now`, records a grant and returns nil; otherwise
    /// returns when the first grant will be possible and records nothing.
    func reserve(_ key: QuotaKey, windows: [RateWindow], now: Date) async throws -> Date?
    /// Grants counted in `window` at `now`.
    func used(_ key: QuotaKey, window: RateWindow, now: Date) async throws -> Int
    /// When the earliest grant counted in `window` at `now` arrived (a grant in flight: by its
    /// flight limit), so the window has room again `window.length` after it; nil when none counts.
    func firstCounted(_ key: QuotaKey, window: RateWindow, now: Date) async throws -> Date?
    /// Records that the provider said the key's day (or plan) quota is spent until `until`.
    func markSpent(_ key: QuotaKey, until: Date) async throws
    /// Until when the key's quota was said to be spent, if that is still after `now`.
    func spentUntil(_ key: QuotaKey, now: Date) async throws -> Date?

    /// Whether this ledger counts every window, a second's too, with each grant held open until
    /// its answer (`grant`/`answered`): a ledger several machines share, so no process grants from
    /// its own view. False for a ledger that counts long windows only, each grant at its instant.
    var countsEveryWindow: Bool { get }
    /// Atomically: if every window has room at `now` — every grant still in flight counting as
    /// arrived at any moment — records a grant in flight and returns its id; otherwise returns
    /// when to ask again (exact unless grants are in flight), or that the key's quota was said to
    /// be spent (by any process sharing the ledger), and records nothing.
    func grant(_ key: QuotaKey, windows: [RateWindow], now: Date) async throws -> QuotaGrant
    /// The answer to grant `id` came back at `at`: its request arrived by then.
    func answered(_ key: QuotaKey, grant id: Int64, at: Date) async throws
}

/// What a ledger answered for one more request.
public enum QuotaGrant: Sendable, Equatable {
    /// Granted: hand `id` back to `answered` when the answer is in.
    case granted(id: Int64)
    /// No room: ask again then (wall time).
    case notUntil(Date)
    /// The key's day (or plan) quota was said to be spent until then (`markSpent`).
    case spent(until: Date)
}

extension QuotaLedger {
    public var countsEveryWindow: Bool { false }

    /// Unknown: `limits` shows no reset time for grants only the ledger has.
    public func firstCounted(_ key: QuotaKey, window: RateWindow, now: Date) async throws -> Date? { nil }

    /// A ledger of instants: the grant counts as arrived at `now`.
    public func grant(_ key: QuotaKey, windows: [RateWindow], now: Date) async throws -> QuotaGrant {
        try await reserve(key, windows: windows, now: now).map(QuotaGrant.notUntil) ?? .granted(id: 0)
    }

    public func answered(_ key: QuotaKey, grant id: Int64, at: Date) async throws {}
}

extension RateWindow {
    /// Windows this long are counted in a `QuotaLedger`.
    public var isLong: Bool { length >= .seconds(3600) }
}
