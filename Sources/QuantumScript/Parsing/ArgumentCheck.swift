import QuantumCore

/// Checks a command's words against its declaration before ArgumentParser reads them, so every
/// mistake is reported at the word at fault: an unknown verb or option, an option without its
/// value (at the option), a value its declared type refuses or not among the allowed ones, an
/// option given twice, a word too many, a missing argument. It tells where each value came from
/// (`Located`), for the checks a command makes on the values together.
enum ArgumentCheck {
    /// The flags of `quantum` itself, which a command line takes before (or after) its commands.
    static let globalFlags = ["--json", "--echo", "--keep-going", "--sim", "--no-cache"]

    /// The words for ArgumentParser (verbs lower-cased) and where each value came from.
    static func check(_ line: ScriptLine, against top: Declaration) throws(ScriptError) -> Located {
        var declaration = top
        var words = Array(line.tokens.dropFirst())
        var arguments = [top.path]
        var verbToken: Token?
        // Verbs: `sources order …`, `cache clear …`.
        while !declaration.subcommands.isEmpty, let word = words.first, !isOption(word.text) {
            let verb = word.text.lowercased()
            guard let sub = declaration.subcommands[verb] else {
                guard declaration.positionals.isEmpty else { break }
                let verbs = declaration.verbs
                throw ScriptError(
                    Suggestion.phrase(
                        "unknown \(declaration.verbNoun) '\(word.text)' (\(verbs.joined(separator: ", ")))",
                        word.text, verbs), at: word, in: line)
            }
            declaration = sub
            arguments.append(verb)
            verbToken = word
            words.removeFirst()
        }
        var located = Located(line: line, path: declaration.path)
        located.verbToken = verbToken
        var positionals = declaration.positionals[...]
        var positionalIndex = 0
        var given: [String: Token] = [:]
        var i = 0
        while i < words.count {
            let word = words[i]
            arguments.append(word.text)
            guard isOption(word.text) else {
                guard let argument = positionals.first else {
                    throw ScriptError(
                        "unexpected '\(word.text)': \(declaration.path) takes no more arguments", at: word, in: line)
                }
                try read(word, argument, named: declaration.name, line)
                try allowed(word, argument, what: nil, line)
                located.positionals[positionalIndex, default: []].append(word)
                if !argument.isRepeating {
                    positionals.removeFirst()
                    positionalIndex += 1
                }
                i += 1
                continue
            }
            let name = String(word.text.prefix { $0 != "=" })
            guard let option = declaration.option(name) else { throw unknown(name, word, declaration, line) }
            let canonical = option.spellings.first ?? name
            if !option.isRepeating, let first = given[canonical] {
                throw ScriptError(
                    "\(name) is given twice (first at column \(first.column)); give it once", at: word, in: line)
            }
            given[canonical] = word
            let inline = name.count < word.text.count
            if option.kind == .flag {
                if inline { throw ScriptError("\(name) is a flag and takes no value", at: word, in: line) }
                located.options[canonical] = word
                i += 1
                continue
            }
            let expected = "\(name) needs a value (\(option.valueName ?? "value"))"
            let value: Token
            if inline {
                guard name.count + 1 < word.text.count else { throw ScriptError(expected, at: word, in: line) }
                value = Token(
                    text: String(word.text.dropFirst(name.count + 1)), line: word.line, column: word.column,
                    width: word.width)
                i += 1
            } else {
                guard i + 1 < words.count else { throw ScriptError(expected, at: word, in: line) }
                value = words[i + 1]
                if isOption(value.text) {
                    throw ScriptError(
                        "\(expected); a value cannot start with '-', got '\(value.text)'", at: value, in: line)
                }
                arguments.append(value.text)
                i += 2
            }
            try read(value, option, named: name, line)
            try allowed(value, option, what: name, line)
            located.options[canonical] = value
        }
        if let missing = positionals.first(where: { !$0.isOptional }) {
            throw ScriptError(
                "\(declaration.path) needs \(missing.valueName?.uppercased() ?? "an argument"); "
                    + "see 'help \(declaration.path)'", at: located.verb, in: line)
        }
        located.arguments = arguments
        return located
    }

