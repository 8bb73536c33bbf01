import Foundation
import QuantumCore

/// Runs a notebook's `quantum` blocks in order in one session, as a script runner runs a
/// script (every block parsed first: a typo anywhere runs nothing; the same exit statuses), and
/// renders it back with each block's output after it.
public struct NotebookRunner: Sendable {
    public let notebook: Notebook
    /// Each block's commands, in order.
    public let commands: [[(ScriptLine, Command)]]
    /// The parameters it runs with (`-p NAME=VALUE`); the rendered header names those given.
    public let parameters: Parameters

    /// Parses the notebook `text` (read from `origin`, which errors name as `origin:LINE:COL`).
    public init(_ text: String, origin: String, parameters: Parameters = Parameters()) throws(ScriptError) {
        let notebook = try Notebook(text, origin: origin)
        var commands = Array(repeating: [(ScriptLine, Command)](), count: notebook.blocks.count)
        for (line, command) in try ScriptRunner.parse(notebook.script, origin: origin, parameters: parameters) {
            // Every command's lines lie in a block: the script is blank elsewhere.
            if let block = line.tokens.first.flatMap({ notebook.block(holding: $0.line) }) {
                commands[block].append((line, command))
            }
        }
        self.notebook = notebook
        self.commands = commands
        self.parameters = parameters
    }

    /// What a run produced: the status, and the cells of each block (nil: not run).
    public struct Outcome: Sendable {
        public var status: RunStatus
        public var cells: [[Cell]?]
        /// Why the blocks after the last one run were not run.
        public var stopped: String?
        /// The blocks the run stopped inside of: commands after their last cell did not run.
        public var cutShort: Set<Int> = []
    }

    /// Runs the blocks in order, handing each cell to `emit` as it completes. Stops after a block
    /// with a failed command or an unmet expectation (unless the runner keeps going) or a `quit`.
    public func run(
        in session: Session, runner: ScriptRunner, progress: @escaping @Sendable (BatchProgress) -> Void = { _ in },
        emit: (Cell) -> Void
    ) async -> Outcome {
        var outcome = Outcome(status: .ok, cells: Array(repeating: nil, count: commands.count))
        for (index, block) in commands.enumerated() {
            if runner.quitRequested {
                outcome.stopped = "not run: 'quit' ran in an earlier block"
                break
            }
            if outcome.status != .ok, !runner.keepGoing {
                outcome.stopped =
                    "not run: the run stopped at an earlier block (exit status \(outcome.status.rawValue))"
                break
            }
            var cells: [Cell] = []
            let status = await runner.run(block, in: session, progress: progress) { cell in
                cells.append(cell)
                emit(cell)
            }
            outcome.cells[index] = cells
            outcome.status = outcome.status.worse(status)
            // A block whose commands all ran has a cell for each (a `run FILE` has its script's).
            let nests = block.contains { if case .run = $0.1 { true } else { false } }
            if !nests, cells.count < block.count { outcome.cutShort.insert(index) }
        }
        return outcome
    }

    /// The notebook with `header` on top and each block's output after it: its cells' Markdown
    /// (`link` turns a chart file into the link to write), or for a block not run, why — so no
    /// output of an earlier run is left standing as if it were this run's.
    public func rendered(_ outcome: Outcome, header: String, link: (String) -> String) -> String {
        let outputs = zip(commands, outcome.cells).enumerated().map { index, block -> String? in
            let (commands, cells) = block
            if let cells, let last = cells.last {
                let rest =
                    outcome.cutShort.contains(index) ? "\n\n_The commands after [\(last.number)] were not run._" : ""
                return Notebook.generatedOutput(MarkdownRenderer.render(cells, link: link) + rest)
            }
            if cells != nil { return nil }
            guard !commands.isEmpty else { return nil }
            return Notebook.generatedOutput("_\(outcome.stopped ?? "not run")._")
        }
        return notebook.rendered(header: header, outputs: outputs)
    }

    /// Writes the rendered notebook to `path` (in place when it is the notebook itself), its
    /// charts already in `path`'s `_files` folder, and removes the chart files an earlier run
    /// left there that this run did not write. The header's time is kept when nothing else
    /// changed (see `Notebook.write`). Returns whether the file was written.
    public func write(
        _ outcome: Outcome, to path: String, simulated: Bool, settings: Settings, now: Date
    ) throws(FileTargetError) -> Bool {
        let folder = Self.folderPart(path)
        let written = try Notebook.write(to: path, now: now) { time in
            rendered(
                outcome,
                header: Notebook.header(
                    simulated: simulated, settings: settings, given: parameters.givenValues, time: time),
                link: { Self.link(to: $0, from: folder) })
        }
        let charts = Set(
            outcome.cells.compactMap { $0 }.joined().flatMap { cell -> [String] in
                if case .chart(_, _, _, let files) = cell.output { return files }
                return []
            })
        Self.removeStaleCharts(in: Self.chartFolder(for: path), keeping: charts)
        return written
    }

    /// Where line `line` (1-based, of this notebook as it was read) is in `written`, the same
    /// notebook rendered with other outputs: the same line of the same block, moved by what the
    /// outputs before it added or dropped. Nil when the line is in no block.
    public func line(_ line: Int, in written: Notebook) -> Int? {
        guard let block = notebook.block(holding: line), block < written.blocks.count else { return nil }
        return line - notebook.blocks[block].open + written.blocks[block].open
    }

    /// `NB_files` beside `NB.md`: where a notebook's charts go.
    public static func chartFolder(for path: String) -> String {
        let name = FileTarget.name(of: path)
        let stem = name.lastIndex(of: ".").map { $0 == name.startIndex ? name : String(name[..<$0]) } ?? name
        let folder = folderPart(path)
        return (folder.isEmpty ? "" : folder == "/" ? "/" : folder + "/") + stem + "_files"
    }

    /// The folder part of a path, empty for a bare name (Foundation's `deletingLastPathComponent`
    /// traps on a one-character name on Linux).
    public static func folderPart(_ path: String) -> String {
        path.contains("/") ? FileTarget.folder(of: path) : ""
    }

    /// `file` relative to `folder` when it lies inside it (a link that moves with the notebook),
    /// else as it is.
    static func link(to file: String, from folder: String) -> String {
        let prefix = folder.isEmpty || folder.hasSuffix("/") ? folder : folder + "/"
        return file.hasPrefix(prefix) ? String(file.dropFirst(prefix.count)) : file
    }

    /// Removes `chart-*.svg` files in `folder` that are not in `keeping` (charts of blocks since
    /// removed), and the folder when that leaves it empty.
    static func removeStaleCharts(in folder: String, keeping: Set<String>) {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix("chart-") && name.hasSuffix(".svg") {
            let file = (folder.hasSuffix("/") ? folder : folder + "/") + name
            if !keeping.contains(file) { try? manager.removeItem(atPath: file) }
        }
        if (try? manager.contentsOfDirectory(atPath: folder))?.isEmpty == true {
            try? manager.removeItem(atPath: folder)
        }
    }
}
