import QuantumCore

/// One executed command: its number, what was typed, and what came of it.
public struct Cell: Sendable {
    public var number: Int
    /// The command as written (the `text` of its tokens).
    public var input: String
    public var command: Command
    public var output: CommandOutput
    /// Set when the command failed (a fetch no source could serve): exit status 3 in scripts.
    public var failure: String?
}

/// What a command produced, for the renderers.
public enum CommandOutput: Sendable {
    case fetch(FetchResult)
    case sources([SourceSettings], simulated: Bool)
    /// The faults in force, and who injects them ("simulator" or "client-side").
    case faults([(SourceID, Fault)], label: String)
    case help(String)
    case message(String)
    case quit
}
