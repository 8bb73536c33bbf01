import CEditLine
import Foundation
import QuantumCore
import QuantumScript

/// Where output goes: cells to stdout as text or JSON, notes and errors to stderr, a batch's
/// progress bar to stderr when it is a terminal.
struct Console: Sendable {
    let json: Bool
    let style: TextStyle
    /// Echo each command before its output (`--echo`).
    var echo = false
    private let bar: ProgressBar?

    init(json: Bool, echo: Bool = false) {
        self.json = json
        self.echo = echo
        self.style = json ? .plain : TextStyle(color: Terminal.stdoutColor, width: Terminal.columns())
        self.bar = Terminal.isTerminal(STDERR_FILENO) ? ProgressBar(color: Terminal.stdoutColor) : nil
    }

    func show(_ cell: Cell) {
        bar?.finish()
        for notice in cell.notices { note(notice) }
        if json {
            JSONRenderer.write(cell) { print($0, terminator: "") }
            print()
        } else {
            if echo { print(style.color ? "\u{1B}[2m> \(cell.input)\u{1B}[0m" : "> \(cell.input)") }
            let text = TextRenderer.render(cell, style: style)
            if let failure = cell.failure, case .message = cell.output {
                // A command that failed with no output of its own: an error, on stderr.
                error("error: " + failure)
            } else if cell.wroteToStandardOutput {
                // The rows are this command's output; what was written is said on stderr.
                error(text)
            } else if !text.isEmpty {
                print(text + "\n")
            }
            if let failure = cell.failure, !cell.output.saysItsOwnFailure {
                // A result was shown, and the command still failed (--strict): say why.
                error("error: " + failure)
            }
        }
        quantum_flush_stdout()
    }

    /// A script that does not parse: the located error on stderr, and in JSON mode also one
    /// JSON object on stdout, so a reader of stdout learns why nothing ran.
    func parseError(_ failure: ScriptError) {
        error(failure.description)
        guard json else { return }
        print(
            JSONWriter.object([
                ("error", JSONWriter.string(failure.message)), ("origin", JSONWriter.string(failure.origin)),
                ("line", String(failure.line)), ("column", String(failure.column)),
            ]))
        quantum_flush_stdout()
    }

    /// A batch's progress, drawn only on a terminal.
    func progress(_ event: BatchProgress) {
        bar?.update(event)
    }

    /// Ctrl-C while a command runs: clear the progress bar and say what happens.
    func interrupted() {
        bar?.finish()
        error("^C — cancelling (finished results are kept)")
    }

    /// A note for people (stderr, so machine output on stdout stays clean).
    func note(_ text: String) {
        error("note: " + text)
    }

    func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
