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
    /// The start-up file's path, run before the first prompt; nil with `--no-rc`.
    let startupFile: String?

    func run() async -> RunStatus {
        let editor = await main.run {
            LineEditor(historyPath: LineEditor.defaultHistoryPath(environment: ProcessInfo.processInfo.environment))
        }
        console.error(
            "quantum \(QuantumVersion.current) — 'help' lists the commands, TAB completes, Ctrl-C cancels, Ctrl-D quits"
        )
        if let startupFile { await runStartupFile(startupFile) }
        while true {
            let cells = await session.cells
            let seen = cells.flatMap { $0.output.results ?? [] }.map(\.ticker)
            let completer = Completer(
                tickers: seen.reversed() + Market.wellKnownTickers,
                resultCells: cells.filter { $0.output.results?.isEmpty == false }.map(\.number))
            let number = cells.count + 1
            let prompt = await state() + "quantum [\(number)]> "
            let input = await readCommand(editor: editor, prompt: prompt, completer: completer)
            var line: String
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
            switch HistoryExpansion.expand(line, cells: cells) {
            case .unchanged: break
            case .expanded(let text):
                console.error(text)
                line = text
            case .failed(let message):
                console.error("error: " + message)
                continue
            }
            // History keeps the command as one line, without the `\`, and `!N` as what it ran.
            let entry = line.split(separator: "\n").map { $0.hasSuffix("\\") ? String($0.dropLast()) : String($0) }
            if let warning = await main.run({ editor.remember(entry.joined(separator: " ")) }) {
                console.error(warning)
            }
            // Errors point at the cell the prompt named: [6]:1:12.
            let parsed: [(QuantumScript.ScriptLine, Command)]
            do {
                parsed = try ScriptRunner.parse(
                    line, origin: Console.promptOrigin(number), firstLine: 1, parameters: await session.parameters())
            } catch {
                console.parseError(error)
                continue
            }
            guard let confirmed = await confirmOverwrites(parsed, editor: editor) else { continue }
            // The commands before a `quit` run first.
            if await runCancellably(confirmed, editor: editor) { return .ok }
        }
    }

    /// `(sim, rec, polygon cooling) ` before the prompt: what the next command will meet.
    private func state() async -> String {
        var words = [session.simulated ? "sim" : "live"]
        if await session.isRecording { words.append("rec") }
        let display = await session.display
        if display.output != nil { words.append("output to file") }
        for status in await session.engine.limits() {
            if status.unusable != nil {
                words.append("\(status.id.rawValue) refused")
            } else if status.quotaSpentUntil != nil {
                words.append("\(status.id.rawValue) quota spent")
            } else if status.coolingFor != nil {
                words.append("\(status.id.rawValue) cooling")
            } else if status.breaker == .open {
                words.append("\(status.id.rawValue) circuit open")
            }
        }
        // ASCII only: libedit cannot draw a prompt its locale cannot decode.
        return "(" + words.joined(separator: ", ") + ") "
    }

    /// The start-up file's commands, as cells, before the first prompt; errors say where. A
    /// `quit` there is not run (the REPL was started to be used): each is warned about, and the
    /// commands around it run.
    private func runStartupFile(_ path: String) async {
        guard case .success(let text) = TextFile.read(path) else { return }
        var parsed: [(QuantumScript.ScriptLine, Command)]
        do {
            parsed = try ScriptRunner.parse(text, origin: path, parameters: await session.parameters())
        } catch {
            console.parseError(error)
            console.note("\(path) was not run; 'quantum --no-rc' starts without it")
            return
        }
        for (line, _) in parsed.filter({ $0.1 == .quit }) {
            let at = line.tokens.first.map { "\(path):\($0.line)" } ?? path
            console.error("warning: 'quit' in the start-up file is not run (\(at)); the REPL goes on")
        }
        parsed.removeAll { $0.1 == .quit }
        guard !parsed.isEmpty else { return }
        console.note("running \(parsed.count) command(s) from \(path) (--no-rc skips it)")
        let runner = ScriptRunner(keepGoing: true)
        _ = await runner.run(parsed, in: session, progress: console.progress) { console.show($0) }
        if runner.quitRequested {
            console.error("warning: a script the start-up file ran ended in 'quit', which stopped it; the REPL goes on")
        }
    }

    /// `record`/`save` onto an existing file asks first, as an editor would; yes adds --force.
    /// Nil when the person said no.
    private func confirmOverwrites(_ parsed: [(QuantumScript.ScriptLine, Command)], editor: LineEditor) async
        -> [(QuantumScript.ScriptLine, Command)]?
    {
        var confirmed: [(QuantumScript.ScriptLine, Command)] = []
        for (line, command) in parsed {
            var command = command
            let target: String?
            switch command {
            case .record(.start(let path, false)), .save(let path, false): target = path
            default: target = nil
            }
            if let target, let file = try? FileTarget.resolve(target), FileManager.default.fileExists(atPath: file) {
                let answer = await main.run { editor.read(prompt: "\(target) exists - replace it? [y/N] ") }
                guard case .line(let text) = answer, ["y", "yes"].contains(text.lowercased()) else {
                    // Ctrl-C or Ctrl-D left the cursor after the question.
                    if case .line = answer {} else { console.error("") }
                    console.error("not replaced: \(target)")
                    return nil
                }
                switch command {
                case .record(.start(let path, _)): command = .record(.start(path: path, force: true))
                case .save(let path, _): command = .save(path: path, force: true)
                default: break
                }
            }
            confirmed.append((line, command))
        }
        return confirmed
    }

    /// Reads one command: a line, and while it ends with `\`, the next at a `...>` prompt (as
    /// psql and IPython continue).
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
            if !text.hasSuffix("\\") { return .line(lines.joined(separator: "\n")) }
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
