import Foundation
import QuantumCore
import Synchronization

/// A batch's progress on stderr, redrawn in place: done/total, ok/failed, what each source served,
/// and an ETA from the pace so far and the sources' rate limits. Only on a terminal.
final class ProgressBar: Sendable {
    private struct State {
        var ok = 0
        var failed = 0
        var bySource: [SourceID: Int] = [:]
        var drawn = false
        var started = ContinuousClock.now
        /// Characters on screen of the line drawn last: after the terminal shrinks, a terminal that
        /// rewraps its lines holds it on several rows, each of which a redraw must clear.
        var drawnLength = 0
    }

    private let state = Mutex(State())
    private let color: Bool

    init(color: Bool) {
        self.color = color
    }

    /// Counts a finished ticker and redraws; the first ticker of a batch starts afresh.
    func update(_ progress: BatchProgress) {
        let line = state.withLock { state -> String in
            if progress.done == 1 { state = State() }
            if progress.result.ok { state.ok += 1 } else { state.failed += 1 }
            if let source = progress.result.source { state.bySource[source, default: 0] += 1 }
            // One line as wide as the terminal is now, or the redraw in place would wrap.
            let columns = Terminal.columns(STDERR_FILENO)
            let room = columns - 1
            let plain = render(progress, state, color: false)
            let fits = plain.count <= room
            let clear = state.drawn ? Self.clearing(state.drawnLength, columns: columns) : "\r\u{1B}[2K"
            state.drawn = true
            state.drawnLength = fits ? plain.count : room
            return clear + (fits ? render(progress, state, color: color) : String(plain.prefix(room - 1)) + "…")
        }
        Stream.write(line, to: STDERR_FILENO)
    }

    /// What erases a line of `length` characters drawn last, the cursor after its end, on a
    /// terminal now `columns` wide: its last row, and the rows above it that a narrower terminal
    /// wrapped it onto; the cursor ends at the start of its first row.
    static func clearing(_ length: Int, columns: Int) -> String {
        let rows = columns > 0 && length > columns ? (length + columns - 1) / columns : 1
        return "\r\u{1B}[2K" + String(repeating: "\u{1B}[1A\u{1B}[2K", count: rows - 1)
    }

    /// Clears the bar before the batch's result is printed.
    func finish() {
        guard
            let length = state.withLock({ state -> Int? in
                defer { state.drawn = false }
                return state.drawn ? state.drawnLength : nil
            })
        else { return }
        Stream.write(Self.clearing(length, columns: Terminal.columns(STDERR_FILENO)), to: STDERR_FILENO)
    }

    private func render(_ p: BatchProgress, _ s: State, color: Bool) -> String {
        let width = 24
        let filled = p.total == 0 ? width : width * p.done / p.total
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let elapsed = s.started.duration(to: .now).seconds
        let left = Double(p.total - p.done)
        var eta = p.done > 0 ? elapsed / Double(p.done) * left : 0
        // The sources' limits together bound the pace.
        if let allowed = p.allowedRate { eta = max(eta, left / allowed) }
        let sources = ProviderRegistry.ids.compactMap { id in s.bySource[id].map { "\(id.rawValue) \($0)" } }.joined(
            separator: " ")
        let failed = color && s.failed > 0 ? "\u{1B}[31m\(s.failed) failed\u{1B}[0m" : "\(s.failed) failed"
        let remaining = DurationText.human(.seconds(min(eta, 1e9).rounded(.up)))
        return "\(bar) \(p.done)/\(p.total) · \(s.ok) ok · \(failed) · \(sources) · ETA \(remaining)"
    }
}