    /// An unknown option, with the nearest of the command's options; a global flag such as
    /// `--json` is named with where it belongs.
    private static func unknown(_ name: String, _ word: Token, _ declaration: Declaration, _ line: ScriptLine)
        -> ScriptError
    {
        let message = "unknown option '\(name)'"
        let own = Suggestion.closest(to: name, in: declaration.optionNames)
        guard own == nil, let global = Suggestion.closest(to: name, in: globalFlags) else {
            return ScriptError(Suggestion.phrase(message, name, declaration.optionNames), at: word, in: line)
        }
        let hint =
            name == global
            ? "\(global) is a flag of quantum itself: quantum \(global) -c \"…\""
            : "did you mean '\(global)'? (a flag of quantum itself: quantum \(global) -c \"…\")"
        return ScriptError("\(message) — \(hint)", at: word, in: line)
    }

    /// Words ArgumentParser reads as options: `-x`, `--name`, `--name=value`.
    private static func isOption(_ text: String) -> Bool {
        text.count > 1 && text.hasPrefix("-")
    }

    /// A value of an argument that lists its values must be one of them (after its type's own
    /// reading, whose message may say more: `basis 'any' is retired`).
    private static func allowed(
        _ value: Token, _ argument: Declaration.Argument, what option: String?, _ line: ScriptLine
    ) throws(ScriptError) {
        guard let values = argument.allValues, !values.isEmpty, !values.contains(value.text) else { return }
        let message =
            "unknown \(argument.valueName?.lowercased() ?? "value") "
            + "'\(value.text)'\(option.map { " for \($0)" } ?? "") (expected \(values.joined(separator: ", ")))"
        throw ScriptError(Suggestion.phrase(message, value.text, values), at: value, in: line)
    }

    /// A value its declared type refuses, at its word: `--days expects …`, `'É' is not a ticker`.
    private static func read(_ value: Token, _ argument: Declaration.Argument, named name: String, _ line: ScriptLine)
        throws(ScriptError)
    {
        guard let reader = argument.reader, let problem = reader.problem(value.text) else { return }
        throw ScriptError(reader.namesItself ? problem.message : "\(name) \(problem.message)", at: value, in: line)
    }
}

/// Where each value of a checked command came from, for errors about values together.
struct Located: Sendable {
    var line: ScriptLine
    /// The command's words: `fetch`, `sources order`.
    var path: String
    /// The words ArgumentParser reads.
    var arguments: [String] = []
    /// Each option's value token (a flag's own), by the option's first spelling.
    var options: [String: Token] = [:]
    /// The verb's word (`clear` of `cache clear`), if the command has one.
    var verbToken: Token?
    /// Each positional argument's tokens, by its place in the declaration.
    var positionals: [Int: [Token]] = [:]

    init(line: ScriptLine, path: String) {
        self.line = line
        self.path = path
    }

    /// The token of `option`'s value, else the command word.
    func token(_ option: String) -> Token {
        options[option] ?? line.tokens[0]
    }

    /// The token of positional argument `index` (its `item`th word when repeated), else the command word.
    func token(positional index: Int, item: Int = 0) -> Token {
        let tokens = positionals[index] ?? []
        return item < tokens.count ? tokens[item] : line.tokens[0]
    }

    /// The verb's token, else the command word: where an error about the verb points.
    var verb: Token { verbToken ?? line.tokens[0] }

    /// An error at `token`.
    func error(_ message: String, at token: Token) -> ScriptError {
        ScriptError(message, at: token, in: line)
    }

    /// An error at `option`'s value.
    func error(_ message: String, at option: String) -> ScriptError {
        ScriptError(message, at: token(option), in: line)
    }

    /// An error at positional argument `index`.
    func error(_ message: String, positional index: Int, item: Int = 0) -> ScriptError {
        ScriptError(message, at: token(positional: index, item: item), in: line)
    }

    /// An error about the command as a whole.
    func error(_ message: String) -> ScriptError {
        ScriptError(message, command: line)
    }
}
