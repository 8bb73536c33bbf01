/// Exit statuses as psql has them.
public enum ExitStatus: Int32, Sendable {
    /// Everything ran and held.
    case ok = 0
    /// An `expect` did not hold.
    case expectFailed = 1
    /// A usage or parse error: nothing was run.
    case usage = 2
    /// A command failed (a fetch no source could serve).
    case commandFailed = 3
}

/// Runs script text (a file, `-c`, or piped stdin): parses every command first, so a typo
/// anywhere runs nothing, then executes them in order.
public struct ScriptRunner: Sendable {
    /// Go on after a failed command and report all failures.
    public var keepGoing = false

    public init(keepGoing: Bool = false) {
        self.keepGoing = keepGoing
    }

    /// Parses `text`; a `ScriptError` means nothing may run.
    public static func parse(_ text: String, origin: String, firstLine: Int = 1) throws(ScriptError) -> [(CommandLine, Command)] {
        var parsed: [(CommandLine, Command)] = []
        for line in try Tokenizer.commands(in: text, origin: origin, firstLine: firstLine) {
            parsed.append((line, try CommandParser.parse(line)))
        }
        return parsed
    }

    /// Executes parsed commands, handing each cell to `emit` as it completes.
    public func run(_ commands: [(CommandLine, Command)], in session: Session, emit: (Cell) -> Void) async -> ExitStatus {
        var status = ExitStatus.ok
        for (line, command) in commands {
            if command == .quit { break }
            if Task.isCancelled { break }
            let cell = await session.execute(command, input: line.text)
            emit(cell)
            if cell.failure != nil {
                status = .commandFailed
                if !keepGoing { break }
            }
        }
        return status
    }
}
