import CEditLine
import Foundation
import QuantumCore
import QuantumScript

/// Where output goes: cells to stdout (or the file `output FILE` named) as text or JSON, notes
/// and errors to stderr, a batch's progress bar to stderr when it is a terminal. At the prompt,
/// output taller than the terminal goes through the pager.
struct Console: Sendable {
    let json: Bool
    /// Echo each command before its output (`--echo`).
    var echo = false
    /// At the prompt: the pager may be used.
    private(set) var isInteractive = false
    /// `--quiet`: no cell's text, only data written to stdout (`export csv -`) and errors.
    var quiet = false
    /// Stdout carries data (`export csv -` in the same run): cells' text, or their JSON objects,
    /// go to stderr.
    var textToStandardError = false
    private let bar: ProgressBar?
    private let sink = OutputFile()

    init(json: Bool, echo: Bool = false) {
        self.json = json
        self.echo = echo
        self.bar = Terminal.isTerminal(STDERR_FILENO) ? ProgressBar(color: Terminal.stdoutColor) : nil
    }

    /// The same console for the REPL.
    func interactive() -> Console {
        var console = self
        console.isInteractive = true
        return console
    }

    /// Colour and width as the terminal is now (it may have been resized); plain in a file.
    private func style(toFile: Bool) -> TextStyle {
        json ? .plain : TextStyle(color: !toFile && Terminal.stdoutColor, width: toFile ? 100 : Terminal.columns())
    }

    func show(_ cell: Cell) {
        bar?.finish()
        for notice in cell.notices { note(notice) }
        let file = sink.handle(for: cell.display.output, note: note)
        let write: (String) -> Void = { text in
            if let file { Stream.write(text, to: file.fileDescriptor) } else { Stream.standardOutput(text) }
        }
        if json {
            // Written as rendered, 64 KiB at a time: a batch of 20,000 tickers is megabytes of
            // JSON, never held whole. When stdout carries an export's rows, the objects go to
            // stderr, so neither stream mixes the two.
            let write: (String) -> Void =
                textToStandardError && file == nil ? { Stream.write($0, to: STDERR_FILENO) } : write
            var pending = ""
            JSONRenderer.write(cell) { piece in
                pending += piece
                if pending.utf8.count >= 1 << 16 {
                    write(pending)
                    pending = ""
                }
            }
            write(pending + "\n")
        } else {
            if echo {
                write(file == nil && Terminal.stdoutColor ? "\u{1B}[2m> \(cell.input)\u{1B}[0m\n" : "> \(cell.input)\n")
            }
            let text = TextRenderer.render(cell, style: style(toFile: file != nil))
            var failureSaid = false
            if let failure = cell.failure, case .message = cell.output {
                // A command that failed with no output of its own: an error, on stderr, located.
                error("error: " + failure + (cell.location.map { "\n --> " + $0 } ?? ""))
                failureSaid = true
            } else if quiet {
                // Nothing but the data and the errors: a batch's tickers not served are errors.
                for line in cell.output.tickersNotServed { error(line) }
            } else if cell.wroteToStandardOutput || cell.command.isOutputRedirection {
                // The rows are this command's output (or it moved the output): said on stderr.
                error(text)
            } else if textToStandardError, file == nil, !text.isEmpty {
                error(text + "\n")
            } else if !text.isEmpty {
                // Not after Ctrl-C: whoever cancelled wants the prompt back, not a pager.
                let pages = isInteractive && cell.display.pager && !cell.output.wasCancelled
                if file != nil || !(pages && Pager.page(text + "\n")) {
                    write(text + "\n\n")
                }
            }
            // At the prompt, a line typed there needs no pointer back to itself.
            let typedHere = isInteractive && cell.location.map(Self.isAtPrompt) == true
            if let failure = cell.failure, !failureSaid,
                !cell.output.saysItsOwnFailure || (cell.location != nil && !typedHere)
            {
                // A result was shown, and the command still failed (--strict, a fetch no source
                // could serve, Ctrl-C): say why on stderr, and where (in a script).
                error("error: " + failure + ((typedHere ? nil : cell.location).map { "\n --> " + $0 } ?? ""))
            }
        }
        if cell.display.timing { error("time: \(Self.milliseconds(cell.elapsed))") }
        quantum_flush_stdout()
    }

    /// The origin errors name for the prompt's line `number`: `[3]`, as in `[3]:1:7`.
    static func promptOrigin(_ number: Int) -> String { "[\(number)]" }

    /// Whether an error's location is on a line typed at the prompt: it starts with a
    /// `promptOrigin` (`[3]:1:7`), where a file's starts with its path (`pull.qscript:4`).
    static func isAtPrompt(_ location: String) -> Bool {
        guard let origin = location.split(separator: ":", maxSplits: 1).first,
            let number = Int(origin.dropFirst().dropLast())
        else { return false }
        return origin == promptOrigin(number)
    }

    /// `12.3 ms`, `1,204.5 ms` — psql's `\timing` style.
    static func milliseconds(_ d: Duration) -> String {
        let ms = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
        return String(format: "%.1f ms", ms)
    }

    /// A script that does not parse: the located error on stderr, and in JSON mode also one
    /// JSON object on stdout, so a reader of stdout learns why nothing ran.
    func parseError(_ failure: ScriptError) {
        error(failure.description)
        guard json else { return }
        Stream.standardOutput(
            JSONWriter.object([
                ("error", JSONWriter.string(failure.message)), ("origin", JSONWriter.string(failure.origin)),
                ("line", String(failure.line)), ("column", String(failure.column)),
            ]) + "\n")
    }

    /// A usage error of the command line itself (nothing ran): on stderr, and in JSON mode also
    /// as one JSON object on stdout.
    func usageError(_ message: String) {
        error("error: " + message)
        guard json else { return }
        Stream.standardOutput(JSONWriter.object([("error", JSONWriter.string(message))]) + "\n")
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
        Stream.write(text + "\n", to: STDERR_FILENO)
    }
}

extension CommandOutput {
    /// `TICKER: why` for each ticker of a batch not served (failed or cancelled), for `--quiet`.
    var tickersNotServed: [String] {
        switch self {
        case .batch(let report):
            report.results.filter { !$0.ok || $0.wasCancelled }.map { "\($0.ticker): \($0.error ?? "not served")" }
        case .streamedBatch(let batch):
            batch.summaries.filter { !$0.ok || $0.wasCancelled }.map { "\($0.ticker): \($0.error ?? "not served")" }
        default: []
        }
    }

    /// A batch that Ctrl-C stopped.
    var wasCancelled: Bool {
        if case .batch(let report) = self { return report.cancelled > 0 }
        return false
    }
}

extension Command {
    /// `output …`: its own message is about where output goes, so it is said on the terminal.
    var isOutputRedirection: Bool {
        if case .output = self { return true }
        return false
    }
}
