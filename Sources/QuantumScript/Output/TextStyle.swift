/// How text output is drawn: the width to fit and whether to use colour (a terminal without
/// NO_COLOR). Notebooks and pipes get plain text.
public struct TextStyle: Sendable {
    public var color: Bool
    /// Columns available, for charts and long tables.
    public var width: Int
    /// Whether to show figures that depend on the wall clock rather than the data: elapsed
    /// times, seconds until a rate window resets or a breaker closes. Notebooks leave them out,
    /// so a re-run that fetched the same data writes the same file.
    public var timings: Bool

    public init(color: Bool = false, width: Int = 100, timings: Bool = true) {
        self.color = color
        self.width = width
        self.timings = timings
    }

    public static let plain = TextStyle()

    /// ANSI colours used sparingly: outcomes, headers, warnings.
    public enum Tint: String, Sendable {
        case green = "32", red = "31", yellow = "33", dim = "2", bold = "1", cyan = "36"
    }

    /// `text` in `tint` when colour is on.
    func paint(_ text: String, _ tint: Tint?) -> String {
        guard color, let tint, !text.isEmpty else { return text }
        return "\u{1B}[\(tint.rawValue)m\(text)\u{1B}[0m"
    }

    /// The tint for an attempt outcome: served green, skipped dim, ticker-specific yellow, failures red.
    static func tint(_ outcome: String) -> Tint? {
        switch outcome {
        case "ok": .green
        case "skipped_no_key", "skipped_disabled", "skipped_rate_limit", "skipped_circuit_open", "cancelled": .dim
        case "not_found", "no_data", "unsupported", "rate_limited", "incomplete": .yellow
        case "failed", "auth_failed", "bad_response", "server_error", "timeout", "network_error": .red
        default: nil
        }
    }
}
