import ArgumentParser
import CInterrupt
import Foundation
import QuantumCore
import QuantumRuntime
import QuantumScript
import QuantumSimulator
import Synchronization

/// `quantum`: the REPL on a terminal, `quantum -c "cmd; cmd"`, `quantum run FILE…`, or one command
/// from argv (`quantum fetch AAPL --days 30`), all parsed by the same command language.
@main
struct Quantum: ParsableCommand, Sendable {
    static let configuration = CommandConfiguration(
        commandName: "quantum",
        abstract: "Daily OHLCV candles from Polygon, FMP, Alpha Vantage and EODHD, with automatic fallback.",
        usage: """
            quantum                             start the REPL (or read commands from piped stdin)
            quantum -c "fetch AAPL; sources"    run commands separated by ';'
            quantum run FILE…                   run .qscript files and .md notebooks (their quantum blocks)
            quantum run NB.md --output OUT.md   run a notebook and write it back with outputs and SVG charts
            quantum <command> [options]         run one command, e.g. quantum fetch AAPL --days 30
            quantum sim serve [--port N]        run the provider simulator on loopback
            quantum serve [--host H] [--port N] serve the orchestrator as an HTTP API
            """,
        discussion: "Type 'quantum help' for the commands and 'quantum help COMMAND' for one command's options.",
        version: QuantumVersion.current
    )

    @Flag(help: "Print one JSON object per command (NDJSON) instead of text.")
    var json = false

    @Option(
        name: .customShort("c"),
        help: ArgumentHelp("Run these commands (separated by ';') and exit.", valueName: "COMMANDS"))
    var commandLines: [String] = []

    /// `-c`'s commands (given once).
    var commands: String? { commandLines.first }

    @Flag(help: "After a failed command, go on and report every failure.")
    var keepGoing = false

    @Flag(help: "Use the built-in simulator even when API keys are configured.")
    var sim = false

    @Flag(help: "Print each command before its output (text mode).")
    var echo = false

    @Flag(help: "Print no command's text, only the data an 'export … -' writes to stdout; errors still go to stderr.")
    var quiet = false

    @Flag(help: "Neither read nor write the local cache; as 'set cache off'.")
    var noCache = false

    @Flag(help: "Start the REPL without running the start-up file ($XDG_CONFIG_HOME/quantum/quantumrc).")
    var noRc = false

    @Option(
        help: ArgumentHelp(
            "With run NB.md: write the notebook back to this file, each block's output after it.", valueName: "OUT.md"))
    var output: String?

    @Option(
        name: .customShort("p"),
        help: ArgumentHelp(
            "A value for ${NAME} that the scripts' own 'let NAME = …' does not change (repeatable).",
            valueName: "NAME=VALUE"))
    var parameters: [String] = []

    @Argument(
        parsing: .captureForPassthrough,
        help: ArgumentHelp("A command and its arguments, or run FILE….", valueName: "command"))
    var words: [String] = []

