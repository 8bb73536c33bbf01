import ArgumentParser
import Foundation
import QuantumCore

/// Turns a tokenized command into a `Command`, or a `ScriptError` that points at the word at fault.
public enum CommandParser {
    public static func parse(_ line: ScriptLine) throws(ScriptError) -> Command {
        guard let word = line.tokens.first else { throw ScriptError("empty command", command: line) }
        let name = word.text.lowercased()
        let arguments = line.tokens.dropFirst().map(\.text)
        switch name {
        case "help":
            guard arguments.count <= 1 else {
                throw ScriptError("help takes at most one command name", at: line.tokens[2], in: line)
            }
            let topics = Language.commandNames + HelpText.topics
            if let topic = arguments.first, !topics.contains(topic.lowercased()) {
                throw ScriptError(
                    Suggestion.phrase("no help for '\(topic)'", topic, topics), at: line.tokens[1], in: line)
            }
            return .help(topic: arguments.first?.lowercased())
        case "quit", "exit":
            guard arguments.isEmpty else { throw ScriptError("quit takes no arguments", at: line.tokens[1], in: line) }
            return .quit
        default:
            break
        }
        guard let declaration = Declaration.of(name) else { throw unknownCommand(word, line) }
        if arguments.contains("--help") || arguments.contains("-h") { return .help(topic: name) }
        try ArgumentCheck.check(line, against: declaration)
        let parsed: any ParsableCommand
        do {
            parsed = try Language.parseAsRoot([name] + arguments)
        } catch {
            // The check above finds what ArgumentParser would refuse; this is a backstop.
            throw ScriptError(
                "\(name): "
                    + (Language.message(for: error).split(separator: "\n").first.map(String.init) ?? "cannot be parsed"),
                command: line)
        }
        switch parsed {
        case let fetch as FetchCommand: return .fetch(try spec(fetch, line))
        case let batch as BatchCommand: return .batch(try spec(batch, line))
        case let limits as LimitsCommand: return try self.limits(limits, line)
        case let set as SetCommand:
            guard set.name != nil else { return .settings }
            return .set(try setting(set, line))
        case let timing as TimingCommand:
            return .set(
                .timing(try timing.value.map { (text: String) throws(ScriptError) in try onOff(text, "timing", line) }))
        case let output as OutputCommand:
            return .output(
                path: try output.path.map { (path: String) throws(ScriptError) in try fileName(path, "output", line) })
        case let sources as SourcesCommand: return .sources(try action(sources, line))
        case let fault as FaultCommand: return .fault(try faultAction(fault, line))
        case let show as ShowCommand:
            if show.all, show.rows != nil {
                throw ScriptError("--rows cannot be combined with --all", at: valueToken("--rows", line), in: line)
            }
            let rows = try show.rows.map { (text: String) throws(ScriptError) in
                try number(text, "--rows", NumberRange.rows, line)
            }
            return .show(try ref(show.ref, line), rows: show.all ? Int.max : rows)
        case let chart as ChartCommand:
            let width = try chart.width.map { (text: String) throws(ScriptError) in
                try number(text, "--width", NumberRange.width, line)
            }
            let height = try chart.height.map { (text: String) throws(ScriptError) in
                try number(text, "--height", NumberRange.height, line)
            }
            return .chart(try ref(chart.ref, line), width: width, height: height, svg: chart.svg)
        case let quality as QualityCommand: return .quality(try ref(quality.ref, line))
        case let compare as CompareCommand: return .compare(try spec(compare, line))
        case let export as ExportCommand:
            var refs: [Ref] = []
            for word in export.refs { refs.append(try ref(word, line) ?? .last) }
            return .export(export.format, path: try fileName(export.path, "export", line), refs: refs)
        case let expect as ExpectCommand: return .expect(try expectation(expect.words, line))
        case let record as RecordCommand:
            if record.target.lowercased() == "stop" {
                if record.force {
                    throw ScriptError("record stop takes no --force", at: token("--force", line), in: line)
                }
                return .record(.stop)
            }
            return .record(.start(path: try fileName(record.target, "record", line), force: record.force))
        case let run as RunCommand: return .run(path: run.path)
        case let save as SaveCommand: return .save(path: try fileName(save.path, "save", line), force: save.force)
        case let history as HistoryCommand:
            return .history(
                last: try history.last.map { (text: String) throws(ScriptError) in
                    try NumberRange.whole(text, NumberRange.historyLast, "history", at: token(text, line), in: line)
                })
        case let cache as CacheCommand: return .cache(try cacheAction(cache, line))
        case let calendar as CalendarCommand: return .calendar(try calendarAction(calendar, line))
        default: throw ScriptError("'\(name)' cannot be run here", command: line)
        }
    }

