import CEditLine
import CInterrupt
import Foundation
import QuantumCore
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
    /// The history file could not be written (warned about once).
    private var historyUnsaved = false
    /// What TAB offers; set before each read.
    nonisolated(unsafe) static var completer = Completer(tickers: [], resultCells: [])

    init(historyPath: String?) {
        self.historyPath = historyPath
        // The prompt belongs to the person at the terminal, not to a pipe on stdout.
        if isatty(STDOUT_FILENO) == 0, isatty(STDERR_FILENO) == 1 { quantum_edit_on_stderr() }
        // Characters as UTF-8 (the terminal's, else C.UTF-8): in the C locale libedit drops
        // every non-ASCII key and cannot draw a prompt with one.
        setlocale(LC_CTYPE, "")
        if !Self.localeIsUTF8 { setlocale(LC_CTYPE, "C.UTF-8") }
        quantum_rl_set_name("quantum")
        quantum_read_keys_with(quantum_getc)
        rl_initialize()
        quantum_set_word_breaks()
        quantum_set_completion(complete)
        quantum_bind_search()
        quantum_stifle_history(5000)
        quantum_catch_interrupts()
        quantum_set_terminal_hook(onTerminalEvents)
        if let historyPath {
            try? FileManager.default.createDirectory(
                atPath: FileTarget.folder(of: historyPath), withIntermediateDirectories: true)
            _ = history_truncate_file(historyPath, Self.historyLimit)
            _ = read_history(historyPath)
        }
    }

    private static var localeIsUTF8: Bool {
        String(cString: nl_langinfo(nl_item(CODESET))) == "UTF-8"
    }

    /// Lines kept in the history file.
    static let historyLimit: Int32 = 5000

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
        // A resize while a command ran: the editor learns the new width before drawing.
        if quantum_take_terminal_events() & 1 != 0 { rl_resize_terminal() }
        // libedit fails on a prompt its locale cannot decode: without UTF-8, ASCII only.
        let shown =
            Self.localeIsUTF8
            ? prompt : String(String.UnicodeScalarView(prompt.unicodeScalars.map { $0.isASCII ? $0 : "?" }))
        let raw = readline(shown)
        defer { quantum_free(raw) }
        if quantum_take_interrupt() != 0 { return .interrupted }
        guard let raw else { return .end }
        return .line(String(cString: raw))
    }

    /// Whether Ctrl-C was pressed since the last call (while a command runs).
    func takeInterrupt() -> Bool {
        quantum_take_interrupt() != 0
    }

    /// Adds a line to the history and appends it to the history file; returns a warning the first
    /// time the file cannot be written (the line is still in this session's history).
    func remember(_ line: String) -> String? {
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        add_history(line)
        // Appended, not rewritten: REPLs running at once each add their lines to the file.
        guard let historyPath else { return nil }
        errno = 0
        guard quantum_append_history(historyPath, line) != 0 else { return nil }
        let reason = errno != 0 ? String(cString: strerror(errno)) : "it could not be written"
        guard !historyUnsaved else { return nil }
        historyUnsaved = true
        return "warning: the history is not saved to \(historyPath) (\(reason)); "
            + "this session keeps its lines until it ends"
    }

    /// `$XDG_STATE_HOME/quantum/history`, else `~/.local/state/quantum/history`.
    static func defaultHistoryPath(environment: [String: String]) -> String? {
        if let state = environment["XDG_STATE_HOME"], !state.isEmpty { return state + "/quantum/history" }
        return environment["HOME"].map { $0 + "/.local/state/quantum/history" }
    }
}

/// A resize or a continue (after Ctrl-Z and `fg`) while a line is read: the editor takes the new
/// size and draws the prompt and the line again.
private let onTerminalEvents: @convention(c) (Int32) -> Void = { events in
    if events & 1 != 0 { rl_resize_terminal() }
    if events & 2 != 0 { rl_forced_update_display() }
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
        let completions = LineEditor.completer.completions(before: before, word: word)
        let matches = completions.map(\.text)
        // A folder is completed further, so no space after it.
        quantum_set_completion_append(completions.count == 1 && completions[0].isFolder ? 0 : 32)
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
