import ArgumentParser
import QuantumCore

// The commands that change or show settings and state: set, sources, limits, fault, cache,
// calendar. Verbs (`sources order`, `cache clear`, `set timeout`) are subcommands.

struct SetCommand: ParsableCommand, NamedVerbs {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Change a setting for this session (set timeout 2s), or list them all (set).",
        discussion:
            "Examples: set · set timeout 2s · set concurrency 16 · set cache off · set pager on · set basis raw · "
            + "set rows 5 · set format vertical",
        subcommands: [
            Timeout.self, Concurrency.self, Cache.self, Timing.self, Pager.self, Basis.self, Rows.self, Format.self,
        ]
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

extension SetCommand {
    struct Basis: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "basis",
            abstract: "The price basis fetch, batch and compare use when they name none (default split).")

        @Argument(help: ArgumentHelp("raw, split or split+dividend.", valueName: "BASIS"))
        var value: BasisPreference?
    }
}

extension SetCommand {
    struct Rows: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rows", abstract: "Candles show prints from each end when it names no --rows (default 10).")

        @Argument(help: ArgumentHelp("A whole number.", valueName: "N"))
        var value: Bounded<RowsLimit>?
    }

    struct Format: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "format",
            abstract: "How show lays out candles: table (default), vertical, markdown, csv or json.")

        @Argument(help: ArgumentHelp("table, vertical, markdown, csv or json.", valueName: "FORMAT"))
        var value: ShowFormat?
    }
}

extension SetCommand.Rows: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command { .set(.rows(try SetCommand.value(value, at).value)) }
}

extension SetCommand.Format: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command { .set(.format(try SetCommand.value(value, at))) }
}

extension SetCommand: LanguageCommand {
    /// `set` alone: every setting and its value.
    func command(_ at: Located) throws(ScriptError) -> Command { .settings }

    /// A setting's value, else an error at the setting's name: `set timeout` needs one.
    static func value<Value>(_ value: Value?, _ at: Located) throws(ScriptError) -> Value {
        guard let value else {
            throw at.error("\(at.path) needs a value; 'set' alone lists every setting", at: at.verb)
        }
        return value
    }
}

extension SetCommand.Timeout: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command {
        .set(.timeout(try SetCommand.value(value, at).duration))
    }
}

extension SetCommand.Concurrency: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command {
        .set(.concurrency(try SetCommand.value(value, at).value))
    }
}

extension SetCommand.Cache: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command { .set(.cache(try SetCommand.value(value, at).on)) }
}

extension SetCommand.Timing: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command { .set(.timing(value?.on)) }
}

extension SetCommand.Basis: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command { .set(.basis(try SetCommand.value(value, at))) }
}

extension SetCommand.Pager: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command { .set(.pager(try SetCommand.value(value, at).on)) }
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

extension SourcesCommand.List: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command { .sources(.list) }
}

extension SourcesCommand.Order: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command { .sources(.order(sources.ids)) }
}

extension SourcesCommand.Enable: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command { .sources(.enable(source)) }
}

extension SourcesCommand.Disable: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command { .sources(.disable(source)) }
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

extension LimitsCommand: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command {
        guard let source else { return .limits(nil, []) }
        guard let spec else {
            throw at.error("limits \(source.rawValue) needs limits such as 5/min,25/day", positional: 0)
        }
        return .limits(source, spec.windows)
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

extension FaultCommand: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command {
        let names = ProviderRegistry.names
        guard let target = target?.lowercased() else { return .fault(.list) }
        if target == "clear" {
            guard let name = words.first else { return .fault(.clear(nil)) }
            guard words.count == 1, let id = SourceID(rawValue: name.lowercased()) else {
                throw at.error(
                    Suggestion.phrase("expected a source name to clear", name, names), positional: 1)
            }
            return .fault(.clear(id))
        }
        guard let id = SourceID(rawValue: target) else {
            let text = at.token(positional: 0).text
            throw at.error(Suggestion.phrase("unknown source '\(text)'", text, names + ["clear"]), positional: 0)
        }
        guard !words.isEmpty else {
            throw at.error("fault \(target) needs a kind: \(Fault.kindNames.joined(separator: ", "))", positional: 0)
        }
        switch Fault.parse(words) {
        case .success(let fault):
            return .fault(.inject(id, fault))
        case .failure(let error):
            let item = min(words.count - 1, error.word)
            let text = at.token(positional: 1, item: item).text
            let message = error.word == 0 ? Suggestion.phrase(error.message, text, Fault.kindNames) : error.message
            throw at.error(message, positional: 1, item: item)
        }
    }
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

extension CacheCommand.Stats: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command { .cache(.stats) }
}

extension CacheCommand.Clear: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command { .cache(.clear(ticker: ticker?.text)) }
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

extension CalendarCommand: LanguageCommand {
    /// The longest range `calendar` shows (200 years).
    static let longestRange = 73_050

    func command(_ at: Located) throws(ScriptError) -> Command {
        guard let target else {
            if range.isGiven { throw at.error("calendar needs an exchange or a ticker for a range") }
            return .calendar(.list)
        }
        if target.lowercased() == "update" {
            guard let file else {
                throw at.error("calendar update needs a file, e.g. calendar update calendars.txt")
            }
            if range.isGiven { throw at.error("calendar update takes no range") }
            if case .failure(let problem) = FileName.read(file) {
                throw at.error("calendar update \(problem.message)", positional: 1)
            }
            return .calendar(.update(path: file))
        }
        if let extra = file {
            throw at.error("calendar takes one exchange or ticker, got '\(extra)' too", positional: 1)
        }
        let name: String
        switch RequestVocabulary.ticker(target) {
        case .success(let ticker): name = ticker
        case .failure(let problem): throw at.error(problem.message, positional: 0)
        }
        if name.hasPrefix(".") {
            throw at.error("'\(target)' names no listing: a ticker comes before the dot", positional: 0)
        }
        let range = try at.range(range)
        if case .dates(let from, let to?) = range, from.days(to: to) > Self.longestRange {
            throw at.error(
                "calendar shows at most \(Self.longestRange / 365) years at a time; \(from) … \(to) is longer",
                at: "--from")
        }
        return .calendar(.show(name, range))
    }
}
