import Foundation

/// A split's ratio: new shares for old shares, as the provider stated it.
///
/// `value` is new ÷ old: 4 for a 4-for-1 split, 0.1 for a 1-for-10 reverse split. Prices before
/// the split's date are divided by `value` to put them on the post-split basis; volumes are
/// multiplied by it.
public struct SplitRatio: Sendable, Hashable, Codable, CustomStringConvertible {
    /// New shares (4 in 4-for-1).
    public let new: Double
    /// Old shares (1 in 4-for-1).
    public let old: Double

    /// nil unless both sides are finite and positive.
    public init?(new: Double, old: Double) {
        guard new.isFinite, old.isFinite, new > 0, old > 0 else { return nil }
        self.new = new
        self.old = old
    }

    /// A ratio sent as one decimal (Alpha Vantage's `split_factor`, `"0.1667"` for 1-for-6),
    /// read back as the fraction with the smallest denominator (up to 1,000) that rounds to it at
    /// the decimals sent.
    public init?(factor text: String) {
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite, value > 0 else {
            return nil
        }
        let decimals = text.split(separator: ".").dropFirst().first?.count ?? 0
        let tolerance = decimals == 0 ? 1e-9 : 0.5 * pow(10, -Double(decimals)) + 1e-12
        for old in 1...1000 {
            let new = (value * Double(old)).rounded()
            if new >= 1, abs(new / Double(old) - value) <= tolerance {
                self.init(new: new, old: Double(old))
                return
            }
        }
        self.init(new: value, old: 1)
    }

    /// A ratio sent as `"NEW/OLD"` (EODHD's `"4.000000/1.000000"`).
    public init?(slashed text: String) {
        let sides = text.split(separator: "/")
        guard sides.count == 2, let new = Double(sides[0].trimmingCharacters(in: .whitespaces)),
            let old = Double(sides[1].trimmingCharacters(in: .whitespaces))
        else { return nil }
        self.init(new: new, old: old)
    }

    /// New shares per old share.
    public var value: Double { new / old }

    /// Whether it reduces the share count (1-for-10).
    public var isReverse: Bool { new < old }

    /// Two ratios agree when their values differ by no more than a ratio sent at four decimals
    /// can be off (Alpha Vantage's `0.1667` for 1/6), or by one part in ten thousand.
    public func agrees(with other: SplitRatio) -> Bool {
        abs(value - other.value) <= max(0.00005 + 1e-12, 1e-4 * max(value, other.value))
    }

    /// `4-for-1`, `1-for-10`, `3-for-2`.
    public var description: String { "\(Self.text(new))-for-\(Self.text(old))" }

    private static func text(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
    }
}
