import QuantumCore

// `set`'s verbs, and the commands whose later words depend on an earlier one (`fault SOURCE KIND
// …`, `expect REF FIELD OP VALUE`, `calendar EXCHANGE|update FILE`): each reads its words here.

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

extension SetCommand.Pager: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command { .set(.pager(try SetCommand.value(value, at).on)) }
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

extension ExpectCommand: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command {
        let usage = "expect needs REF and a check: expect $2 ok, or expect AAPL source == fmp"
        func error(_ message: String, _ item: Int) -> ScriptError { at.error(message, positional: 0, item: item) }
        guard let refWord = words.first else { throw at.error(usage) }
        let ref: Ref
        switch Ref.read(refWord) {
        case .success(let value): ref = value
        case .failure(let problem): throw error(problem.message, 0)
        }
        let rest = Array(words.dropFirst())
        let states = Expectation.State.allCases.map(\.rawValue)
        let fields = Expectation.Field.allCases.map(\.rawValue)
        guard let first = rest.first else { throw error(usage, 0) }
        if rest.count == 1 {
            if let field = Expectation.Field(rawValue: first.lowercased()) {
                throw error(
                    "\(field.rawValue) needs an operator and a value, e.g. expect \(refWord) \(field.rawValue) "
                        + (field.isCount ? ">= 20" : "== fmp"), 1)
            }
            guard let state = Expectation.State(rawValue: first.lowercased()) else {
                throw error(
                    Suggestion.phrase("expected ok, failed or fallback, got '\(first)'", first, states + fields), 1)
            }
            return .expect(Expectation(ref: ref, check: .state(state)))
        }
        guard let field = Expectation.Field(rawValue: first.lowercased()) else {
            throw error(
                Suggestion.phrase(
                    "unknown field '\(first)' (fields: \(fields.joined(separator: ", ")))", first, fields + states), 1)
        }
        guard rest.count == 3 else {
            throw error(
                "expected \(field.rawValue) OP VALUE, e.g. expect \(refWord) \(field.rawValue) "
                    + (field.isCount ? ">= 20" : "== fmp"), 1)
        }
        let (opWord, value) = (rest[1], rest[2])
        guard let op = Expectation.Operator(rawValue: opWord) else {
            throw error("expected an operator: == != >= <= > <, got '\(opWord)'", 2)
        }
        switch field {
        case .candles, .attempts, .cached:
            guard let n = SettingValues.wholeNumber(value), n >= 0 else {
                throw error("\(field.rawValue) is a count: expected a whole number, got '\(value)'", 3)
            }
        case .source:
            guard op == .equal || op == .notEqual else { throw error("source compares with == or !=", 2) }
            guard value.lowercased() == "none" || SourceID(rawValue: value.lowercased()) != nil else {
                throw error(
                    Suggestion.phrase("unknown source '\(value)'", value, SourceID.allValueStrings + ["none"]), 3)
            }
        case .basis:
            guard op == .equal || op == .notEqual else { throw error("basis compares with == or !=", 2) }
            guard PriceBasis(rawValue: value.lowercased()) != nil else {
                throw error(
                    Suggestion.phrase(
                        "unknown basis '\(value)' (raw, split, split+dividend)", value,
                        PriceBasis.allCases.map(\.rawValue)), 3)
            }
        }
        return .expect(Expectation(ref: ref, check: .compare(field, op, value.lowercased())))
    }
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
