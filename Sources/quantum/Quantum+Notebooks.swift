import Foundation
import QuantumCore
import QuantumScript

/// `quantum run NB.md [--output OUT.md]`: a notebook's `quantum` blocks run in one session, with
/// paths in it (`export`, `chart --svg`, `batch @FILE`, `run FILE`) relative to the notebook's
/// folder; with `--output` the notebook is written back with each block's output after it and
/// its charts as SVG files in `OUT_files/`.
extension Quantum {
    /// A script or a notebook, parsed and ready to run.
    enum RunFile {
        case script([(QuantumScript.ScriptLine, Command)])
        case notebook(NotebookRunner, path: String)
    }

    /// Parses the file at `path` (already read as `text`): a notebook with its paths relative
    /// to its folder.
    static func parse(_ text: String, path: String) throws(ScriptError) -> RunFile {
        guard Notebook.isNotebook(path) else { return .script(try ScriptRunner.parse(text, origin: path)) }
        let result = inFolder(of: path) { () -> Result<NotebookRunner, ScriptError> in
            do throws(ScriptError) {
                return .success(try NotebookRunner(text, origin: path))
            } catch {
                return .failure(error)
            }
        }
        return .notebook(try result.get(), path: path)
    }

    /// Runs a notebook in its folder; with `output`, writes it back there (an absolute path).
    static func runNotebook(
        _ notebook: NotebookRunner, path: String, output: String?, session: Session, runner: ScriptRunner,
        console: Console
    ) async -> RunStatus {
        let settings = await session.settings
        if let output { await session.writeCharts(to: NotebookRunner.chartFolder(for: output)) }
        let previous = FileManager.default.currentDirectoryPath
        guard enter(folderOf: path) else {
            console.error("error: cannot enter the folder of \(path), which its paths are relative to")
            return .usage
        }
        let outcome = await notebook.run(in: session, runner: runner, progress: console.progress) { console.show($0) }
        _ = FileManager.default.changeCurrentDirectoryPath(previous)
        await session.writeCharts(to: nil)
        guard let output else { return outcome.status }
        let now = await session.engine.now()
        do {
            let written = try notebook.write(
                outcome, to: output, simulated: session.simulated, settings: settings, now: now)
            console.note(
                written
                    ? "wrote \(output)" : "\(output) is unchanged: this run produced the outputs it already holds")
            return outcome.status
        } catch {
            console.error("error: cannot write the notebook to \(output): \(error.reason)")
            return outcome.status.worse(.commandFailed)
        }
    }

    /// `--output PATH` made absolute, so it still names the same file once the run has moved
    /// into the notebook's folder.
    static func absoluteOutput(_ path: String) -> String {
        URL(fileURLWithPath: FileTarget.expand(path)).standardizedFileURL.path
    }

    private static func inFolder<T>(of path: String, _ body: () -> T) -> T {
        let previous = FileManager.default.currentDirectoryPath
        let entered = enter(folderOf: path)
        defer { if entered { _ = FileManager.default.changeCurrentDirectoryPath(previous) } }
        return body()
    }

    /// Moves the process into the folder holding `path` (the executable runs one thing at a
    /// time, so the working directory is the notebook's while it runs). Returns whether it could.
    private static func enter(folderOf path: String) -> Bool {
        let folder = NotebookRunner.folderPart(path)
        return folder.isEmpty || FileManager.default.changeCurrentDirectoryPath(folder)
    }
}
