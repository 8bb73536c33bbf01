import Foundation

/// A rolling-window rate limit: at most `count` requests in any window of `length`.
public struct RateWindow: Sendable, Hashable, CustomStringConvertible {
    public var count: Int
    public var length: Duration

    public init(count: Int, length: Duration) {
        self.count = count
        self.length = length
    }

    /// The most requests a window may allow.
    public static let maxCount = 1_000_000

    /// Parses `N/s`, `N/min`, `N/h`, `N/day` (also `sec`, `second`, `m`, `minute`, `hour`, `d`),
    /// N from 1 to `maxCount`.
    public init?(_ text: some StringProtocol) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/")
        guard parts.count == 2, let count = SettingValues.wholeNumber(parts[0].trimmingCharacters(in: .whitespaces)),
            (1...Self.maxCount).contains(count)
        else { return nil }
        let length: Duration
        switch parts[1].trimmingCharacters(in: .whitespaces).lowercased() {
        case "s", "sec", "second": length = .seconds(1)
        case "m", "min", "minute": length = .seconds(60)
        case "h", "hr", "hour": length = .seconds(3600)
        case "d", "day": length = .seconds(86_400)
        default: return nil
        }
        self.init(count: count, length: length)
    }

    /// Parses a comma-separated list such as `5/min,25/day`; `none` is no limit at all.
    public static func list(_ text: String) -> [RateWindow]? {
        if text.trimmingCharacters(in: .whitespaces).lowercased() == "none" { return [] }
        // An empty item (`5/min,`, `5/min,,1/s`) is a mistake, not nothing.
        let items = text.split(separator: ",", omittingEmptySubsequences: false)
        guard !items.isEmpty else { return nil }
        var windows: [RateWindow] = []
        for item in items {
            guard let window = RateWindow(item) else { return nil }
            windows.append(window)
        }
        return windows
    }

    public var description: String {
        let unit: String =
            switch length {
            case .seconds(1): "s"
            case .seconds(60): "min"
            case .seconds(3600): "h"
            default: "day"
            }
        return "\(count)/\(unit)"
    }
}
