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
        console.error("quantum \(QuantumVersion.current) — 'help' lists the commands, TAB completes, Ctrl-C cancels, Ctrl-D quits")
        var lineNumber = 0
        while true {
            let cells = await session.cells
            let seen = cells.flatMap { $0.output.results ?? [] }.map(\.ticker)
            let completer = Completer(tickers: seen.reversed() + Market.wellKnownTickers, cells: cells.count)
            let input = await main.run {
                LineEditor.completer = completer
                return editor.read(prompt: "quantum [\(cells.count + 1)]> ")
            }
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
            lineNumber += 1
            await main.run { editor.remember(line) }
            let parsed: [(QuantumScript.ScriptLine, Command)]
            do {
                parsed = try ScriptRunner.parse(line, origin: "input", firstLine: lineNumber)
            } catch {
                console.error(error.description)
                continue
            }
            if parsed.contains(where: { $0.1 == .quit }) { return .ok }
            await runCancellably(parsed, editor: editor)
        }
    }

    /// Runs the commands as a task; a Ctrl-C meanwhile cancels it.
    private func runCancellably(_ parsed: [(QuantumScript.ScriptLine, Command)], editor: LineEditor) async {
        let work = Task { [session, console] in
            await ScriptRunner(keepGoing: true).run(parsed, in: session, progress: console.progress) { console.show($0) }
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
    }
}
