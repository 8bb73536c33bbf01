import CEditLine
import Foundation

/// What the process's terminal allows: colour, width, whether a stream is a terminal at all.
enum Terminal {
    static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// Colour on stdout: a terminal, NO_COLOR unset (https://no-color.org), TERM not dumb.
    static var stdoutColor: Bool {
        let env = ProcessInfo.processInfo.environment
        return isTerminal(STDOUT_FILENO) && (env["NO_COLOR"] ?? "").isEmpty && env["TERM"] != "dumb"
    }

    /// Columns of the terminal on `fd`, else `$COLUMNS`, else 100; within 20…1000 whatever they say.
    static func columns(_ fd: Int32 = STDOUT_FILENO) -> Int {
        var columns = Int(quantum_terminal_columns(fd))
        if columns <= 0 { columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init) ?? 100 }
        return min(1000, max(20, columns))
    }
}
