import QuantumCore

/// One executed command: its number, what was typed, and what came of it.
public struct Cell: Sendable {
    public var number: Int
    /// The command as written (the `text` of its tokens).
    public var input: String
    public var command: Command
    public var output: CommandOutput
    /// Set when the command failed (a fetch no source could serve, an export not written):
    /// exit status 3 in scripts.
    public var failure: String?
    /// Set when an `expect` did not hold: exit status 1 in scripts.
    public var unmet: String?
    /// Things to say once, such as a refused key or an opened circuit.
    public var notices: [String] = []

    /// Whether the command's rows went to standard output (`export csv -`).
    public var wroteToStandardOutput: Bool {
        if case .export(let manifest) = output { return manifest.toStandardOutput }
        return false
    }
}

/// What a command produced, for the renderers.
public enum CommandOutput: Sendable {
    case fetch(FetchResult, quality: QualityReport)
    case batch(BatchReport)
    /// A batch with `--export`: the candles are in its file, the cell keeps a summary per ticker.
    case streamedBatch(StreamedBatch)
    case sources([SourceSettings], status: [SourceStatus], simulated: Bool)
    case limits([SourceStatus])
    /// The faults in force, and who injects them ("simulator" or "client-side").
    case faults([(SourceID, Fault)], label: String)
    /// Results to show; `rows` from each end (nil: the default, `Int.max`: all).
    case show([FetchResult], rows: Int?)
    case chart([FetchResult], width: Int?, height: Int?)
    case quality([QualityReport])
    case compare(Comparison)
    case export(ExportManifest)
    case expectation(Expectation, passed: Bool, detail: String)
    case history([(cell: Int, input: String)])
    case cache(CacheStats)
    case help(String)
    case message(String)
    case quit

    /// Whether the output itself states the failure that made its cell fail (a fetch's own
    /// error, a message): nothing more need be said.
    public var saysItsOwnFailure: Bool {
        switch self {
        case .fetch(let result, _): result.error != nil
        case .message: true
        default: false
        }
    }

    /// The streamed batch this output is, if it is one.
    public var streamed: StreamedBatch? {
        if case .streamedBatch(let batch) = self { return batch }
        return nil
    }

    /// Whether `$N` can name this output's results (held, or read back from a file).
    var holdsResults: Bool { results != nil || streamed != nil }

    /// The fetch results this output holds, for `$N` references.
    public var results: [FetchResult]? {
        switch self {
        case .fetch(let result, _): [result]
        case .batch(let report): report.results
        case .compare(let comparison): comparison.results
        default: nil
        }
    }
}
