import Foundation

/// Durations as people read them: `400ms`, `9.5s`, `41s`, `12m 5s`, `23h 59m`, `3d 4h` — the two
/// largest units, so a wait of 86,394 seconds reads `23h 59m`, not `86394s`.
public enum DurationText {
    public static func human(_ duration: Duration) -> String {
        let seconds = max(0, Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
        if seconds < 1 { return "\(Int((seconds * 1000).rounded()))ms" }
        if seconds < 10 { return String(format: "%.1fs", seconds) }
        let whole = Int(min(seconds, 1e12).rounded())
        if whole < 60 { return "\(whole)s" }
        let (days, hours, minutes, rest) = (whole / 86_400, whole % 86_400 / 3600, whole % 3600 / 60, whole % 60)
        if days > 0 { return hours > 0 ? "\(days)d \(hours)h" : "\(days)d" }
        if hours > 0 { return minutes > 0 ? "\(hours)h \(minutes)m" : "\(hours)h" }
        return rest > 0 ? "\(minutes)m \(rest)s" : "\(minutes)m"
    }
}
