import ArgumentParser
import QuantumCore

/// The command language, declared once: the REPL, scripts, `-c` and argv mode parse with these
/// types, and `help` prints their generated help.
struct Language: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quantum",
        abstract: "Daily OHLCV candles from Polygon, FMP, Alpha Vantage and EODHD, with automatic fallback.",
        subcommands: [
            FetchCommand.self, BatchCommand.self, CompareCommand.self, ShowCommand.self, ChartCommand.self,
            QualityCommand.self, ExportCommand.self,
            ExpectCommand.self, SourcesCommand.self, LimitsCommand.self, FaultCommand.self, SetCommand.self,
            CacheCommand.self, CalendarCommand.self,
            RecordCommand.self, RunCommand.self, SaveCommand.self, HistoryCommand.self, TimingCommand.self,
            OutputCommand.self,
        ]
    )

    /// `help` and `quit` are handled before ArgumentParser (which reserves `help` for itself);
    /// they are listed here so help, errors and completion know them.
    static let builtins: [(name: String, abstract: String)] = [
        ("help", "Show the commands, or one command's options: help fetch."),
        ("quit", "Leave the REPL (Ctrl-D does too)."),
    ]

    /// Every command word, for errors and completion.
    static var commandNames: [String] {
        configuration.subcommands.compactMap { $0.configuration.commandName } + builtins.map(\.name)
    }

    static func subcommand(named name: String) -> (any ParsableCommand.Type)? {
        configuration.subcommands.first { $0.configuration.commandName == name }
    }
}

struct FetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Fetch daily candles for one ticker, falling back across sources in priority order.",
        discussion: """
            Without a range, the last \(DateRange.defaultDays) days. Examples:
              fetch AAPL --days 90
              fetch MSFT --from 2024-01-02 --to 2024-06-28 --source polygon
            """
    )

    @Argument(help: "The ticker, e.g. AAPL, BRK.B or BHP.AU.")
    var ticker: Ticker

    @OptionGroup var options: FetchOptions

    @Flag(help: "Fail (exit status 3) if trading days of the range have no bar from any source.")
    var strict = false
}

/// A date range: `--days N`, or `--from DATE [--to DATE]` (`fetch`, `batch`, `compare`).
struct RangeOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The last N calendar days, today included (1 to \(RequestVocabulary.maxDays)), or a span: 2w, 3m, 1y.",
            valueName: "N"))
    var days: RangeLength?

    @Option(help: ArgumentHelp("The first date, YYYY-MM-DD, or ytd (1 January of this year).", valueName: "DATE"))
    var from: RangeStart?

    @Option(help: ArgumentHelp("The last date, YYYY-MM-DD (default: today).", valueName: "DATE"))
    var to: TradingDate?
}

/// What `fetch` and `batch` both take: the range, the source, the basis, the cache.
struct FetchOptions: ParsableArguments {
    @OptionGroup var range: RangeOptions

    @Option(help: ArgumentHelp("Ask only this source: no fallback, its errors are the answer.", valueName: "NAME"))
    var source: SourceID?

    @Option(help: ArgumentHelp("Price basis; any takes each source's own.", valueName: "BASIS"))
    var basis: BasisPreference = .any

    @Flag(help: "Ask the providers even if the cache holds the bars (the answer still refreshes the cache).")
    var noCache = false

    @Flag(help: "Keep the bar of today's session while it is still open (marked partial in a note).")
    var partial = false
}

struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Fetch many tickers at once, in parallel, within every source's rate limits.",
        discussion: """
            Results keep the input order. A batch with some failed tickers still succeeds unless
            --strict. Examples:
              batch AAPL MSFT NVDA --days 30
              batch @tickers.txt --from 2024-01-02 --to 2024-12-31 --concurrency 16
              batch @market.txt --days 1826 --export market.ndjson
            A @FILE lists tickers separated by spaces, commas or lines; '#' starts a comment.
            With --export, each ticker's candles go to the file as soon as it is served (in input
            order, written atomically, PATH.manifest.json last) and the cell keeps a summary per
            ticker, not the candles: memory stays flat however many tickers. show, chart, quality
            and export read a ticker's candles back from the file.
            """
    )

    @Argument(help: ArgumentHelp("Tickers, or @FILE with tickers.", valueName: "TICKER"))
    var tickers: [TickerWord] = []

    @OptionGroup var options: FetchOptions

    @Option(
        help: ArgumentHelp(
            "Tickers in flight at once, 1 to \(NumberRange.concurrency.upperBound) (default 8, or 'set concurrency N').",
            valueName: "N"))
    var concurrency: Bounded<ConcurrencyLimit>?

    @Flag(help: "Fail (exit status 3) if any ticker could not be served, or misses trading days.")
    var strict = false

    @Flag(help: "Print only the summary and the tickers that failed or miss trading days.")
    var quiet = false

    @Option(
        help: ArgumentHelp(
            "Write the candles to this file as the batch goes (csv, json or ndjson by its extension).",
            valueName: "PATH"))
    var export: String?

    @Option(help: ArgumentHelp("The --export file's format when its extension does not say.", valueName: "FORMAT"))
    var format: ExportFormat?
}

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Fetch one range from several sources and report where they disagree.",
        discussion: """
            Each source is asked on its own (no fallback). Values are compared on the first raw
            source's scale; a split-adjusted series is put on it by the ratio each stretch of days
            shows. Reported: days whose close differs beyond the tolerance (volume: ten times
            it), and days only some sources have. Examples:
              compare AAPL --days 90
              compare NVDA --from 2024-05-01 --to 2024-06-28 --sources polygon,eodhd --tolerance 1%
            """
    )

    @Argument(help: "The ticker, e.g. AAPL.")
    var ticker: Ticker

    @OptionGroup var range: RangeOptions

    @Option(
        help: ArgumentHelp("The sources to compare, comma-separated (default: every usable one).", valueName: "NAMES"))
    var sources: SourceList?

    @Option(
        help: ArgumentHelp("How far closes may differ, e.g. 0.5% (default) or 0.01; from 0 to 50%.", valueName: "T"))
    var tolerance: Tolerance?
}

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a result's candles: the first and last rows, or --rows N, or --all.",
        discussion: """
            REF is $N (cell N's result), $_ (the last result) or a ticker (its latest result);
            without it, the last result. Examples:
              show                 show $2 --rows 20          show AAPL --all
            """
    )

    @Argument(help: ArgumentHelp("$N, $_ or a ticker (default: the last result).", valueName: "REF"))
    var ref: Ref?

    @Option(help: ArgumentHelp("Rows to show from each end (1 to \(NumberRange.rows.upperBound)).", valueName: "N"))
    var rows: Bounded<RowsLimit>?

    @Flag(help: "Every row.")
    var all = false
}

struct ChartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chart",
        abstract: "Draw the close price as a line chart, sized to the terminal, or write it as an SVG file.",
        discussion: """
            Examples: chart · chart AAPL · chart $3 --height 12 · chart $3 --svg aapl.svg
            In a notebook run with --output, every chart is written as an SVG beside it and linked.
            """
    )

    @Argument(help: ArgumentHelp("$N, $_ or a ticker (default: the last result).", valueName: "REF"))
    var ref: Ref?

    @Option(
        help: ArgumentHelp(
            "Columns, \(NumberRange.width.lowerBound) to \(NumberRange.width.upperBound) (default: the terminal's width).",
            valueName: "N"))
    var width: Bounded<WidthLimit>?

    @Option(
        help: ArgumentHelp(
            "Rows of the plot, \(NumberRange.height.lowerBound) to \(NumberRange.height.upperBound) (default 14).",
            valueName: "N"))
    var height: Bounded<HeightLimit>?

    @Option(
        help: ArgumentHelp(
            "Write an SVG file instead (price and date axes, one point per candle, fallback-served days marked); "
                + "several results get -TICKER before .svg.",
            valueName: "PATH"))
    var svg: String?
}

struct QualityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality",
        abstract: "Report a result's data quality: gaps, duplicates, integrity, zero volume, jumps, basis changes.",
        discussion: "Nothing is repaired; everything is said. Example: quality AAPL"
    )

    @Argument(help: ArgumentHelp("$N, $_ or a ticker (default: the last result).", valueName: "REF"))
    var ref: Ref?
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write results to a CSV, JSON or NDJSON file, with a provenance manifest beside it.",
        discussion: """
            Columns: ticker, date, open, high, low, close, volume, source, basis. The file is
            written atomically; PATH.manifest.json records per ticker the source, basis, attempts,
            rows, dates, simulated or live, and the file's SHA-256. Examples:
              export csv prices.csv                 the last result
              export ndjson pull.ndjson $2 $3 MSFT  several results in one file
            """
    )

    @Argument(help: ArgumentHelp("csv, json or ndjson.", valueName: "FORMAT"))
    var format: ExportFormat

    @Argument(help: ArgumentHelp("The file to write.", valueName: "PATH"))
    var path: FileName

    @Argument(help: ArgumentHelp("$N, $_ or tickers (default: the last result).", valueName: "REF"))
    var refs: [Ref] = []
}

