import CEditLine
import Foundation

/// Line editing with libedit's readline-compatible API, and a history file.
final class LineEditor: @unchecked Sendable {
    // @unchecked: libedit is used from one thread at a time — the REPL awaits each read before the next.
    private let historyPath: String?

    init(historyPath: String?) {
        self.historyPath = historyPath
        quantum_rl_set_name("quantum")
        quantum_stifle_history(5000)
        if let historyPath {
            try? FileManager.default.createDirectory(atPath: (historyPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            _ = read_history(historyPath)
        }
    }

    /// Reads one line on a thread of its own, so the blocking read holds no concurrency thread.
    /// Nil at end of input (Ctrl-D).
    func readLine(prompt: String) async -> String? {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                guard let raw = readline(prompt) else {
                    continuation.resume(returning: nil)
                    return
                }
                let line = String(cString: raw)
                quantum_free(raw)
                continuation.resume(returning: line)
            }
            thread.start()
        }
    }

    func remember(_ line: String) {
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        add_history(line)
        if let historyPath { _ = write_history(historyPath) }
    }

    /// `$XDG_STATE_HOME/quantum/history`, else `~/.local/state/quantum/history`.
    static func defaultHistoryPath(environment: [String: String]) -> String? {
        if let state = environment["XDG_STATE_HOME"], !state.isEmpty { return state + "/quantum/history" }
        return environment["HOME"].map { $0 + "/.local/state/quantum/history" }
    }
}
