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
            if let topic = arguments.first, !Language.commandNames.contains(topic.lowercased()) {
                throw ScriptError(
                    Suggestion.phrase("no help for '\(topic)'", topic, Language.commandNames), at: line.tokens[1],
                    in: line)
            }
            return .help(topic: arguments.first?.lowercased())
        case "quit", "exit":
            guard arguments.isEmpty else { throw ScriptError("quit takes no arguments", at: line.tokens[1], in: line) }
            return .quit
        default:
            break
        }
        guard let declaration = Declaration.of(name) else {
            throw ScriptError(
                Suggestion.phrase("unknown command '\(word.text)'", word.text, Language.commandNames), at: word,
                in: line)
        }
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
        case let set as SetCommand: return .set(try setting(set, line))
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
            return .chart(try ref(chart.ref, line), width: width, height: height)
        case let quality as QualityCommand: return .quality(try ref(quality.ref, line))
        case let compare as CompareCommand: return .compare(try spec(compare, line))
        case let export as ExportCommand:
            var refs: [Ref] = []
            for word in export.refs { refs.append(try ref(word, line) ?? .last) }
            return .export(export.format, path: export.path, refs: refs)
        case let expect as ExpectCommand: return .expect(try expectation(expect.words, line))
        case let record as RecordCommand:
            return .record(record.target.lowercased() == "stop" ? .stop : .start(path: record.target))
        case let run as RunCommand: return .run(path: run.path)
        case let save as SaveCommand: return .save(path: save.path)
        case is HistoryCommand: return .history
        case let cache as CacheCommand: return .cache(try cacheAction(cache, line))
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
        for word in command.tickers {
            let token = line.tokens.first { $0.text == word } ?? line.tokens[0]
            if word.hasPrefix("@") {
                let path = String(word.dropFirst())
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
            noCache: options.noCache, partial: options.partial, export: export)
    }

    private static func spec(_ command: CompareCommand, _ line: ScriptLine) throws(ScriptError) -> CompareSpec {
        var sources: [SourceID]?
        if let text = command.sources {
            guard let order = SettingValues.order(text), !order.isEmpty else {
                throw ScriptError(
                    "--sources expects names from \(ProviderRegistry.names.joined(separator: ", ")), comma-separated, got '\(text)'",
                    at: valueToken("--sources", line), in: line)
            }
            sources = order
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
        let ticker = text.trimmingCharacters(in: .whitespaces).uppercased()
        guard !ticker.isEmpty, ticker.count <= 24,
            ticker.allSatisfy({ $0.isLetter || $0.isNumber || ".-^=".contains($0) })
        else {
            throw ScriptError("'\(text)' is not a ticker", at: token, in: line)
        }
        return ticker
    }

    private static func range(_ options: RangeOptions, _ line: ScriptLine) throws(ScriptError) -> DateRange {
        let (days, fromText, toText) = (options.days, options.from, options.to)
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
            return .lastDays(try number(days, "--days", NumberRange.days, line))
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
        guard let windows = RateWindow.list(spec) else {
            throw ScriptError(
                "expected limits such as 4/s or 5/min,25/day (N from 1 to \(RateWindow.maxCount); units: s, min, h, day), got '\(spec)'",
                at: line.tokens[2], in: line)
        }
        return .limits(source, windows)
    }

    private static func setting(_ command: SetCommand, _ line: ScriptLine) throws(ScriptError) -> Setting {
        let valueToken = token(command.value, line)
        switch command.name.lowercased() {
        case "timeout":
            guard let duration = SettingValues.duration(command.value), NumberRange.timeout.contains(duration) else {
                throw ScriptError(
                    "timeout expects a duration from 1ms to 1h such as 2s or 500ms, got '\(command.value)'",
                    at: valueToken, in: line)
            }
            return .timeout(duration)
        case "concurrency":
            return .concurrency(
                try NumberRange.whole(command.value, NumberRange.concurrency, "concurrency", at: valueToken, in: line))
        case "cache":
            guard let on = SettingValues.bool(command.value) else {
                throw ScriptError("cache expects on or off, got '\(command.value)'", at: valueToken, in: line)
            }
            return .cache(on)
        default:
            throw ScriptError(
                Suggestion.phrase("unknown setting '\(command.name)'", command.name, Setting.names),
                at: token(command.name, line), in: line)
        }
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
        if action == "order" {
            guard let order = SettingValues.order(value) else {
                throw ScriptError(
                    "expected source names from \(names.joined(separator: ", ")), each once", at: valueToken, in: line)
            }
            return .order(order)
        }
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
            guard let n = Int(word.dropFirst(2)), n >= 1 else {
                throw ScriptError(
                    "expected a relative reference such as $-1 (the previous cell), got '\(word)'", at: at, in: line)
            }
            return .back(n)
        }
        if word.hasPrefix("$") {
            guard let n = Int(word.dropFirst()), n >= 1 else {
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
            guard let n = Int(value), n >= 0 else {
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
