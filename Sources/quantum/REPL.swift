import Foundation
import QuantumCore
import QuantumScript

/// The interactive loop: a numbered prompt, a command per line, its cell printed after it.
struct REPL {
    let session: Session
    let console: Console

    func run() async -> ExitStatus {
        let editor = LineEditor(historyPath: LineEditor.defaultHistoryPath(environment: ProcessInfo.processInfo.environment))
        console.error("quantum \(QuantumVersion.current) — type 'help' for commands, Ctrl-D to quit")
        var lineNumber = 0
        while true {
            let cell = await session.cells.count + 1
            guard let line = await editor.readLine(prompt: "quantum [\(cell)]> ") else { break }
            lineNumber += 1
            editor.remember(line)
            let parsed: [(QuantumScript.CommandLine, Command)]
            do {
                parsed = try ScriptRunner.parse(line, origin: "input", firstLine: lineNumber)
            } catch {
                console.error(error.description)
                continue
            }
            if parsed.contains(where: { $0.1 == .quit }) { break }
            _ = await ScriptRunner(keepGoing: true).run(parsed, in: session) { console.show($0) }
        }
        return .ok
    }
}
