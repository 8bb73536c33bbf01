/// Numbers as exports and machine output write them: integral values without a fraction, others
/// in shortest round-trip form, so the same value always gives the same text.
public enum NumberText {
    /// `130`, `130.26`, `63896155`; `null` for values JSON cannot hold.
    public static func shortest(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 9.0e15 { return String(Int64(value)) }
        return String(value)
    }
}