struct ExpectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expect",
        abstract: "Assert something about a result; a script whose expectation fails exits with status 1.",
        discussion: """
            expect REF ok|failed|fallback
            expect REF FIELD OP VALUE     FIELD: source, candles, attempts, basis, cached
                                          OP: == != >= <= > <
            For a batch, every ticker must satisfy it. Examples:
              expect $2 ok            expect AAPL source == fmp
              expect $_ fallback      expect $3 candles >= 20
            """
    )

    @Argument(help: ArgumentHelp("REF, then a state or FIELD OP VALUE.", valueName: "WORDS"))
    var words: [String] = []
}

struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record the commands run from now on as a replayable script; 'record stop' ends it.",
        discussion: """
            Relative dates are written as absolute ones (--days 30 → --from … --to …), so a replay
            asks for the same data. Each command is written as soon as it has run.
            """
    )

    @Argument(help: ArgumentHelp("The script to write, or stop.", valueName: "PATH"))
    var target: String

    @Flag(help: "Replace the file if it exists (at the prompt you are asked instead).")
    var force = false
}

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a .qscript file's commands here, each as a cell of its own.",
        discussion: "Paths are relative to the current directory. Example: run examples/quickstart.qscript"
    )

    @Argument(help: ArgumentHelp("The script.", valueName: "PATH"))
    var path: FileName
}

struct SaveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "save",
        abstract: "Save the session as a Markdown notebook: each cell's input and its output.",
        discussion: "Example: save session.md"
    )

    @Argument(help: ArgumentHelp("The .md file to write.", valueName: "PATH"))
    var path: FileName

    @Flag(help: "Replace the file if it exists (at the prompt you are asked instead).")
    var force = false
}

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List this session's commands with their cell numbers (the last N with history N).",
        discussion: "At the prompt, !N runs cell N's command again and !! the previous one."
    )

    @Argument(help: ArgumentHelp("Only the last N commands.", valueName: "N"))
    var last: Bounded<HistoryLimit>?
}

struct TimingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timing",
        abstract: "Print how long each command took: timing on, timing off, or timing alone to toggle.",
        discussion: "The same as 'set timing on|off'."
    )

    @Argument(help: ArgumentHelp("on or off (default: toggle).", valueName: "ON|OFF"))
    var value: OnOff?
}

struct OutputCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "output",
        abstract:
            "Send what commands print to a file (replacing it), as psql's \\o; 'output' alone returns to the terminal.",
        discussion: "Errors and notes stay on the terminal (stderr). Example: output pull.log"
    )

    @Argument(help: ArgumentHelp("The file to write (default: back to standard output).", valueName: "FILE"))
    var path: FileName?
}

struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Show what the local candle cache holds, or clear it (all, or one ticker).",
        discussion: "cache stats · cache clear · cache clear AAPL",
        subcommands: [Stats.self, Clear.self],
        defaultSubcommand: Stats.self
    )

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stats", abstract: "What the cache holds: tickers, bars, size.")
    }

    struct Clear: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "clear", abstract: "Forget every cached bar, or one ticker's.")

        @Argument(help: ArgumentHelp("Only this ticker.", valueName: "TICKER"))
        var ticker: Ticker?
    }
}

struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Show an exchange's sessions, closures and early closes, or the calendar data in use.",
        discussion: """
            calendar                                   every exchange, and where the calendar data comes from
            calendar XNYS --from 1985-09-23 --to 1985-09-30   sessions and closures (Hurricane Gloria)
            calendar VOD.LSE                           the calendar a listing follows, this year
            calendar update FILE                       use a newer calendar file (made by
                                                       scripts/calendars/generate.py --text FILE)
            An exchange is named by its ISO 10383 MIC (XNYS, XLON, XETR, XHKG …) or a listing by its ticker.
            """
    )

    @Argument(help: ArgumentHelp("An exchange's MIC, a ticker, or update.", valueName: "EXCHANGE|TICKER"))
    var target: String?

    @Argument(help: ArgumentHelp("For update: the calendar file.", valueName: "FILE"))
    var file: String?

    @OptionGroup var range: RangeOptions
}

