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
    /// Things to say once: the messages of the engine's notices emitted while this command ran
    /// (a refused key, an opened circuit, a spent quota: see `EngineEvent.isNotice`), not those
    /// of a command running beside it; and a recording that stopped.
    public var notices: [String] = []
    /// Where the command was written (`pull.qscript:4`), for an error's location; nil at the prompt.
    public var location: String?
    /// How long the command took (wall time).
    public var elapsed: Duration = .zero
    /// How the session shows results after this command.
    public var display = Display()
    /// The command as a replay runs it (relative dates resolved); nil for commands about the
    /// session itself (`record`, `save`, `history`, `help`, `quit`).
    var replay: Command?

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
    /// `files`: the SVG file each result was written to (absolute), or none for text charts.
    case chart([FetchResult], width: Int?, height: Int?, files: [String] = [])
    case quality([QualityReport])
    case compare(Comparison)
    /// `actions`: the ledger, shown within `from`…`to`.
    case actions(ActionsResult, from: TradingDate?, to: TradingDate?)
    case export(ExportManifest)
    case expectation(Expectation, passed: Bool, detail: String)
    case history([(cell: Int, input: String)])
    /// `set` alone: each setting, its value, and what that means.
    case settings([SettingLine])
    case cache(CacheStats)
    /// `calendar`: every exchange the data has (aliases with the exchange they follow), and the data.
    case calendars([ExchangeListing], provenance: String, origin: String)
    case calendar(CalendarReport)
    /// `help [TOPIC]`: the topic, its text drawn for the width it is shown at (`HelpText`).
    case help(topic: String?)
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

/// How a front end shows results, as `set timing`, `set pager`, `set rows`, `set format` and
/// `output` leave it.
public struct Display: Sendable, Equatable {
    /// Print each command's time after it.
    public var timing = false
    /// Page output taller than the terminal.
    public var pager = true
    /// The file printed output goes to (`output FILE`); nil for standard output.
    public var output: String?
    /// Candles `show` prints from each end when it names no `--rows`.
    public var rows = 10
    /// How `show` lays out candles.
    public var format = ShowFormat.table

    public init() {}
}

/// How `show` lays out candles (`set format`, as psql's `\pset format` and DuckDB's `.mode`):
/// `table` (aligned, the summary line above), `vertical` (one block per candle, psql's `\x`),
/// `markdown` (a pipe table to paste), `csv` and `json` (the export's rows, every one).
public enum ShowFormat: String, Sendable, CaseIterable {
    case table, vertical, markdown, csv, json
}

/// One line of `set`'s listing.
public struct SettingLine: Sendable, Equatable {
    public var name: String
    public var value: String
    public var about: String

    public init(_ name: String, _ value: String, _ about: String) {
        self.name = name
        self.value = value
        self.about = about
    }
}
