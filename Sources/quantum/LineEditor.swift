import CEditLine
import CInterrupt
import Foundation
import QuantumScript

/// Line editing with libedit's readline-compatible API: history in a file, Ctrl-R search, TAB
/// completion from the language's declarations, and Ctrl-C noticed through a flag.
///
/// Used from the main thread only (`MainThread`): the REPL reads there, the thread a Ctrl-C
/// interrupts, while commands run on the concurrency pool.
final class LineEditor: @unchecked Sendable {
    // @unchecked: libedit is only called from the main thread (see above); `takeInterrupt` reads
    // CInterrupt's one sig_atomic_t flag, which is safe from any thread.
    private let historyPath: String?
    /// What TAB offers; set before each read.
    nonisolated(unsafe) static var completer = Completer(tickers: [], cells: 0)

    init(historyPath: String?) {
        self.historyPath = historyPath
        quantum_rl_set_name("quantum")
        quantum_read_keys_with(quantum_getc)
        rl_initialize()
        quantum_set_word_breaks()
        quantum_set_completion(complete)
        quantum_bind_search()
        quantum_stifle_history(5000)
        quantum_catch_interrupts()
        if let historyPath {
            try? FileManager.default.createDirectory(
                atPath: (historyPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            _ = read_history(historyPath)
        }
    }

    /// What reading a line gave.
    enum Input {
        case line(String)
        /// Ctrl-C at the prompt: abandon the line.
        case interrupted
        /// Ctrl-D or the end of input.
        case end
    }

    /// Reads one line (blocking the calling thread). A Ctrl-C while reading abandons the line,
    /// whatever libedit returns for it.
    func read(prompt: String) -> Input {
        _ = quantum_take_interrupt()
        let raw = readline(prompt)
        defer { quantum_free(raw) }
        if quantum_take_interrupt() != 0 { return .interrupted }
        guard let raw else { return .end }
        return .line(String(cString: raw))
    }

    /// Whether Ctrl-C was pressed since the last call (while a command runs).
    func takeInterrupt() -> Bool {
        quantum_take_interrupt() != 0
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

/// libedit's completion hook: the candidates for the word under the cursor, as a malloc'd array
/// `[common prefix, candidates…, NULL]` (`[only match, NULL, NULL]` for one: libedit reads the
/// third slot), which libedit frees.
private let complete:
    @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = {
        text, start, _ in
        quantum_completion_over()
        let word = text.map { String(cString: $0) } ?? ""
        let line = quantum_line_buffer().map { String(cString: $0) } ?? ""
        let before = String(decoding: line.utf8.prefix(Int(start)), as: UTF8.self)
        let matches = LineEditor.completer.candidates(before: before, word: word)
        guard !matches.isEmpty,
            let array = calloc(matches.count + 3, MemoryLayout<UnsafeMutablePointer<CChar>?>.stride)?
                .bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: matches.count + 3)
        else { return nil }
        var prefix = matches[0]
        for match in matches.dropFirst() {
            while !match.hasPrefix(prefix) { prefix.removeLast() }
        }
        if matches.count == 1 {
            array[0] = strdup(matches[0])
        } else {
            array[0] = strdup(prefix)
            for (i, match) in matches.enumerated() { array[i + 1] = strdup(match) }
        }
        return array
    }
