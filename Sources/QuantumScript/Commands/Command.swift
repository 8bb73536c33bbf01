import QuantumCore

/// A parsed command, ready for a session to execute.
public enum Command: Sendable, Equatable {
    case fetch(FetchSpec)
    case batch(BatchSpec)
    case compare(CompareSpec)
    /// `actions TICKER [--from DATE] [--to DATE] [--sources a,b]`.
    case actions(ActionsSpec)
    case sources(SourcesAction)
    /// `limits` (nil) or `limits SOURCE SPEC`.
    case limits(SourceID?, [RateWindow])
    case set(Setting)
    /// `set` alone: every setting and its value.
    case settings
    case fault(FaultAction)
    /// `show [REF] [--rows N | --all]`; nil rows: the default head and tail.
    case show(Ref?, rows: Int?)
    /// `chart [REF] [--width N] [--height N] [--svg PATH]`: with `svg`, written as an SVG file
    /// (`PATH`, or `PATH` with `-TICKER` before `.svg` when REF names several results).
    case chart(Ref?, width: Int?, height: Int?, svg: String? = nil)
    case quality(Ref?)
    case export(ExportFormat, path: String, refs: [Ref], wide: WideField?)
    case expect(Expectation)
    case record(RecordAction)
    /// `run PATH`: its commands run as cells of their own (the runner expands it).
    case run(path: String)
    /// `save PATH [--force]`; without --force an existing file is not replaced.
    case save(path: String, force: Bool)
    /// `history [N]`: every command, or the last N.
    case history(last: Int?)
    /// `output FILE` sends what commands print to FILE (replacing it); `output` alone back to stdout.
    case output(path: String?)
    case cache(CacheAction)
    case calendar(CalendarAction)
    case help(topic: String?)
    case quit
    /// `let NAME = VALUE`: a value for `${NAME}` in later commands (see `Parameters`).
    case `let`(name: String, value: String)

    /// The command word, as in JSON output's `"command"`.
    public var name: String {
        switch self {
        case .fetch: "fetch"
        case .batch: "batch"
        case .compare: "compare"
        case .actions: "actions"
        case .sources: "sources"
        case .limits: "limits"
        case .set, .settings: "set"
        case .fault: "fault"
        case .show: "show"
        case .chart: "chart"
        case .quality: "quality"
        case .export: "export"
        case .expect: "expect"
        case .record: "record"
        case .run: "run"
        case .save: "save"
        case .history: "history"
        case .output: "output"
        case .cache: "cache"
        case .calendar: "calendar"
        case .help: "help"
        case .quit: "quit"
        case .let: "let"
        }
    }
}

/// One ticker's range from several sources, compared.
public struct CompareSpec: Sendable, Equatable {
    public var ticker: String
    public var range: DateRange
    /// The sources to ask; nil for every usable one.
    public var sources: [SourceID]?
    /// Relative tolerance of closes (volumes get ten times it).
    public var tolerance: Double
    /// The basis every source's bars are compared on; nil takes the session's.
    public var basis: BasisPreference?

    public init(
        ticker: String, range: DateRange, sources: [SourceID]? = nil, tolerance: Double = 0.005,
        basis: BasisPreference? = nil
    ) {
        self.ticker = ticker
        self.range = range
        self.sources = sources
        self.tolerance = tolerance
        self.basis = basis
    }
}

/// A ticker's corporate actions, shown within a range (every event is read: a basis needs them all).
public struct ActionsSpec: Sendable, Equatable {
    public var ticker: String
    /// The first and last dates shown; nil: unbounded.
    public var from: TradingDate?
    public var to: TradingDate?
    /// The sources to ask; nil for every usable one.
    public var sources: [SourceID]?

    public init(ticker: String, from: TradingDate? = nil, to: TradingDate? = nil, sources: [SourceID]? = nil) {
        self.ticker = ticker
        self.from = from
        self.to = to
        self.sources = sources
    }
}

/// What to fetch: a ticker over a range, optionally from one source only.
public struct FetchSpec: Sendable, Equatable {
    public var ticker: String
    public var range: DateRange
    public var source: SourceID?
    /// The basis asked for; nil takes the session's (`set basis`, default split).
    public var basis: BasisPreference?
    /// Ask the providers even when the cache holds the bars.
    public var noCache: Bool
    /// Keep the bar of a session still open.
    public var partial: Bool
    /// An incomplete result is a failed command.
    public var strict: Bool

    public init(
        ticker: String, range: DateRange, source: SourceID? = nil, basis: BasisPreference? = nil, noCache: Bool = false,
        partial: Bool = false, strict: Bool = false
    ) {
        self.ticker = ticker
        self.range = range
        self.source = source
        self.basis = basis
        self.noCache = noCache
        self.partial = partial
        self.strict = strict
    }
}

