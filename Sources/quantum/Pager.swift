import CEditLine
import Foundation

/// Output taller than the terminal goes through `$PAGER` (default `less -FRX`: quits when it
/// fits, keeps colours, leaves the text on screen), as psql pages query results; not on a
/// terminal that cannot (TERM unset or `dumb`).
enum Pager {
    /// Pages `text` when stdout is a terminal and the text is taller than it; false when it was
    /// not paged (print it instead).
    static func page(_ text: String) -> Bool {
        let environment = ProcessInfo.processInfo.environment
        // A terminal that cannot page (TERM unset or dumb) gets the text as it is.
        guard isatty(STDOUT_FILENO) == 1, isatty(STDIN_FILENO) == 1, let term = environment["TERM"], !term.isEmpty,
            term != "dumb"
        else { return false }
        let rows = Int(quantum_terminal_rows(STDOUT_FILENO))
        guard rows > 0, text.reduce(0, { $1 == "\n" ? $0 + 1 : $0 }) >= rows - 1 else { return false }
        let command = environment["PAGER"].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        // popen, not Process: the pager must stay in our (foreground) process group to read the
        // terminal; a new group would be stopped by the terminal at its first read.
        quantum_flush_stdout()
        guard let pipe = popen(command ?? "less -FRX", "w") else { return false }
        // A pager quit before reading everything closes the pipe: not a reason to end the REPL.
        let previous = signal(SIGPIPE, SIG_IGN)
        fputs(text, pipe)
        let status = pclose(pipe)
        signal(SIGPIPE, previous)
        // A pager that failed (no such command: 127; `false`) may have shown nothing: print it.
        return status == 0
    }
}
