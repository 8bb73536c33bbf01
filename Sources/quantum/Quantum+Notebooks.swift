import Foundation
import QuantumCore
import QuantumScript

/// `quantum run FILE… [--output OUT.md] [-p NAME=VALUE…]`: scripts and notebooks' `quantum`
/// blocks run in one session, each with the paths in it (`export`, `chart --svg`, `batch @FILE`,
/// `run FILE`) relative to its own folder; with `--output` a notebook is written back with each
/// block's output after it and its charts as SVG files in `OUT_files/`.
extension Quantum {
    /// A script or a notebook, parsed and ready to run.
    enum RunFile {
        case script([(QuantumScript.ScriptLine, Command)], path: String)
        case notebook(NotebookRunner, path: String)
    }

    /// Parses the file at `path` (already read as `text`) in its folder (`batch @FILE` reads its
    /// list there), with `${NAME}` from `parameters`.
    static func parse(_ text: String, path: String, parameters: Parameters) throws(ScriptError) -> RunFile {
        let parsed = try WorkingFolder.within(folderOf: path) { () throws(ScriptError) -> RunFile in
            if Notebook.isNotebook(path) {
                return .notebook(try NotebookRunner(text, origin: path, parameters: parameters), path: path)
            }
            return .script(try ScriptRunner.parse(text, origin: path, parameters: parameters), path: path)
        }
        guard let parsed else {
            throw ScriptError(
                WorkingFolder.unenterable(path), origin: path, line: 1, column: 1, width: 1, sourceLine: nil)
        }
        return parsed
    }

    /// Runs a script in its folder.
    static func runScript(
        _ commands: [(QuantumScript.ScriptLine, Command)], path: String, session: Session, runner: ScriptRunner,
        console: Console
    ) async -> RunStatus {
        var console = console
        if commands.contains(where: { $0.1.writesToStandardOutput }) { console.textToStandardError = true }
        let status = await WorkingFolder.within(folderOf: path) { [console] in
            await runner.run(commands, in: session, progress: console.progress) { console.show($0) }
        }
        guard let status else {
            console.error("error: " + WorkingFolder.unenterable(path))
            return .usage
        }
        return status
    }

    /// Runs a notebook in its folder; with `output`, writes it back there (an absolute path).
    static func runNotebook(
        _ notebook: NotebookRunner, path: String, output: String?, session: Session, runner: ScriptRunner,
        console: Console
    ) async -> RunStatus {
        let settings = await session.settings
        if let output { await session.writeCharts(to: NotebookRunner.chartFolder(for: output)) }
        var failed: [Cell] = []
        let ran = await WorkingFolder.within(folderOf: path) {
            await notebook.run(in: session, runner: runner, progress: console.progress) { cell in
                console.show(cell)
                if cell.failure != nil || cell.unmet != nil { failed.append(cell) }
            }
        }
        await session.writeCharts(to: nil)
        guard let outcome = ran else {
            console.error("error: " + WorkingFolder.unenterable(path))
            return .usage
        }
        guard let output else { return outcome.status }
        let now = await session.engine.now()
        do {
            let written = try notebook.write(
                outcome, to: output, simulated: session.simulated, settings: settings, now: now)
            console.note(
                written
                    ? "wrote \(output)" : "\(output) is unchanged: this run produced the outputs it already holds")
            if written, output == absoluteOutput(path) { relocate(failed, notebook: notebook, output: output, console) }
            return outcome.status
        } catch {
            console.error("error: cannot write the notebook to \(output): \(error.reason)")
            return outcome.status.worse(.commandFailed)
        }
    }

    /// After a notebook was rewritten in place, says where each failed command's line is now
    /// (the errors named the lines of the file as it was read, before new outputs moved them).
    static func relocate(_ failed: [Cell], notebook: NotebookRunner, output: String, _ console: Console) {
        guard !failed.isEmpty, case .success(let text) = TextFile.read(output),
            let written = try? Notebook(text, origin: output)
        else { return }
        for cell in failed {
            guard let location = cell.location, let colon = location.lastIndex(of: ":"),
                let line = Int(location[location.index(after: colon)...]),
                let now = notebook.line(line, in: written), now != line
            else { continue }
            console.note(
                "[\(cell.number)] `\(cell.input)` is now at \(location[..<colon]):\(now) of the rewritten notebook")
        }
    }

    /// `--output PATH` made absolute, so it still names the same file once the run has moved
    /// into the notebook's folder.
    static func absoluteOutput(_ path: String) -> String {
        URL(fileURLWithPath: FileTarget.expand(path)).standardizedFileURL.path
    }
}