/// Many tickers over one range.
public struct BatchSpec: Sendable, Equatable {
    public var tickers: [String]
    /// The ticker files (`@FILE`) the tickers were read from, with what each held: a saved or
    /// recorded batch names the file again instead of its every ticker.
    public var lists: [TickerFile] = []
    public var range: DateRange
    public var source: SourceID?
    /// The basis asked for; nil takes the session's (`set basis`, default split).
    public var basis: BasisPreference?
    /// Tickers in flight at once; nil takes the session's setting.
    public var concurrency: Int?
    /// A batch with failed or incomplete tickers is a failed command.
    public var strict: Bool
    public var noCache: Bool
    public var partial: Bool
    /// Show only the summary and the tickers that failed or miss days (`--quiet`).
    public var quiet: Bool
    /// `--export PATH` (`--format`): the candles go to this file as the batch goes.
    public var export: BatchExport?

    /// A `@FILE` of `batch`: its path as written, and where its tickers are in `tickers`.
    public struct TickerFile: Sendable, Equatable {
        public var path: String
        public var tickers: Range<Int>
    }

    public init(
        tickers: [String], range: DateRange, source: SourceID? = nil, basis: BasisPreference? = nil,
        concurrency: Int? = nil,
        strict: Bool = false, noCache: Bool = false, partial: Bool = false, quiet: Bool = false,
        export: BatchExport? = nil
    ) {
        self.export = export
        self.partial = partial
        self.quiet = quiet
        self.tickers = tickers
        self.range = range
        self.source = source
        self.basis = basis
        self.concurrency = concurrency
        self.strict = strict
        self.noCache = noCache
    }
}

/// Where a streamed batch writes its candles, and in which format.
public struct BatchExport: Sendable, Equatable {
    public var path: String
    public var format: ExportFormat

    public init(path: String, format: ExportFormat) {
        self.path = path
        self.format = format
    }
}

/// `set NAME VALUE`.
public enum Setting: Sendable, Equatable {
    /// The per-request timeout.
    case timeout(Duration)
    /// A batch's default concurrency.
    case concurrency(Int)
    /// Whether fetches read the cache.
    case cache(Bool)
    /// Whether each command's time is printed after it; nil toggles (`timing`, as psql's `\timing`).
    case timing(Bool?)
    /// Whether output taller than the terminal goes through the pager (`$PAGER`, else `less -FRX`).
    case pager(Bool)
    /// The basis fetches, batches and comparisons ask for when they name none.
    case basis(BasisPreference)
    /// Candles `show` prints from each end by default.
    case rows(Int)
    /// How `show` lays out candles.
    case format(ShowFormat)
}

/// `sources`, `sources order a,b,c,d`, `sources enable NAME`, `sources disable NAME`.
public enum SourcesAction: Sendable, Equatable {
    case list
    case order([SourceID])
    case enable(SourceID)
    case disable(SourceID)
}

/// `fault`, `fault SOURCE KIND …`, `fault clear [SOURCE]`.
public enum FaultAction: Sendable, Equatable {
    case list
    case inject(SourceID, Fault)
    case clear(SourceID?)
}

/// `record PATH [--force]` or `record stop`.
public enum RecordAction: Sendable, Equatable {
    /// Without `force` an existing file is not replaced.
    case start(path: String, force: Bool)
    case stop
}

/// `cache stats` or `cache clear [TICKER]`.
public enum CacheAction: Sendable, Equatable {
    case stats
    case clear(ticker: String?)
}

/// Which results a command is about: `$N` (cell N), `$_` (the last result), or a ticker (its
/// most recent result).
public enum Ref: Sendable, Equatable, CustomStringConvertible {
    case cell(Int)
    /// `$-N`: the cell N before the one that refers (`$-1` is the previous cell).
    case back(Int)
    case last
    case ticker(String)

    public var description: String {
        switch self {
        case .cell(let n): "$\(n)"
        case .back(let n): "$-\(n)"
        case .last: "$_"
        case .ticker(let t): t
        }
    }
}

/// `expect REF ok|failed|fallback` or `expect REF FIELD OP VALUE`.
public struct Expectation: Sendable, Equatable {
    public enum State: String, Sendable, CaseIterable {
        case ok, failed, fallback
    }

    public enum Field: String, Sendable, CaseIterable {
        case source, candles, attempts, basis, cached

        /// Counted fields compare as numbers; the others as words.
        public var isCount: Bool { self == .candles || self == .attempts || self == .cached }
    }

    public enum Operator: String, Sendable, CaseIterable {
        case equal = "==", notEqual = "!=", atLeast = ">=", atMost = "<=", greater = ">", less = "<"
    }

    public enum Check: Sendable, Equatable {
        case state(State)
        case compare(Field, Operator, String)
    }

    public var ref: Ref
    public var check: Check

    public init(ref: Ref, check: Check) {
        self.ref = ref
        self.check = check
    }
}

/// `calendar`: the exchanges and the data in use; `calendar EXCHANGE|TICKER [range]` (nil: this
/// calendar year); `calendar update FILE`.
public enum CalendarAction: Sendable, Equatable {
    case list
    case show(String, DateRange?)
    case update(path: String)
}

extension Command {
    /// `export FORMAT -`: the command's data is what stdout carries.
    public var writesToStandardOutput: Bool {
        if case .export(_, let path, _, _) = self { return path == Exporter.standardOutput }
        return false
    }
}
