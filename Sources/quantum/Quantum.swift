import ArgumentParser
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
            quantum run FILE…                   run .qscript files
            quantum <command> [options]         run one command, e.g. quantum fetch AAPL --days 30
            quantum sim serve [--port N]        run the provider simulator on loopback
            """,
        discussion: "Type 'quantum help' for the commands and 'quantum help COMMAND' for one command's options.",
        version: QuantumVersion.current
    )

    @Flag(help: "Print one JSON object per command (NDJSON) instead of text.")
    var json = false

    @Option(
        name: .customShort("c"),
        help: ArgumentHelp("Run these commands (separated by ';') and exit.", valueName: "COMMANDS"))
    var commands: String?

    @Flag(help: "After a failed command, go on and report every failure.")
    var keepGoing = false

    @Flag(help: "Use the built-in simulator even when API keys are configured.")
    var sim = false

    @Flag(help: "Print each command before its output (text mode).")
    var echo = false

    @Flag(help: "Neither read nor write the local cache; as 'set cache off'.")
    var noCache = false

    @Argument(
        parsing: .captureForPassthrough,
        help: ArgumentHelp("A command and its arguments, or run FILE….", valueName: "command"))
    var words: [String] = []

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
    /// `quantum fetch AAPL --json`); `--no-cache` after `run` too (after fetch it is fetch's own).
    mutating func absorbTrailingFlags() {
        var rest: [String] = []
        for word in words {
            switch word {
            case "--json": json = true
            case "--sim": sim = true
            case "--echo": echo = true
            case "--keep-going": keepGoing = true
            case "--no-cache" where words.first == "run": noCache = true
            default: rest.append(word)
            }
        }
        words = rest
    }

    func run(main: MainThread) async throws -> RunStatus {
        let console = Console(json: json, echo: echo)
        // Global flags after the passthrough starts reach us as words.
        if let first = words.first, ["--help", "-h", "--version"].contains(first) {
            print(first == "--version" ? QuantumVersion.current : Self.helpMessage())
            return .ok
        }
        if words.first == "sim" {
            guard words.dropFirst().first == "serve" else {
                console.error("error: the simulator command is 'quantum sim serve [--port N]'")
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
                console.error("error: \(SimServe.message(for: error))\nusage: " + SimServe.usageString())
                return .usage
            }
            return try await serve.run(console: console)
        }
        let settings: Settings
        do {
            settings = try Settings.resolve(environment: ProcessInfo.processInfo.environment)
        } catch {
            console.error("error: \(error)")
            return .usage
        }
        let options = Runtime.Options(simulate: sim, cacheEnabled: !noCache)
        do {
            return try await Runtime.withEngine(settings: settings, options: options, note: console.note) { engine in
                await dispatch(session: Session(engine: engine), console: console, main: main)
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
        if let commands {
            return await Self.runScript(commands, origin: "-c", session: session, runner: runner, console: console)
        }
        if words.first == "run" {
            return await Self.runFiles(Array(words.dropFirst()), session: session, runner: runner, console: console)
        }
        if !words.isEmpty {
            let line = words.map(Tokenizer.quoteIfNeeded).joined(separator: " ")
            return await Self.runScript(line, origin: "argv", session: session, runner: runner, console: console)
        }
        if isatty(STDIN_FILENO) == 1 {
            return await REPL(session: session, console: console, main: main).run()
        }
        return await Self.runStandardInput(session: session, runner: runner, console: console, main: main)
    }

    static func runScript(
        _ text: String, origin: String, firstLine: Int = 1, session: Session, runner: ScriptRunner, console: Console
    ) async -> RunStatus {
        let parsed: [(QuantumScript.ScriptLine, Command)]
        do {
            parsed = try ScriptRunner.parse(text, origin: origin, firstLine: firstLine)
        } catch {
            console.parseError(error)
            return .usage
        }
        return await runner.run(parsed, in: session, progress: console.progress) { console.show($0) }
    }

    static func runFiles(_ paths: [String], session: Session, runner: ScriptRunner, console: Console) async -> RunStatus
    {
        guard !paths.isEmpty else {
            console.error("error: run needs at least one script file, e.g. quantum run examples/quickstart.qscript")
            return .usage
        }
        var scripts: [[(QuantumScript.ScriptLine, Command)]] = []
        for path in paths {
            let text: String
            switch TextFile.read(path) {
            case .success(let contents): text = contents
            case .failure(let error):
                console.error("error: cannot read the script '\(path)' (\(error.reason))")
                return .usage
            }
            do {
                scripts.append(try ScriptRunner.parse(text, origin: path))
            } catch {
                console.parseError(error)
                return .usage
            }
        }
        var worst = RunStatus.ok
        for script in scripts {
            let status = await runner.run(script, in: session, progress: console.progress) { console.show($0) }
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
        // Every command that ran is a cell.
        let ran = await !session.cells.isEmpty
        return worst == .usage && ran ? .commandFailed : worst
    }
}
