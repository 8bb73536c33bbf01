import Foundation

/// When cached bars stop being trusted. A past session's raw bar never changes; the bar of the
/// day it was fetched on may (the session may not have closed), and adjusted prices are rewritten
/// after every split or dividend.
public struct CachePolicy: Sendable, Equatable {
    /// How long a bar of the fetch day itself is trusted.
    public var recentMaxAge: Duration
    /// How long split- or dividend-adjusted bars are trusted.
    public var adjustedMaxAge: Duration

    public static let defaultRecentMaxAge: Duration = .seconds(3600)
    public static let defaultAdjustedMaxAge: Duration = .seconds(86_400)

    public init(recentMaxAge: Duration = defaultRecentMaxAge, adjustedMaxAge: Duration = defaultAdjustedMaxAge) {
        self.recentMaxAge = recentMaxAge
        self.adjustedMaxAge = adjustedMaxAge
    }

    /// Whether `day`, fetched at `fetchedAt` on `basis`, is still trusted at `now`.
    public func isFresh(_ day: TradingDate, basis: PriceBasis, fetchedAt: Date, now: Date) -> Bool {
        let age = now.timeIntervalSince(fetchedAt)
        let fetchDay = NewYorkTime.date(epochMilliseconds: Int64((fetchedAt.timeIntervalSince1970 * 1000).rounded(.down)))
        if day >= fetchDay, age > recentMaxAge.seconds { return false }
        if basis != .raw, age > adjustedMaxAge.seconds { return false }
        return true
    }
}
