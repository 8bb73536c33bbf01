import ArgumentParser
import QuantumCore

/// A declared command that makes its `Command` from its typed values. `Located` says where each
/// value came from, for the checks that read several values together (or a file) at the word at
/// fault; every single value was already read and checked by its type.
protocol LanguageCommand: ParsableCommand {
    func command(_ at: Located) throws(ScriptError) -> Command
}

/// A rule between options, broken (`--days cannot be combined with --from or --to`), thrown from
/// `validate()`; `option` is the one whose value the caret points at.
struct OptionFault: Error, CustomStringConvertible {
    var message: String
    var option: String?

    var description: String { message }

    /// The fault inside an error ArgumentParser wrapped it in, if one is.
    static func within(_ error: any Error, depth: Int = 0) -> OptionFault? {
        if let fault = error as? OptionFault { return fault }
        guard depth < 4 else { return nil }
        for child in Mirror(reflecting: error).children {
            if let fault = child.value as? OptionFault { return fault }
            if let inner = child.value as? any Error, let fault = within(inner, depth: depth + 1) { return fault }
        }
        return nil
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

extension Located {
    /// A fault thrown by a declaration's rule, at its option's value.
    func error(_ fault: OptionFault) -> ScriptError {
        fault.option.map { error(fault.message, at: $0) } ?? error(fault.message)
    }

    /// The range of `options`, else an error at the option at fault.
    func range(_ options: RangeOptions) throws(ScriptError) -> DateRange? {
        do { return try options.range() } catch { throw self.error(error) }
    }
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

extension BatchCommand: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command {
        let range = try at.range(options.range) ?? .lastDays(DateRange.defaultDays)
        var tickers: [String] = []
        var lists: [String] = []
        for (item, word) in self.tickers.enumerated() {
            switch word {
            case .ticker(let ticker): tickers.append(ticker)
            case .file(let path):
                lists.append(path)
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
                    "--export \(path): the extension does not name a format; end it in .csv, .json or .ndjson, "
                        + "or add --format csv|json|ndjson", at: "--export")
            }
            batchExport = BatchExport(path: path, format: format)
        } else if format != nil {
            throw at.error("--format needs --export PATH", at: "--format")
        }
        return .batch(
            BatchSpec(
                tickers: tickers, range: range, source: options.source, basis: options.basis,
                concurrency: concurrency?.value, strict: strict, noCache: options.noCache, partial: options.partial,
                quiet: quiet, export: batchExport))
    }
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
                sources: sources?.ids, tolerance: tolerance?.fraction ?? 0.005))
    }
}

extension ShowCommand: LanguageCommand {
    func validate() throws {
        if all, rows != nil { throw OptionFault(message: "--rows cannot be combined with --all", option: "--rows") }
    }

    func command(_ at: Located) throws(ScriptError) -> Command {
        .show(ref, rows: all ? Int.max : rows?.value)
    }
}

extension ChartCommand: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command {
        .chart(ref, width: width?.value, height: height?.value, svg: svg)
    }
}

extension QualityCommand: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command { .quality(ref) }
}

extension ExportCommand: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command {
        .export(format, path: path.path, refs: refs)
    }
}

extension RecordCommand: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command {
        if target.lowercased() == "stop" {
            if force { throw at.error("record stop takes no --force", at: "--force") }
            return .record(.stop)
        }
        if case .failure(let problem) = FileName.read(target) {
            throw at.error("record \(problem.message)", positional: 0)
        }
        return .record(.start(path: target, force: force))
    }
}

extension RunCommand: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command { .run(path: path.path) }
}

extension SaveCommand: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command { .save(path: path.path, force: force) }
}

extension HistoryCommand: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command { .history(last: last?.value) }
}

extension TimingCommand: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command { .set(.timing(value?.on)) }
}

extension OutputCommand: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command { .output(path: path?.path) }
}

extension CacheCommand.Stats: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command { .cache(.stats) }
}

extension CacheCommand.Clear: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command { .cache(.clear(ticker: ticker?.text)) }
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

extension LimitsCommand: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command {
        guard let source else { return .limits(nil, []) }
        guard let spec else {
            throw at.error("limits \(source.rawValue) needs limits such as 5/min,25/day", positional: 0)
        }
        return .limits(source, spec.windows)
    }
}
