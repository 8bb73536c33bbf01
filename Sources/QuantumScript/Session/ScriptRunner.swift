import Foundation
import QuantumCore

/// Exit statuses as psql has them.
public enum ExitStatus: Int32, Sendable {
    /// Everything ran and held.
    case ok = 0
    /// An `expect` did not hold.
    case expectFailed = 1
    /// A usage or parse error: nothing was run.
    case usage = 2
    /// A command failed (a fetch no source could serve, an export not written).
    case commandFailed = 3

    /// The more serious of two statuses: a failed command over an unmet expectation.
    func worse(_ other: ExitStatus) -> ExitStatus {
        let rank: [ExitStatus: Int] = [.ok: 0, .expectFailed: 1, .commandFailed: 2, .usage: 3]
        return rank[other, default: 0] > rank[self, default: 0] ? other : self
    }
}

/// Runs script text (a file, `-c`, or piped stdin): parses every command first — `run FILE`
/// included, recursively — so a typo anywhere runs nothing, then executes them in order.
public struct ScriptRunner: Sendable {
    /// Go on after a failed command or expectation and report all of them.
    public var keepGoing = false

    /// How deep `run` may nest (a script that runs itself stops here).
    static let maxDepth = 8

    public init(keepGoing: Bool = false) {
        self.keepGoing = keepGoing
    }

    /// Parses `text`; a `ScriptError` means nothing may run. `run PATH` is replaced by the
    /// commands of that script.
    public static func parse(_ text: String, origin: String, firstLine: Int = 1) throws(ScriptError) -> [(CommandLine, Command)] {
        try parse(text, origin: origin, firstLine: firstLine, depth: 0)
    }

    private static func parse(_ text: String, origin: String, firstLine: Int, depth: Int) throws(ScriptError) -> [(CommandLine, Command)] {
        var parsed: [(CommandLine, Command)] = []
        for line in try Tokenizer.commands(in: text, origin: origin, firstLine: firstLine) {
            let command = try CommandParser.parse(line)
            guard case .run(let path) = command else {
                parsed.append((line, command))
                continue
            }
            let at = line.tokens.count > 1 ? line.tokens[1] : line.tokens[0]
            guard depth < maxDepth else { throw ScriptError("run nests more than \(maxDepth) scripts deep (does a script run itself?)", at: at, in: line) }
            guard let script = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ScriptError("cannot read script '\(path)'", at: at, in: line)
            }
            parsed += try parse(script, origin: path, firstLine: 1, depth: depth + 1)
        }
        return parsed
    }

    /// Executes parsed commands, handing each cell to `emit` as it completes. Stops at the first
    /// failure or unmet expectation unless `keepGoing`.
    public func run(
        _ commands: [(CommandLine, Command)], in session: Session,
        progress: @escaping @Sendable (BatchProgress) -> Void = { _ in }, emit: (Cell) -> Void
    ) async -> ExitStatus {
        var status = ExitStatus.ok
        for (line, command) in commands {
            if command == .quit || Task.isCancelled { break }
            let cell = await session.execute(command, input: line.text, progress: progress)
            emit(cell)
            let outcome: ExitStatus = cell.failure != nil ? .commandFailed : cell.unmet != nil ? .expectFailed : .ok
            status = status.worse(outcome)
            if outcome != .ok, !keepGoing { break }
        }
        return status
    }
}
