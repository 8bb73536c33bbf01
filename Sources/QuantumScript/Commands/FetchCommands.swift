import ArgumentParser
import QuantumCore

// Fetching: the range, the request options, and the commands that fetch (`fetch`, `batch`,
// `compare`), each declaration with the `Command` it makes.

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

extension RangeOptions {
    /// The range the options give, nil when none is given; the rules between them are
    /// `RequestVocabulary.range`'s.
    func range() throws(OptionFault) -> DateRange? {
        switch RequestVocabulary.range(days: days?.range, from: from.map(\.date), to: to, names: .options) {
        case .success(let range): return range
        case .failure(let problem):
            let names = RequestVocabulary.RangeNames.options
            let option =
                switch problem.parameter {
                case .days: names.days
                case .from: names.from
                case .to: names.to
                }
            throw OptionFault(message: problem.message, option: option)
        }
    }

    var isGiven: Bool { days != nil || from != nil || to != nil }

    func validate() throws {
        _ = try range()
    }
}

/// What `fetch` and `batch` both take: the range, the source, the basis, the cache.
struct FetchOptions: ParsableArguments {
    @OptionGroup var range: RangeOptions

    @Option(help: ArgumentHelp("Ask only this source: no fallback, its errors are the answer.", valueName: "SOURCE"))
    var source: SourceID?

    @Option(
        help: ArgumentHelp(
            "Price basis: raw, split or split+dividend, computed here from the corporate actions whichever source "
                + "serves (default: the session's, 'set basis'; split to start with).", valueName: "BASIS"))
    var basis: BasisPreference?

    @Flag(help: "Ask the providers even if the cache holds the bars (the answer still refreshes the cache).")
    var noCache = false

    @Flag(help: "Keep the bar of today's session while it is still open (marked partial in a note).")
    var partial = false
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

extension FetchCommand: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command {
        .fetch(
            FetchSpec(
                ticker: ticker.text, range: try at.range(options.range) ?? .lastDays(DateRange.defaultDays),
                source: options.source, basis: options.basis, noCache: options.noCache, partial: options.partial,
                strict: strict))
    }
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
            "Write the candles to this file as the batch goes (csv, json, ndjson or parquet by its extension).",
            valueName: "PATH"))
    var export: String?

    @Option(help: ArgumentHelp("The --export file's format when its extension does not say.", valueName: "FORMAT"))
    var format: ExportFormat?
}

extension BatchCommand: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command {
        let range = try at.range(options.range) ?? .lastDays(DateRange.defaultDays)
        var tickers: [String] = []
        var lists: [String] = []
        var files: [BatchSpec.TickerFile] = []
        for (item, word) in self.tickers.enumerated() {
            switch word {
            case .ticker(let ticker): tickers.append(ticker)
            case .file(let path):
                lists.append(path)
                let before = tickers.count
                defer { files.append(BatchSpec.TickerFile(path: path, tickers: before..<tickers.count)) }
                let text: String
                switch TextFile.read(path) {
                case .success(let contents): text = contents
                case .failure(let error):
                    throw at.error(
                        "cannot read the ticker file '\(path)' (\(error.reason))", positional: 0, item: item)
                }
                for listed in TickerList.parse(text) {
                    switch RequestVocabulary.ticker(listed) {
                    case .success(let ticker): tickers.append(ticker)
                    case .failure(let problem): throw at.error(problem.message, positional: 0, item: item)
                    }
                }
            }
        }
        guard !tickers.isEmpty else {
            throw at.error("batch needs tickers, e.g. batch AAPL MSFT or batch @tickers.txt")
        }
        var batchExport: BatchExport?
        if let path = export {
            if path == Exporter.standardOutput {
                throw at.error(
                    "--export writes a file as the batch goes; for standard output run the batch, then export csv -",
                    at: "--export")
            }
            if let list = lists.first(where: { FileTarget.sameFile($0, path) }) {
                throw at.error(
                    "--export \(path) is the ticker list @\(list): the export would replace it; choose another path",
                    at: "--export")
            }
            guard let format = format ?? ExportFormat(extensionOf: path) else {
                throw at.error(
                    "--export \(path): the extension does not name a format; end it in .csv, .json, .ndjson or "
                        + ".parquet, or add --format csv|json|ndjson|parquet", at: "--export")
            }
            batchExport = BatchExport(path: path, format: format)
        } else if format != nil {
            throw at.error("--format needs --export PATH", at: "--format")
        }
        var spec = BatchSpec(
            tickers: tickers, range: range, source: options.source, basis: options.basis,
            concurrency: concurrency?.value, strict: strict, noCache: options.noCache, partial: options.partial,
            quiet: quiet, export: batchExport)
        spec.lists = files
        return .batch(spec)
    }
}

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Fetch one range from several sources and report where they disagree.",
        discussion: """
            Each source is asked on its own (no fallback), and every source's bars are put on one
            basis here from the corporate actions (--basis, default the session's). Reported: days
            whose close differs beyond the tolerance (volume: ten times it), days only some sources
            have, and where a source's own adjustment disagrees with the ledger (a missed split, a
            dividend applied twice). Examples:
              compare AAPL --days 90
              compare NVDA --from 2024-05-01 --to 2024-06-28 --sources polygon,eodhd --tolerance 1%
              compare AAPL --days 1y --basis split+dividend
            """
    )

    @Argument(help: "The ticker, e.g. AAPL.")
    var ticker: Ticker

    @OptionGroup var range: RangeOptions

    @Option(
        help: ArgumentHelp(
            "Price basis every source is compared on: raw, split or split+dividend (default: the session's).",
            valueName: "BASIS"))
    var basis: BasisPreference?

    @Option(
        help: ArgumentHelp("The sources to compare, comma-separated (default: every usable one).", valueName: "NAMES"))
    var sources: SourceList?

    @Option(
        help: ArgumentHelp("How far closes may differ, e.g. 0.5% (default) or 0.01; from 0 to 50%.", valueName: "T"))
    var tolerance: Tolerance?
}

extension CompareCommand: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command {
        if let sources, sources.ids.count == 1 {
            throw at.error(
                "compare needs at least two sources to compare, got only '\(sources.ids[0].rawValue)' "
                    + "(e.g. --sources polygon,fmp)", at: "--sources")
        }
        return .compare(
            CompareSpec(
                ticker: ticker.text, range: try at.range(range) ?? .lastDays(DateRange.defaultDays),
                sources: sources?.ids, tolerance: tolerance?.fraction ?? 0.005, basis: basis))
    }
}

/// A word of `batch`: a ticker, or `@FILE` naming a file of tickers.
enum TickerWord: CommandValue {
    case ticker(String)
    case file(String)

    static func read(_ text: String) -> Result<TickerWord, RequestVocabulary.Problem> {
        if text.hasPrefix("@") { return .success(.file(String(text.dropFirst()))) }
        return RequestVocabulary.ticker(text).map(TickerWord.ticker)
    }

    static var namesItself: Bool { true }
    static var completion: ValueCompletion { .tickers }
}