    private static func spec(_ command: FetchCommand, _ line: ScriptLine) throws(ScriptError) -> FetchSpec {
        let options = command.options
        return FetchSpec(
            ticker: try ticker(command.ticker, token(command.ticker, line), line),
            range: try range(options.range, line),
            source: options.source,
            basis: options.basis, noCache: options.noCache, partial: options.partial, strict: command.strict)
    }

    private static func spec(_ command: BatchCommand, _ line: ScriptLine) throws(ScriptError) -> BatchSpec {
        let options = command.options
        let range = try range(options.range, line)
        var tickers: [String] = []
        var lists: [String] = []
        for word in command.tickers {
            let token = line.tokens.first { $0.text == word } ?? line.tokens[0]
            if word.hasPrefix("@") {
                let path = String(word.dropFirst())
                lists.append(path)
                let text: String
                switch TextFile.read(path) {
                case .success(let contents): text = contents
                case .failure(let error):
                    throw ScriptError("cannot read the ticker file '\(path)' (\(error.reason))", at: token, in: line)
                }
                for listed in TickerList.parse(text) { tickers.append(try ticker(listed, token, line)) }
            } else {
                tickers.append(try ticker(word, token, line))
            }
        }
        guard !tickers.isEmpty else {
            throw ScriptError("batch needs tickers, e.g. batch AAPL MSFT or batch @tickers.txt", command: line)
        }
        let concurrency = try command.concurrency.map { (text: String) throws(ScriptError) in
            try number(text, "--concurrency", NumberRange.concurrency, line)
        }
        var export: BatchExport?
        if let path = command.export {
            if path == Exporter.standardOutput {
                throw ScriptError(
                    "--export writes a file as the batch goes; for standard output run the batch, then export csv -",
                    at: valueToken("--export", line), in: line)
            }
            if let list = lists.first(where: { FileTarget.sameFile($0, path) }) {
                throw ScriptError(
                    "--export \(path) is the ticker list @\(list): the export would replace it; choose another path",
                    at: valueToken("--export", line), in: line)
            }
            guard let format = command.format ?? ExportFormat(extensionOf: path) else {
                throw ScriptError(
                    "--export \(path): the extension does not name a format; end it in .csv, .json or .ndjson, "
                        + "or add --format csv|json|ndjson",
                    at: valueToken("--export", line), in: line)
            }
            export = BatchExport(path: path, format: format)
        } else if command.format != nil {
            throw ScriptError("--format needs --export PATH", at: valueToken("--format", line), in: line)
        }
        return BatchSpec(
            tickers: tickers, range: range, source: options.source, basis: options.basis, concurrency: concurrency,
            strict: command.strict,
            noCache: options.noCache, partial: options.partial, quiet: command.quiet, export: export)
    }

    private static func spec(_ command: CompareCommand, _ line: ScriptLine) throws(ScriptError) -> CompareSpec {
        var sources: [SourceID]?
        if let text = command.sources {
            sources = try sourceList(text, at: valueToken("--sources", line), line)
            if sources?.count == 1 {
                throw ScriptError(
                    "compare needs at least two sources to compare, got only '\(text)' (e.g. --sources polygon,fmp)",
                    at: valueToken("--sources", line), in: line)
            }
        }
        var tolerance = 0.005
        if let text = command.tolerance {
            let value = text.hasSuffix("%") ? Double(text.dropLast()).map { $0 / 100 } : Double(text)
            guard let value, value.isFinite, value >= 0, value <= 0.5 else {
                throw ScriptError(
                    "--tolerance expects 0 to 50%, e.g. 0.5% or 0.01, got '\(text)'",
                    at: valueToken("--tolerance", line), in: line)
            }
            tolerance = value
        }
        return CompareSpec(
            ticker: try ticker(command.ticker, token(command.ticker, line), line),
            range: try range(command.range, line),
            sources: sources,
            tolerance: tolerance)
    }

    private static func ticker(_ text: String, _ token: Token, _ line: ScriptLine) throws(ScriptError) -> String {
        guard let ticker = TickerText.normalized(text) else {
            throw ScriptError("'\(text)' is not a ticker", at: token, in: line)
        }
        return ticker
    }

