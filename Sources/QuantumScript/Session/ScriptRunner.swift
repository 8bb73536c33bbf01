import Foundation
import QuantumCore
import Synchronization

/// Exit statuses as psql has them.
public enum RunStatus: Int32, Sendable {
    /// Everything ran and held.
    case ok = 0
    /// An `expect` did not hold.
    case expectFailed = 1
    /// A usage or parse error: nothing was run.
    case usage = 2
    /// A command failed (a fetch no source could serve, an export not written).
    case commandFailed = 3

    /// The more serious of two statuses: a usage error (which only arises when nothing ran) over
    /// a failed command over an unmet expectation over success.
    public func worse(_ other: RunStatus) -> RunStatus {
        let rank: [RunStatus: Int] = [.ok: 0, .expectFailed: 1, .commandFailed: 2, .usage: 3]
        return rank[other, default: 0] > rank[self, default: 0] ? other : self
    }
}

/// Runs script text (a file, `-c`, or piped stdin): parses every command first — and every
/// script a `run FILE` names that already exists — so a typo anywhere runs nothing, then
/// executes them in order; `run FILE` is read when its turn comes (a script may run a file an
/// earlier command wrote).
public struct ScriptRunner: Sendable {
    /// Go on after a failed command or expectation and report all of them.
    public var keepGoing = false
    /// Set once a `quit` has run: whatever runs these scripts stops too.
    private let quit = QuitFlag()

    /// How deep `run` may nest (a script that runs itself stops here).
    static let maxDepth = 8

    /// Whether a `quit` ran: the REPL, piped input and the remaining script files stop.
    public var quitRequested: Bool { quit.isSet }

    public init(keepGoing: Bool = false) {
        self.keepGoing = keepGoing
    }

    /// Parses `text` and the scripts it runs, with `${NAME}` put in from `parameters` and the
    /// `let`s before it (see `Parameters`); a `ScriptError` means nothing may run.
    public static func parse(
        _ text: String, origin: String, firstLine: Int = 1, parameters: Parameters = Parameters()
    ) throws(ScriptError) -> [(ScriptLine, Command)] {
        var parameters = parameters
        let parsed = try parseOnly(text, origin: origin, firstLine: firstLine, parameters: &parameters)
        try checkNested(parsed, depth: 0, parameters: parameters)
        return parsed
    }

    private static func parseOnly(
        _ text: String, origin: String, firstLine: Int = 1, parameters: inout Parameters
    ) throws(ScriptError) -> [(ScriptLine, Command)] {
        var parsed: [(ScriptLine, Command)] = []
        for line in try Tokenizer.commands(in: text, origin: origin, firstLine: firstLine) {
            let command = try CommandParser.parse(try parameters.substitute(line))
            if case .let(let name, let value) = command { parameters.define(name, value) }
            parsed.append((line, command))
        }
        return parsed
    }

    /// Parses the scripts that `run` names and that exist now, recursively.
    private static func checkNested(_ parsed: [(ScriptLine, Command)], depth: Int, parameters: Parameters)
        throws(ScriptError)
    {
        var parameters = parameters
        for (line, command) in parsed {
            if case .let(let name, let value) = command { parameters.define(name, value) }
            guard case .run(let path) = command, case .success(let text) = TextFile.read(path) else { continue }
            guard depth < maxDepth else {
                throw ScriptError(
                    "run nests more than \(maxDepth) scripts deep (does a script run itself?)",
                    at: line.tokens[min(1, line.tokens.count - 1)], in: line)
            }
            // In its own folder, as it will run.
            let checked: Void? = try WorkingFolder.within(folderOf: path) { () throws(ScriptError) in
                var nested = parameters
                let commands = try parseOnly(try script(text, path: path), origin: path, parameters: &nested)
                try checkNested(commands, depth: depth + 1, parameters: parameters)
            }
            if checked == nil { throw ScriptError(WorkingFolder.unenterable(path), command: line) }
        }
    }

    /// The commands a file holds: a script's text, or a notebook's `quantum` blocks.
    private static func script(_ text: String, path: String) throws(ScriptError) -> String {
        Notebook.isNotebook(path) ? try Notebook(text, origin: path).script : text
    }

    /// The commands of the script `run` names (a script's text, or a notebook's blocks), read now.
    private static func read(_ path: String, for line: ScriptLine) throws(ScriptError) -> String {
        switch TextFile.read(path) {
        case .success(let text): return try script(text, path: path)
        case .failure(let error):
            throw ScriptError(
                "cannot read the script '\(path)' (\(error.reason))", at: line.tokens[min(1, line.tokens.count - 1)],
                in: line)
        }
    }

    /// Executes parsed commands, handing each cell to `emit` as it completes. Stops at the first
    /// failure or unmet expectation unless `keepGoing`.
    public func run(
        _ commands: [(ScriptLine, Command)], in session: Session,
        progress: @escaping @Sendable (BatchProgress) -> Void = { _ in }, emit: (Cell) -> Void
    ) async -> RunStatus {
        await run(commands, in: session, depth: 0, progress: progress, emit: emit)
    }

    private func run(
        _ commands: [(ScriptLine, Command)], in session: Session, depth: Int,
        progress: @escaping @Sendable (BatchProgress) -> Void, emit: (Cell) -> Void
    ) async -> RunStatus {
        var status = RunStatus.ok
        for (line, command) in commands {
            if command == .quit { quit.set() }
            if quit.isSet || Task.isCancelled { break }
            let outcome: RunStatus
            if case .run(let path) = command {
                do throws(ScriptError) {
                    guard depth < Self.maxDepth else {
                        throw ScriptError("run nests more than \(Self.maxDepth) scripts deep", command: line)
                    }
                    let parameters = await session.parameters()
                    let text = try Self.read(path, for: line)
                    // Parsed and run in its own folder.
                    guard
                        let ran = try await WorkingFolder.within(
                            folderOf: path,
                            { () async -> Result<RunStatus, ScriptError> in
                                do throws(ScriptError) {
                                    let nested = try Self.parse(text, origin: path, parameters: parameters)
                                    return .success(
                                        await run(nested, in: session, depth: depth + 1, progress: progress, emit: emit)
                                    )
                                } catch {
                                    return .failure(error)
                                }
                            })
                    else { throw ScriptError(WorkingFolder.unenterable(path), command: line) }
                    outcome = try ran.get()
                } catch {
                    // Commands before it may have run: a failed command, not "nothing ran".
                    var cell = await session.reject(command, input: line.text, because: error.message)
                    cell.location = "\(error.origin):\(error.line):\(error.column)"
                    emit(cell)
                    outcome = .commandFailed
                }
            } else {
                var cell = await session.execute(command, input: line.text, progress: progress)
                cell.location = line.tokens.first.map { "\(line.origin):\($0.line)" }
                emit(cell)
                outcome = cell.failure != nil ? .commandFailed : cell.unmet != nil ? .expectFailed : .ok
            }
            status = status.worse(outcome)
            if outcome != .ok, !keepGoing { break }
        }
        return status
    }
}

/// Whether `quit` has run, shared by the copies of a runner.
private final class QuitFlag: Sendable {
    private let value = Mutex(false)

    var isSet: Bool { value.withLock { $0 } }

    func set() { value.withLock { $0 = true } }
}
