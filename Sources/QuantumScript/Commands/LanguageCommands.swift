import ArgumentParser
import QuantumCore

/// The command language, declared once: the REPL, scripts, `-c` and argv mode parse with these
/// types, and `help` prints their generated help.
struct Language: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quantum",
        abstract: "Daily OHLCV candles from Polygon, FMP, Alpha Vantage and EODHD, with automatic fallback.",
        subcommands: [FetchCommand.self, BatchCommand.self, SourcesCommand.self, LimitsCommand.self, SetCommand.self, FaultCommand.self]
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

    /// The `--options` a command accepts, read from its generated help so they are declared once.
    static func optionNames(of name: String) -> [String] {
        guard let command = subcommand(named: name) else { return [] }
        var names: [String] = []
        for word in helpMessage(for: command).split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "," })
        where word.hasPrefix("--") {
            let name = String(word.prefix { $0 == "-" || $0.isLetter || $0.isNumber })
            if name.count > 2, !names.contains(name) { names.append(name) }
        }
        return names
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
    var ticker: String

    @Option(help: ArgumentHelp("The last N calendar days, today included.", valueName: "N"))
    var days: Int?

    @Option(help: ArgumentHelp("The first date, YYYY-MM-DD.", valueName: "DATE"))
    var from: String?

    @Option(help: ArgumentHelp("The last date, YYYY-MM-DD (default: today).", valueName: "DATE"))
    var to: String?

    @Option(help: ArgumentHelp("Ask only this source: no fallback, its errors are the answer.", valueName: "NAME"))
    var source: SourceID?

    @Option(help: ArgumentHelp("Price basis; any takes each source's own.", valueName: "BASIS"))
    var basis: BasisPreference = .any
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
            A @FILE lists tickers separated by spaces, commas or lines; '#' starts a comment.
            """
    )

    @Argument(help: ArgumentHelp("Tickers, or @FILE with tickers.", valueName: "TICKER"))
    var tickers: [String] = []

    @Option(help: ArgumentHelp("The last N calendar days, today included.", valueName: "N"))
    var days: Int?

    @Option(help: ArgumentHelp("The first date, YYYY-MM-DD.", valueName: "DATE"))
    var from: String?

    @Option(help: ArgumentHelp("The last date, YYYY-MM-DD (default: today).", valueName: "DATE"))
    var to: String?

    @Option(help: ArgumentHelp("Ask only this source: no fallback.", valueName: "NAME"))
    var source: SourceID?

    @Option(help: ArgumentHelp("Price basis; any takes each source's own.", valueName: "BASIS"))
    var basis: BasisPreference = .any

    @Option(help: ArgumentHelp("Tickers in flight at once.", valueName: "N"))
    var concurrency: Int = 8

    @Flag(help: "Fail (exit status 3) if any ticker could not be served.")
    var strict = false
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
    var spec: String?
}

struct SetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Change a setting for this session: set timeout 2s.",
        discussion: "Settings: timeout (per-request timeout, e.g. 2s or 500ms)."
    )

    @Argument(help: ArgumentHelp("The setting's name.", valueName: "NAME"))
    var name: String

    @Argument(help: ArgumentHelp("Its new value.", valueName: "VALUE"))
    var value: String
}

struct SourcesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources",
        abstract: "List the sources, or change their order or whether they are used.",
        discussion: """
            sources                          list priority, key, base URL, limits
            sources order eodhd,polygon      try eodhd first, then polygon, then the rest
            sources disable fmp              never ask fmp in this session
            """
    )

    @Argument(help: ArgumentHelp("order, enable or disable.", valueName: "ACTION"))
    var action: String?

    @Argument(help: ArgumentHelp("A source name, or for order a comma-separated list.", valueName: "NAME"))
    var value: String?
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
            """
    )

    @Argument(help: ArgumentHelp("A source name, or clear.", valueName: "SOURCE"))
    var target: String?

    @Argument(help: ArgumentHelp("The fault kind and its arguments.", valueName: "KIND"))
    var words: [String] = []
}

extension SourceID: ExpressibleByArgument {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension BasisPreference: ExpressibleByArgument {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}