    private static func range(_ options: RangeOptions, _ line: ScriptLine) throws(ScriptError) -> DateRange {
        let (days, fromText, toText) = (options.days, options.from, options.to)
        if fromText?.lowercased() == "ytd" {
            guard days == nil, toText == nil else {
                throw ScriptError(
                    "--from ytd (this year through today) cannot be combined with --days or --to",
                    at: valueToken("--from", line), in: line)
            }
            return .yearToDate
        }
        func date(_ text: String?, _ option: String) throws(ScriptError) -> TradingDate? {
            guard let text else { return nil }
            switch DateText.parse(text) {
            case .success(let date): return date
            case .failure(let problem):
                throw ScriptError("\(option) \(problem.message)", at: valueToken(option, line), in: line)
            }
        }
        let from = try date(fromText, "--from")
        let to = try date(toText, "--to")
        if let days {
            guard from == nil, to == nil else {
                throw ScriptError(
                    "--days cannot be combined with --from or --to", at: valueToken("--days", line), in: line)
            }
            return try span(days, line)
        }
        if let from {
            if let to, to < from {
                throw ScriptError("--to \(to) is before --from \(from)", at: valueToken("--to", line), in: line)
            }
            return .dates(from: from, to: to)
        }
        guard to == nil else { throw ScriptError("--to needs --from", at: valueToken("--to", line), in: line) }
        return .lastDays(DateRange.defaultDays)
    }

    private static func limits(_ command: LimitsCommand, _ line: ScriptLine) throws(ScriptError) -> Command {
        guard let source = command.source else { return .limits(nil, []) }
        guard let spec = command.spec, line.tokens.count > 2 else {
            throw ScriptError(
                "limits \(source.rawValue) needs limits such as 5/min,25/day", at: line.tokens[1], in: line)
        }
        if spec.split(separator: ",", omittingEmptySubsequences: false).contains(where: \.isEmpty) {
            throw ScriptError(
                "limits are N/unit items separated by single commas (5/min,25/day); '\(spec)' has an empty item",
                at: line.tokens[2], in: line)
        }
        guard let windows = RateWindow.list(spec) else {
            throw ScriptError(
                "expected limits such as 4/s or 5/min,25/day (N from 1 to \(RateWindow.maxCount); units: s, min, h, day), got '\(spec)'",
                at: line.tokens[2], in: line)
        }
        return .limits(source, windows)
    }

    private static func setting(_ command: SetCommand, _ line: ScriptLine) throws(ScriptError) -> Setting {
        let name = command.name ?? ""
        guard Setting.names.contains(name.lowercased()) else {
            throw ScriptError(
                Suggestion.phrase("unknown setting '\(name)'", name, Setting.names), at: token(name, line), in: line)
        }
        if name.lowercased() == "timing", command.value == nil { return .timing(nil) }
        guard let value = command.value else {
            throw ScriptError(
                "set \(name.lowercased()) needs a value; 'set' alone lists every setting", at: token(name, line),
                in: line)
        }
        let valueToken = token(value, line)
        switch name.lowercased() {
        case "timeout":
            guard let duration = SettingValues.duration(value), NumberRange.timeout.contains(duration) else {
                throw ScriptError(
                    "timeout expects a duration from 1ms to 1h such as 2s or 500ms, got '\(value)'",
                    at: valueToken, in: line)
            }
            return .timeout(duration)
        case "concurrency":
            return .concurrency(
                try NumberRange.whole(value, NumberRange.concurrency, "concurrency", at: valueToken, in: line))
        case "cache": return .cache(try onOff(value, "cache", line))
        case "timing": return .timing(try onOff(value, "timing", line))
        default: return .pager(try onOff(value, "pager", line))
        }
    }

    /// `on` or `off` (also true/false, yes/no, 1/0), else an error at the value.
    private static func onOff(_ text: String, _ what: String, _ line: ScriptLine) throws(ScriptError) -> Bool {
        guard let on = SettingValues.bool(text) else {
            throw ScriptError("\(what) expects on or off, got '\(text)'", at: token(text, line), in: line)
        }
        return on
    }

