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
    /// Things to say once, such as a refused key or an opened circuit.
    public var notices: [String] = []
}

/// A batch's results with their tally.
public struct BatchReport: Sendable {
    public var results: [FetchResult]
    public var elapsed: Duration

    public var ok: Int { results.filter(\.ok).count }
    public var failed: Int { results.count - ok }
    public var fallbacks: Int { results.filter(\.isFallback).count }
}

/// What a command produced, for the renderers.
public enum CommandOutput: Sendable {
    case fetch(FetchResult)
    case batch(BatchReport)
    case sources([SourceSettings], status: [SourceStatus], simulated: Bool)
    case limits([SourceStatus])
    /// The faults in force, and who injects them ("simulator" or "client-side").
    case faults([(SourceID, Fault)], label: String)
    case help(String)
    case message(String)
    case quit
}