struct LimitsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "limits",
        abstract: "Show each source's rate-limit windows (used, left, reset), or set a source's limits.",
        discussion: """
            limits                              every window: used, remaining, resets in
            limits polygon 4/s                  at most 4 polygon requests in any second
            limits alphavantage 5/min,25/day    several windows at once
            Units: /s, /min, /h, /day. Each window is strict: at most N in any rolling window.
            """
    )

    @Argument(help: ArgumentHelp("A source name.", valueName: "SOURCE"))
    var source: SourceID?

    @Argument(help: ArgumentHelp("Limits such as 5/min,25/day.", valueName: "SPEC"))
    var spec: RateLimits?
}

struct SetCommand: ParsableCommand, NamedVerbs {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Change a setting for this session (set timeout 2s), or list them all (set).",
        discussion: "Examples: set · set timeout 2s · set concurrency 16 · set cache off · set pager on",
        subcommands: [Timeout.self, Concurrency.self, Cache.self, Timing.self, Pager.self]
    )

    /// What an unknown verb of `set` is called in messages.
    static let verbNoun = "setting"

    struct Timeout: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "timeout", abstract: "The per-request timeout, e.g. 2s or 500ms, 1ms to 1h (default 15s).")

        @Argument(help: ArgumentHelp("A duration.", valueName: "DURATION"))
        var value: TimeoutValue?
    }

    struct Concurrency: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "concurrency",
            abstract: "Tickers a batch fetches at once, 1 to \(NumberRange.concurrency.upperBound) (default 8).")

        @Argument(help: ArgumentHelp("A whole number.", valueName: "N"))
        var value: Bounded<ConcurrencyLimit>?
    }

    struct Cache: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cache", abstract: "Whether fetches use the local cache at all.")

        @Argument(help: ArgumentHelp("on or off.", valueName: "ON|OFF"))
        var value: OnOff?
    }

    struct Timing: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "timing", abstract: "Print each command's time (as 'timing on'); alone, toggle.")

        @Argument(help: ArgumentHelp("on or off (default: toggle).", valueName: "ON|OFF"))
        var value: OnOff?
    }

    struct Pager: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pager", abstract: "Page output taller than the terminal ($PAGER, else less -FRX).")

        @Argument(help: ArgumentHelp("on or off.", valueName: "ON|OFF"))
        var value: OnOff?
    }
}

struct SourcesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources",
        abstract: "List the sources, or change their order or whether they are used.",
        discussion: """
            sources                          list priority, key, base URL, limits
            sources order eodhd,polygon      try eodhd first, then polygon, then the rest
            sources disable fmp              never ask fmp in this session
            """,
        subcommands: [List.self, Order.self, Enable.self, Disable.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "Priority, key, base URL and limits of each source.")
    }

    struct Order: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "order", abstract: "Try these sources first, in this order, then the rest.")

        @Argument(help: ArgumentHelp("Source names, comma-separated: eodhd,polygon.", valueName: "NAMES"))
        var sources: SourceList
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "enable", abstract: "Use a source again in this session.")

        @Argument(help: ArgumentHelp("A source name.", valueName: "SOURCE"))
        var source: SourceID
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "disable", abstract: "Never ask a source in this session.")

        @Argument(help: ArgumentHelp("A source name.", valueName: "SOURCE"))
        var source: SourceID
    }
}

struct FaultCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fault",
        abstract: "Inject a failure at a source to see fallback (the simulator's, or client-side with real keys).",
        discussion: """
            fault                            list the faults in force
            fault polygon ratelimit          every polygon request is rate-limited
            fault fmp error500 x3            the next three fmp requests fail with HTTP 500
            fault eodhd slow 2s              eodhd answers two seconds late
            fault alphavantage flaky 0.3     30 % of requests fail at random
            fault clear [SOURCE]             remove faults
            Kinds: down, error500, ratelimit, timeout, slow DURATION, badjson, authfail, notfound,
            empty, premium, flaky P. A count (x3) or a probability (0.5) limits how often.
            Bars in the cache are served without asking any source: 'set cache off' (or a
            fetch's --no-cache) lets the faults act.
            """
    )

    @Argument(help: ArgumentHelp("A source name, or clear.", valueName: "SOURCE"))
    var target: String?

    @Argument(help: ArgumentHelp("The fault kind and its arguments.", valueName: "KIND"))
    var words: [String] = []
}

extension SourceID: ExpressibleByArgument {
    public static var allValueStrings: [String] { ProviderRegistry.names }
}

extension BasisPreference: ExpressibleByArgument {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension ExportFormat: ExpressibleByArgument {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}