    private static func action(_ command: SourcesCommand, _ line: ScriptLine) throws(ScriptError) -> SourcesAction {
        let names = ProviderRegistry.names
        guard let action = command.action?.lowercased() else { return .list }
        let actionToken = line.tokens[1]
        guard ["order", "enable", "disable"].contains(action) else {
            throw ScriptError(
                Suggestion.phrase(
                    "unknown sources action '\(actionToken.text)'", actionToken.text, ["order", "enable", "disable"]),
                at: actionToken, in: line)
        }
        guard let value = command.value, line.tokens.count > 2 else {
            throw ScriptError(
                "sources \(action) needs \(action == "order" ? "a list such as polygon,fmp" : "a source name")",
                at: actionToken, in: line)
        }
        let valueToken = line.tokens[2]
        if action == "order" { return .order(try sourceList(value, at: valueToken, line)) }
        guard let id = SourceID(rawValue: value.lowercased()) else {
            throw ScriptError(Suggestion.phrase("unknown source '\(value)'", value, names), at: valueToken, in: line)
        }
        return action == "enable" ? .enable(id) : .disable(id)
    }

    private static func faultAction(_ command: FaultCommand, _ line: ScriptLine) throws(ScriptError) -> FaultAction {
        let names = ProviderRegistry.names
        guard let target = command.target?.lowercased() else { return .list }
        let targetToken = line.tokens[1]
        if target == "clear" {
            guard let name = command.words.first else { return .clear(nil) }
            guard command.words.count == 1, let id = SourceID(rawValue: name.lowercased()) else {
                throw ScriptError(
                    Suggestion.phrase("expected a source name to clear", name, names), at: line.tokens[2], in: line)
            }
            return .clear(id)
        }
        guard let id = SourceID(rawValue: target) else {
            throw ScriptError(
                Suggestion.phrase("unknown source '\(targetToken.text)'", targetToken.text, names + ["clear"]),
                at: targetToken, in: line)
        }
        guard !command.words.isEmpty else {
            throw ScriptError(
                "fault \(target) needs a kind: \(Fault.kindNames.joined(separator: ", "))", at: targetToken, in: line)
        }
        switch Fault.parse(command.words) {
        case .success(let fault):
            return .inject(id, fault)
        case .failure(let error):
            let token = line.tokens[min(line.tokens.count - 1, 2 + error.word)]
            let message =
                error.word == 0 ? Suggestion.phrase(error.message, token.text, Fault.kindNames) : error.message
            throw ScriptError(message, at: token, in: line)
        }
    }

    /// `$N`, `$_` or a ticker; nil when absent.
    static func ref(_ word: String?, _ line: ScriptLine) throws(ScriptError) -> Ref? {
        guard let word else { return nil }
        let at = token(word, line)
        if word == "$_" { return .last }
        if word.hasPrefix("$-") {
            guard let n = SettingValues.wholeNumber(word.dropFirst(2)), n >= 1 else {
                throw ScriptError(
                    "expected a relative reference such as $-1 (the previous cell), got '\(word)'", at: at, in: line)
            }
            return .back(n)
        }
        if word.hasPrefix("$") {
            guard let n = SettingValues.wholeNumber(word.dropFirst()), n >= 1 else {
                throw ScriptError(
                    "expected a reference such as $2 (a cell number), $-1 (the previous cell), $_ (the last result) or a "
                        + "ticker, got '\(word)'",
                    at: at, in: line)
            }
            return .cell(n)
        }
        return .ticker(try ticker(word, at, line))
    }

