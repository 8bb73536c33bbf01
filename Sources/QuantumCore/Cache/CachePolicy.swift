import Foundation

/// When cached bars stop being trusted. A past session's raw bar never changes; the bar of the
/// day it was fetched on may (the session may not have closed), and adjusted prices are rewritten
/// after every split or dividend.
public struct CachePolicy: Sendable, Equatable {
    /// How long a bar of the fetch day itself is trusted.
    public var recentMaxAge: Duration
    /// How long a ticker's corporate actions are trusted, and a vendor's adjusted bars taken on its
    /// own basis (a derived basis trusts them as raw ones: `CandleCache.lookup(_:days:now:asRaw:)`).
    public var adjustedMaxAge: Duration

    public static let defaultRecentMaxAge: Duration = .seconds(3600)
    public static let defaultAdjustedMaxAge: Duration = .seconds(86_400)

    public init(recentMaxAge: Duration = defaultRecentMaxAge, adjustedMaxAge: Duration = defaultAdjustedMaxAge) {
        self.recentMaxAge = recentMaxAge
        self.adjustedMaxAge = adjustedMaxAge
    }

    /// The last day a fetch at `fetchedAt` still vouches for at `now` (every day is, or none is,
    /// or every day before the fetch day). A fetch stamped more than a minute after `now` (a
    /// cache written on a machine whose clock was ahead, or a clock set back) vouches for none:
    /// its age cannot be known, and taking it as fresh would keep it so until that time came.
    public func lastFresh(basis: PriceBasis, fetchedAt: Date, now: Date) -> TradingDate {
        let age = now.timeIntervalSince(fetchedAt)
        if age < -60 { return TradingDate(daysSinceEpoch: Int32.min) }
        if basis != .raw, age > adjustedMaxAge.seconds { return TradingDate(daysSinceEpoch: Int32.min) }
        guard age > recentMaxAge.seconds else { return TradingDate(daysSinceEpoch: Int32.max) }
        return NewYorkTime.date(at: fetchedAt).adding(days: -1)
    }
}
