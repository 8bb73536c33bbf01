import Foundation
import QuantumCore
import QuantumScript
import QuantumSimulator

/// The interactive loop: a numbered prompt read on the main thread, each command run as a task
/// that Ctrl-C cancels (a batch keeps what finished), its cell printed after it.
struct REPL {
    let session: Session
    let console: Console
    let main: MainThread

    func run() async -> RunStatus {
        let editor = await main.run {
            LineEditor(historyPath: LineEditor.defaultHistoryPath(environment: ProcessInfo.processInfo.environment))
        }
        console.error(
            "quantum \(QuantumVersion.current) — 'help' lists the commands, TAB completes, Ctrl-C cancels, Ctrl-D quits"
        )
        var lineNumber = 0
        while true {
            let cells = await session.cells
            let seen = cells.flatMap { $0.output.results ?? [] }.map(\.ticker)
            let completer = Completer(tickers: seen.reversed() + Market.wellKnownTickers, cells: cells.count)
            let prompt = "quantum [\(cells.count + 1)]> "
            let input = await readCommand(editor: editor, prompt: prompt, completer: completer)
            let line: String
            switch input {
            case .end:
                console.error("")
                return .ok
            case .interrupted:
                console.error("^C")
                continue
            case .line(let text):
                line = text
            }
            let firstLine = lineNumber + 1
            lineNumber += line.split(separator: "\n", omittingEmptySubsequences: false).count
            let parsed: [(QuantumScript.ScriptLine, Command)]
            do {
                parsed = try ScriptRunner.parse(line, origin: "input", firstLine: firstLine)
            } catch {
                console.parseError(error)
                continue
            }
            // The commands before a `quit` run first.
            if await runCancellably(parsed, editor: editor) { return .ok }
        }
    }

    /// Reads one command: a line, and while it ends with `\`, the next at a `...>` prompt (as
    /// psql and IPython continue). History keeps the whole as one line, without the `\`.
    private func readCommand(editor: LineEditor, prompt: String, completer: Completer) async -> LineEditor.Input {
        let more = String(repeating: " ", count: max(0, prompt.count - 5)) + "...> "
        var lines: [String] = []
        while true {
            let shown = lines.isEmpty ? prompt : more
            let input = await main.run {
                LineEditor.completer = completer
                return editor.read(prompt: shown)
            }
            guard case .line(let text) = input else { return input }
            lines.append(text)
            if !text.hasSuffix("\\") {
                let entry = lines.map { $0.hasSuffix("\\") ? String($0.dropLast()) : $0 }.joined(separator: " ")
                await main.run { editor.remember(entry) }
                return .line(lines.joined(separator: "\n"))
            }
        }
    }

    /// Runs the commands as a task; a Ctrl-C meanwhile cancels it. Returns whether a `quit` ran.
    private func runCancellably(_ parsed: [(QuantumScript.ScriptLine, Command)], editor: LineEditor) async -> Bool {
        let runner = ScriptRunner(keepGoing: true)
        let work = Task { [session, console] in
            await runner.run(parsed, in: session, progress: console.progress) { console.show($0) }
        }
        let watcher = Task {
            while !Task.isCancelled {
                if editor.takeInterrupt() {
                    work.cancel()
                    console.interrupted()
                    return
                }
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
        _ = await work.value
        watcher.cancel()
        return runner.quitRequested
    }
}