    private static func expectation(_ words: [String], _ line: ScriptLine) throws(ScriptError) -> Expectation {
        let usage = "expect needs REF and a check: expect $2 ok, or expect AAPL source == fmp"
        guard let refWord = words.first, let ref = try ref(refWord, line) else {
            throw ScriptError(usage, command: line)
        }
        let rest = Array(words.dropFirst())
        let states = Expectation.State.allCases.map(\.rawValue)
        let fields = Expectation.Field.allCases.map(\.rawValue)
        guard let first = rest.first else { throw ScriptError(usage, at: token(refWord, line), in: line) }
        if rest.count == 1 {
            if let field = Expectation.Field(rawValue: first.lowercased()) {
                throw ScriptError(
                    "\(field.rawValue) needs an operator and a value, e.g. expect \(refWord) \(field.rawValue) "
                        + (field.isCount ? ">= 20" : "== fmp"), at: token(first, line), in: line)
            }
            guard let state = Expectation.State(rawValue: first.lowercased()) else {
                throw ScriptError(
                    Suggestion.phrase("expected ok, failed or fallback, got '\(first)'", first, states + fields),
                    at: token(first, line), in: line)
            }
            return Expectation(ref: ref, check: .state(state))
        }
        guard let field = Expectation.Field(rawValue: first.lowercased()) else {
            throw ScriptError(
                Suggestion.phrase(
                    "unknown field '\(first)' (fields: \(fields.joined(separator: ", ")))", first, fields + states),
                at: token(first, line), in: line)
        }
        guard rest.count == 3 else {
            throw ScriptError(
                "expected \(field.rawValue) OP VALUE, e.g. expect \(refWord) \(field.rawValue) \(field.isCount ? ">= 20" : "== fmp")",
                at: token(first, line), in: line)
        }
        let (opWord, value) = (rest[1], rest[2])
        guard let op = Expectation.Operator(rawValue: opWord) else {
            throw ScriptError(
                "expected an operator: == != >= <= > <, got '\(opWord)'", at: token(opWord, line), in: line)
        }
        switch field {
        case .candles, .attempts, .cached:
            guard let n = SettingValues.wholeNumber(value), n >= 0 else {
                throw ScriptError(
                    "\(field.rawValue) is a count: expected a whole number, got '\(value)'", at: token(value, line),
                    in: line)
            }
        case .source:
            guard op == .equal || op == .notEqual else {
                throw ScriptError("source compares with == or !=", at: token(opWord, line), in: line)
            }
            guard value.lowercased() == "none" || SourceID(rawValue: value.lowercased()) != nil else {
                throw ScriptError(
                    Suggestion.phrase("unknown source '\(value)'", value, SourceID.allValueStrings + ["none"]),
                    at: token(value, line), in: line)
            }
        case .basis:
            guard op == .equal || op == .notEqual else {
                throw ScriptError("basis compares with == or !=", at: token(opWord, line), in: line)
            }
            guard PriceBasis(rawValue: value.lowercased()) != nil else {
                throw ScriptError(
                    Suggestion.phrase(
                        "unknown basis '\(value)' (raw, split, split+dividend)", value,
                        PriceBasis.allCases.map(\.rawValue)), at: token(value, line), in: line)
            }
        }
        return Expectation(ref: ref, check: .compare(field, op, value.lowercased()))
    }

    private static func cacheAction(_ command: CacheCommand, _ line: ScriptLine) throws(ScriptError) -> CacheAction {
        switch command.action.lowercased() {
        case "stats":
            if let extra = command.ticker {
                throw ScriptError("cache stats takes no ticker", at: token(extra, line), in: line)
            }
            return .stats
        case "clear":
            return .clear(
                ticker: try command.ticker.map { (t: String) throws(ScriptError) in try ticker(t, token(t, line), line)
                })
        default:
            throw ScriptError(
                Suggestion.phrase("unknown cache action '\(command.action)'", command.action, ["stats", "clear"]),
                at: token(command.action, line), in: line)
        }
    }

    /// The longest range `calendar` shows (200 years).
    static let calendarDays = 73_050

    private static func calendarAction(_ command: CalendarCommand, _ line: ScriptLine) throws(ScriptError)
        -> CalendarAction
    {
        let ranged = command.range.days != nil || command.range.from != nil || command.range.to != nil
        guard let target = command.target else {
            if ranged { throw ScriptError("calendar needs an exchange or a ticker for a range", command: line) }
            return .list
        }
        if target.lowercased() == "update" {
            guard let file = command.file else {
                throw ScriptError("calendar update needs a file, e.g. calendar update calendars.txt", command: line)
            }
            if ranged { throw ScriptError("calendar update takes no range", command: line) }
            return .update(path: try fileName(file, "calendar update", line))
        }
        if let extra = command.file {
            throw ScriptError(
                "calendar takes one exchange or ticker, got '\(extra)' too", at: token(extra, line), in: line)
        }
        let name = try ticker(target, token(target, line), line)
        if name.hasPrefix(".") {
            throw ScriptError(
                "'\(target)' names no listing: a ticker comes before the dot", at: token(target, line), in: line)
        }
        let range = ranged ? try range(command.range, line) : nil
        if case .dates(let from, let to?) = range, from.days(to: to) > Self.calendarDays {
            throw ScriptError(
                "calendar shows at most \(Self.calendarDays / 365) years at a time; \(from) … \(to) is longer",
                at: valueToken("--from", line), in: line)
        }
        return .show(name, range)
    }

