import QuantumCore

/// Checks a command's words against its declaration before ArgumentParser reads them, so every
/// mistake is reported at the word at fault: an unknown option, an option without its value (at
/// the option), a value not among the allowed ones, an option given twice, a word too many, a
/// missing argument.
enum ArgumentCheck {
    /// The flags of `quantum` itself, which a command line takes before (or after) its commands.
    static let globalFlags = ["--json", "--echo", "--keep-going", "--sim", "--no-cache"]

    static func check(_ line: ScriptLine, against declaration: Declaration) throws(ScriptError) {
        let command = line.tokens[0].text.lowercased()
        let words = Array(line.tokens.dropFirst())
        var positionals = declaration.positionals[...]
        var given: [String: Token] = [:]
        var i = 0
        while i < words.count {
            let word = words[i]
            guard isOption(word.text) else {
                guard let argument = positionals.first else {
                    throw ScriptError(
                        "unexpected '\(word.text)': \(command) takes no more arguments", at: word, in: line)
                }
                try allowed(word, argument, what: nil, line)
                if !argument.isRepeating { positionals.removeFirst() }
                i += 1
                continue
            }
            let name = String(word.text.prefix { $0 != "=" })
            guard let option = declaration.option(name) else { throw unknown(name, word, declaration, line) }
            if !option.isRepeating {
                let canonical = option.spellings.first ?? name
                if let first = given[canonical] {
                    throw ScriptError(
                        "\(name) is given twice (first at column \(first.column)); give it once", at: word, in: line)
                }
                given[canonical] = word
            }
            let inline = name.count < word.text.count
            if option.kind == .flag {
                if inline { throw ScriptError("\(name) is a flag and takes no value", at: word, in: line) }
                i += 1
                continue
            }
            let expected = "\(name) needs a value (\(option.valueName ?? "value"))"
            if inline {
                guard name.count + 1 < word.text.count else { throw ScriptError(expected, at: word, in: line) }
                try allowed(
                    Token(
                        text: String(word.text.dropFirst(name.count + 1)), line: word.line, column: word.column,
                        width: word.width), option, what: name, line)
                i += 1
                continue
            }
            guard i + 1 < words.count else { throw ScriptError(expected, at: word, in: line) }
            let value = words[i + 1]
            if isOption(value.text) {
                throw ScriptError(
                    "\(expected); a value cannot start with '-', got '\(value.text)'", at: value, in: line)
            }
            try allowed(value, option, what: name, line)
            i += 2
        }
        if let missing = positionals.first(where: { !$0.isOptional }) {
            throw ScriptError(
                "\(command) needs \(missing.valueName?.uppercased() ?? "an argument"); see 'help \(command)'",
                command: line)
        }
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

    /// A value of an argument that lists its values must be one of them.
    private static func allowed(
        _ value: Token, _ argument: Declaration.Argument, what option: String?, _ line: ScriptLine
    ) throws(ScriptError) {
        guard let values = argument.allValues, !values.isEmpty, !values.contains(value.text) else { return }
        let message =
            "unknown \(argument.valueName?.lowercased() ?? "value") "
            + "'\(value.text)'\(option.map { " for \($0)" } ?? "") (expected \(values.joined(separator: ", ")))"
        throw ScriptError(Suggestion.phrase(message, value.text, values), at: value, in: line)
    }
}