    /// Parses the command line: a usage error is status 2, as every usage error here (not
    /// ArgumentParser's 64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            guard code == .validationFailure else { exit(withError: error) }
            Stream.write("error: " + message(for: error) + "\nusage: " + usageString() + "\n", to: STDERR_FILENO)
            Foundation.exit(RunStatus.usage.rawValue)
        }
    }

    /// The main thread serves blocking reads; everything else runs as a task.
    func run() throws {
        var command = self
        command.absorbTrailingFlags()
        let main = MainThread()
        let outcome = Mutex<Result<RunStatus, any Error>>(.success(.ok))
        Task {
            do {
                let status = try await command.run(main: main)
                outcome.withLock { $0 = .success(status) }
            } catch {
                outcome.withLock { $0 = .failure(error) }
            }
            main.finish()
        }
        main.serve()
        let status = try outcome.withLock { $0 }.get()
        if status != .ok { throw ExitCode(status.rawValue) }
    }

    /// Global flags may also follow the command words (`quantum run FILE --json --keep-going`,
    /// `quantum fetch AAPL --json`); `--no-cache` and `--output PATH` after `run` too (after fetch
    /// `--no-cache` is fetch's own).
    mutating func absorbTrailingFlags() {
        var rest: [String] = []
        var takesOutput = false
        var takesParameter = false
        for word in words {
            if takesOutput {
                output = word
                takesOutput = false
                continue
            }
            if takesParameter {
                parameters.append(word)
                takesParameter = false
                continue
            }
            switch word {
            case "--output" where words.first == "run": takesOutput = true
            case "-p" where words.first == "run": takesParameter = true
            case _ where words.first == "run" && word.hasPrefix("--output="): output = String(word.dropFirst(9))
            case "--json": json = true
            case "--sim": sim = true
            case "--echo": echo = true
            case "--keep-going": keepGoing = true
            case "--no-rc": noRc = true
            case "--no-cache" where words.first == "run": noCache = true
            default: rest.append(word)
            }
        }
        if takesOutput { output = "" }
        if takesParameter { parameters.append("") }
        words = rest
    }

    func run(main: MainThread) async throws -> RunStatus {
        var console = Console(json: json, echo: echo)
        console.quiet = quiet
        // Global flags after the passthrough starts reach us as words.
        if let first = words.first, ["--help", "-h", "--version"].contains(first) {
            print(first == "--version" ? QuantumVersion.current : Self.helpMessage())
            return .ok
        }
        var given: [String: String] = [:]
        for parameter in parameters {
            let parts = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, Parameters.isName(String(parts[0])) else {
                console.usageError(
                    "-p takes NAME=VALUE (a letter or _, then letters, digits and _), got '\(parameter)'")
                return .usage
            }
            given[String(parts[0])] = String(parts[1])
        }
        if commandLines.count > 1 {
            console.usageError("-c is given \(commandLines.count) times; give it once and separate commands with ';'")
            return .usage
        }
        if let first = words.first, first.hasPrefix("-"), first.count > 1 {
            // A mistyped flag of quantum's own, not a command.
            let flags = [
                "--json", "--echo", "--keep-going", "--sim", "--no-cache", "--no-rc", "--help", "--version", "-c",
            ]
            console.usageError(Suggestion.phrase("unknown option '\(first)'", first, flags) + "; see quantum --help")
            return .usage
        }
        if words.first == "sim" {
            guard words.dropFirst().first == "serve" else {
                console.usageError("the simulator command is 'quantum sim serve [--port N]'")
                return .usage
            }
            let serve: SimServe
            do {
                serve = try SimServe.parse(Array(words.dropFirst(2)))
            } catch {
                // --help is a clean exit; anything else is a usage error.
                if SimServe.exitCode(for: error) == .success {
                    print(SimServe.helpMessage())
                    return .ok
                }
                console.usageError("\(SimServe.message(for: error))\nusage: " + SimServe.usageString())
                return .usage
            }
            return try await serve.run(console: console)
        }
        if words.first == "serve" {
            let serve: Serve
            do {
                serve = try Serve.parse(Array(words.dropFirst()))
            } catch {
                if Serve.exitCode(for: error) == .success {
                    print(Serve.helpMessage())
                    return .ok
                }
                console.usageError("\(Serve.message(for: error))\nusage: " + Serve.usageString())
                return .usage
            }
            return try await serve.run(console: console, simulate: sim)
        }
        let settings: Settings
        do {
            settings = try Settings.resolve(environment: ProcessInfo.processInfo.environment)
        } catch {
            console.usageError("\(error)")
            return .usage
        }
        let options = Runtime.Options(simulate: sim, cacheEnabled: !noCache)
        do {
            return try await Runtime.withEngine(settings: settings, options: options, note: console.note) { engine in
                let session = Session(engine: engine)
                await session.give(given)
                return await dispatch(session: session, console: console, main: main)
            }
        } catch let error as DatabaseUnavailable {
            // One line: which database (never the password), and why.
            console.error("error: \(Redactor(secrets: settings.secrets)(error.description))")
            return .commandFailed
        }
    }

    /// Runs what the command line asked for: `-c`, `run FILE…`, one argv command, the REPL or stdin.
    func dispatch(session: Session, console: Console, main: MainThread) async -> RunStatus {
        let runner = ScriptRunner(keepGoing: keepGoing)
        if commands == nil, words.isEmpty, isatty(STDIN_FILENO) == 1 {
            let startup = noRc ? nil : Self.startupFile(environment: ProcessInfo.processInfo.environment)
            return await REPL(session: session, console: console.interactive(), main: main, startupFile: startup).run()
        }
        let (commands, words, output) = (commands, words, output)
        return await Self.interruptible(console: console) {
            if let commands {
                return await Self.runScript(commands, origin: "-c", session: session, runner: runner, console: console)
            }
            if words.first == "run" {
                return await Self.runFiles(
                    Array(words.dropFirst()), output: output, session: session, runner: runner, console: console)
            }
            if !words.isEmpty {
                let line = words.map(Tokenizer.quoteIfNeeded).joined(separator: " ")
                return await Self.runScript(line, origin: "argv", session: session, runner: runner, console: console)
            }
            return await Self.runStandardInput(session: session, runner: runner, console: console, main: main)
        }
    }

    /// Ctrl-C (SIGINT) while a script runs, as at the prompt: the command under way is cancelled
    /// (a batch keeps what finished and marks the rest `cancelled`), its cell is printed, and the
    /// script stops there (status 3). A second Ctrl-C leaves at once (status 130).
    static func interruptible(console: Console, _ body: @escaping @Sendable () async -> RunStatus) async -> RunStatus {
        quantum_catch_interrupts()
        let work = Task { await body() }
        let watcher = Task {
            var cancelled = false
            while !Task.isCancelled {
                if quantum_take_interrupt() != 0 {
                    if cancelled { Foundation.exit(130) }
                    cancelled = true
                    work.cancel()
                    console.interrupted()
                }
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
        let status = await work.value
        watcher.cancel()
        return status
    }

    /// The REPL's start-up file: `$XDG_CONFIG_HOME/quantum/quantumrc`, else
    /// `~/.config/quantum/quantumrc` (as psql's psqlrc; scripts and `-c` never read it, so they
    /// run the same everywhere).
    static func startupFile(environment: [String: String]) -> String? {
        let config =
            environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["HOME"].map { $0 + "/.config" }
        return config.map { $0 + "/quantum/quantumrc" }
    }

    static func runScript(
        _ text: String, origin: String, firstLine: Int = 1, session: Session, runner: ScriptRunner, console: Console
    ) async -> RunStatus {
        let parsed: [(QuantumScript.ScriptLine, Command)]
        do {
            parsed = try ScriptRunner.parse(
                text, origin: origin, firstLine: firstLine, parameters: await session.parameters())
        } catch {
            console.parseError(error)
            return .usage
        }
        var console = console
        // `export csv -` makes stdout the data's: every cell's text goes to stderr.
        if parsed.contains(where: { $0.1.writesToStandardOutput }) { console.textToStandardError = true }
        return await runner.run(parsed, in: session, progress: console.progress) { [console] in console.show($0) }
    }

    static func runFiles(
        _ paths: [String], output: String?, session: Session, runner: ScriptRunner, console: Console
    ) async -> RunStatus {
        guard !paths.isEmpty else {
            console.usageError("run needs at least one script file, e.g. quantum run examples/quickstart.qscript")
            return .usage
        }
        if output == "" {
            console.usageError("--output needs the path to write the notebook to, e.g. --output nb.md")
            return .usage
        }
        if output != nil, paths.count != 1 || !Notebook.isNotebook(paths[0]) {
            console.usageError(
                "--output writes a notebook back: give one .md file, e.g. quantum run nb.md --output nb.md")
            return .usage
        }
        var scripts: [RunFile] = []
        for path in paths {
            let text: String
            switch TextFile.read(path) {
            case .success(let contents): text = contents
            case .failure(let error):
                console.usageError("cannot read the script '\(path)' (\(error.reason))")
                return .usage
            }
            do {
                scripts.append(try parse(text, path: path, parameters: await session.parameters()))
            } catch {
                console.parseError(error)
                return .usage
            }
        }
        if let problem = Self.unknownParameters(await session.parameters().given, in: scripts) {
            guard problem.certain else {
                console.note(problem.message)
                return await runAll(scripts, output: output, session: session, runner: runner, console: console)
            }
            console.usageError(problem.message)
            return .usage
        }
        return await runAll(scripts, output: output, session: session, runner: runner, console: console)
    }

    /// A `-p NAME=…` whose NAME no file defines or uses (a mistyped name would leave the
    /// script's default in force, silently): certain unless a file runs another, which may.
    static func unknownParameters(_ given: Set<String>, in scripts: [RunFile]) -> (message: String, certain: Bool)? {
        var lines: [ScriptLine] = []
        var runsOthers = false
        for script in scripts {
            let commands =
                switch script {
                case .script(let commands, _): commands
                case .notebook(let notebook, _): notebook.commands.flatMap { $0 }
                }
            lines += commands.map(\.0)
            runsOthers = runsOthers || commands.contains { if case .run = $0.1 { true } else { false } }
        }
        let named = Parameters.names(in: lines)
        let unknown = given.subtracting(named).sorted()
        guard let first = unknown.first else { return nil }
        let known = named.sorted()
        let message = Suggestion.phrase(
            "-p \(unknown.joined(separator: ", ")): "
                + (runsOthers
                    ? "not defined or used by the files named (perhaps by a script they run)"
                    : "no file defines or uses it")
                + (known.isEmpty ? "" : "; their parameters: \(known.joined(separator: ", "))"), first, known)
        return (message, !runsOthers)
    }

    private static func runAll(
        _ scripts: [RunFile], output: String?, session: Session, runner: ScriptRunner, console: Console
    ) async -> RunStatus {
        var worst = RunStatus.ok
        for script in scripts {
            let status: RunStatus
            switch script {
            case .script(let commands, let path):
                status = await runScript(commands, path: path, session: session, runner: runner, console: console)
            case .notebook(let notebook, let path):
                status = await runNotebook(
                    notebook, path: path, output: output.map(absoluteOutput), session: session, runner: runner,
                    console: console)
            }
            worst = worst.worse(status)
            if runner.quitRequested || (status != .ok && !runner.keepGoing) { break }
        }
        return worst
    }

    /// Piped stdin: each line runs as it arrives, with no prompt and no escape codes. A line that
    /// does not parse after others ran is a failed command (status 2 says nothing ran).
    static func runStandardInput(session: Session, runner: ScriptRunner, console: Console, main: MainThread) async
        -> RunStatus
    {
        var number = 0
        var pending = ""
        var pendingStart = 1
        var worst = RunStatus.ok
        while !runner.quitRequested, let line = await main.run({ Swift.readLine(strippingNewline: true) }) {
            number += 1
            if pending.isEmpty { pendingStart = number }
            if line.hasSuffix("\\") {
                pending += line + "\n"
                continue
            }
            let text = pending + line
            pending = ""
            let status = await runScript(
                text, origin: "stdin", firstLine: pendingStart, session: session, runner: runner, console: console)
            worst = worst.worse(status)
            if status != .ok, !runner.keepGoing { break }
        }
        // Input that ended inside a continued line still runs, as a script file would.
        if !pending.isEmpty, worst == .ok || runner.keepGoing, !runner.quitRequested {
            worst = worst.worse(
                await runScript(
                    pending, origin: "stdin", firstLine: pendingStart, session: session, runner: runner,
                    console: console))
        }
        // Every command that ran is a cell.
        let ran = await !session.cells.isEmpty
        return worst == .usage && ran ? .commandFailed : worst
    }
}