    /// A file name as written; an empty one (`""`) is refused at the word.
    private static func fileName(_ path: String, _ command: String, _ line: ScriptLine) throws(ScriptError) -> String {
        guard path.trimmingCharacters(in: .whitespaces).isEmpty else { return path }
        throw ScriptError("\(command) needs a file name, got an empty one", at: token(path, line), in: line)
    }

    /// An unknown command: the nearest command (or the one it begins), what psql's and shells'
    /// habits mean here (`\\q`, `!N`).
    private static func unknownCommand(_ word: Token, _ line: ScriptLine) -> ScriptError {
        let text = word.text
        let message = "unknown command '\(text)'"
        if text.hasPrefix("!") {
            return ScriptError(
                "\(message): !N runs cell N's command again at the prompt only; in a script, write the command",
                at: word, in: line)
        }
        if ["\\q", "\\quit", "exit()", ":q"].contains(text.lowercased()) {
            return ScriptError("\(message) — did you mean 'quit'?", at: word, in: line)
        }
        if text.count >= 2, let begun = Language.commandNames.first(where: { $0.hasPrefix(text.lowercased()) }),
            Suggestion.closest(to: text, in: Language.commandNames) == nil
        {
            return ScriptError("\(message) — did you mean '\(begun)'?", at: word, in: line)
        }
        return ScriptError(Suggestion.phrase(message, text, Language.commandNames), at: word, in: line)
    }

    /// `--days N`, or a span such as `2w`, `3m`, `1y` (`10d` is `10`), each within a hundred years.
    private static func span(_ text: String, _ line: ScriptLine) throws(ScriptError) -> DateRange {
        let unit = text.last.map { String($0).lowercased() } ?? ""
        let at = valueToken("--days", line)
        if unit == "d" {
            return .lastDays(
                try NumberRange.whole(String(text.dropLast()), NumberRange.days, "--days", at: at, in: line))
        }
        guard let span = DateRange.Span(rawValue: unit) else {
            guard Int(text) != nil || text.allSatisfy({ $0.isNumber || $0 == "-" }) else {
                throw ScriptError(
                    "--days expects a number of days (1 to \(NumberRange.days.upperBound)) or a span such as 2w, 3m, 1y, "
                        + "got '\(text)'", at: at, in: line)
            }
            return .lastDays(try number(text, "--days", NumberRange.days, line))
        }
        let limit = NumberRange.spans[span] ?? 1...1
        let n = try NumberRange.whole(String(text.dropLast()), limit, "--days in \(span)", at: at, in: line)
        return .last(n, span)
    }

    /// Comma-separated source names, each once (`polygon,fmp`); an unknown name gets the nearest
    /// one, a repeated name is refused.
    private static func sourceList(_ text: String, at token: Token, _ line: ScriptLine) throws(ScriptError)
        -> [SourceID]
    {
        let names = ProviderRegistry.names
        var ids: [SourceID] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = part.trimmingCharacters(in: .whitespaces)
            guard let id = SourceID(rawValue: name.lowercased()) else {
                let message =
                    name.isEmpty
                    ? "an empty source name in '\(text)' (names from \(names.joined(separator: ", ")), comma-separated)"
                    : "unknown source '\(name)' in '\(text)' (names from \(names.joined(separator: ", ")))"
                throw ScriptError(Suggestion.phrase(message, name, names), at: token, in: line)
            }
            guard !ids.contains(id) else {
                throw ScriptError(
                    "\(id.rawValue) is listed twice in '\(text)'; list each source once", at: token, in: line)
            }
            ids.append(id)
        }
        return ids
    }

    /// An option's whole-number value within its documented range, else an error at the value.
    private static func number(_ text: String, _ option: String, _ range: ClosedRange<Int>, _ line: ScriptLine)
        throws(ScriptError) -> Int
    {
        try NumberRange.whole(text, range, option, at: valueToken(option, line), in: line)
    }

    /// The first token after the command word spelled `word` (the command word if none is).
    static func token(_ word: String, _ line: ScriptLine) -> Token {
        line.tokens.dropFirst().first { $0.text == word } ?? line.tokens[0]
    }

    /// The token holding an option's value (`--from X` or `--from=X`; the last one given, as
    /// ArgumentParser takes), else the option itself.
    private static func valueToken(_ option: String, _ line: ScriptLine) -> Token {
        for i in line.tokens.indices.reversed() {
            let token = line.tokens[i]
            if token.text == option, i + 1 < line.tokens.count { return line.tokens[i + 1] }
            if token.text.hasPrefix(option + "=") { return token }
        }
        return line.tokens[0]
    }
}
