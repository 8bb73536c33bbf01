import ArgumentParser
import QuantumCore

// The commands about the session itself: record, run, save, history, timing, output.

struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record the commands run from now on as a replayable script; 'record stop' ends it.",
        discussion: """
            Relative dates are written as absolute ones (--days 30 → --from … --to …), so a replay
            asks for the same data. Each command is written as soon as it has run.
            """
    )

    @Argument(help: ArgumentHelp("The script to write, or stop.", valueName: "PATH"))
    var target: String

    @Flag(help: "Replace the file if it exists (at the prompt you are asked instead).")
    var force = false
}

extension RecordCommand: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command {
        if target.lowercased() == "stop" {
            if force { throw at.error("record stop takes no --force", at: "--force") }
            return .record(.stop)
        }
        if case .failure(let problem) = FileName.read(target) {
            throw at.error("record \(problem.message)", positional: 0)
        }
        return .record(.start(path: target, force: force))
    }
}

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a .qscript file's commands here, each as a cell of its own.",
        discussion: "Paths are relative to the current directory. Example: run examples/quickstart.qscript"
    )

    @Argument(help: ArgumentHelp("The script.", valueName: "PATH"))
    var path: FileName
}

extension RunCommand: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command { .run(path: path.path) }
}

struct SaveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "save",
        abstract: "Save the session as a Markdown notebook: each cell's input and its output.",
        discussion: "Example: save session.md"
    )

    @Argument(help: ArgumentHelp("The .md file to write.", valueName: "PATH"))
    var path: FileName

    @Flag(help: "Replace the file if it exists (at the prompt you are asked instead).")
    var force = false
}

extension SaveCommand: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command {
        // `quantum run` reads a file as a notebook by its .md extension: anything else would be
        // written as a notebook no run could read.
        guard path.path == "-" || path.path.lowercased().hasSuffix(".md") else {
            let name = FileTarget.name(of: path.path)
            let stem = name.lastIndex(of: ".").map { $0 == name.startIndex ? name : String(name[..<$0]) } ?? name
            throw at.error(
                "save writes a Markdown notebook, which quantum run reads by its .md extension: name it "
                    + "\(stem).md (to keep commands as a .qscript, 'record FILE.qscript' "
                    + "writes them as they run)", positional: 0)
        }
        return .save(path: path.path, force: force)
    }
}

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List this session's commands with their cell numbers (the last N with history N).",
        discussion: "At the prompt, !N runs cell N's command again and !! the previous one."
    )

    @Argument(help: ArgumentHelp("Only the last N commands.", valueName: "N"))
    var last: Bounded<HistoryLimit>?
}

extension HistoryCommand: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command { .history(last: last?.value) }
}

struct TimingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timing",
        abstract: "Print how long each command took: timing on, timing off, or timing alone to toggle.",
        discussion: "The same as 'set timing on|off'."
    )

    @Argument(help: ArgumentHelp("on or off (default: toggle).", valueName: "ON|OFF"))
    var value: OnOff?
}

extension TimingCommand: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command { .set(.timing(value?.on)) }
}

struct OutputCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "output",
        abstract:
            "Send what commands print to a file (replacing it), as psql's \\o; 'output' alone returns to the terminal.",
        discussion: "Errors and notes stay on the terminal (stderr). Example: output pull.log"
    )

    @Argument(help: ArgumentHelp("The file to write (default: back to standard output).", valueName: "FILE"))
    var path: FileName?
}

extension OutputCommand: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command { .output(path: path?.path) }
}
