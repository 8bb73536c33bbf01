import ArgumentParser
import Foundation
import QuantumCore

/// Turns a tokenized command into a `Command`, or a `ScriptError` that points at the word at fault:
/// the command's declaration checks its words and reads each value by its declared type
/// (`ArgumentCheck`), ArgumentParser fills the declaration, and the command makes itself
/// (`LanguageCommand`).
public enum CommandParser {
    public static func parse(_ line: ScriptLine) throws(ScriptError) -> Command {
        guard let word = line.tokens.first else { throw ScriptError("empty command", command: line) }
        let name = word.text.lowercased()
        let arguments = line.tokens.dropFirst().map(\.text)
        switch name {
        case "help":
            let topics = Language.commandNames + HelpText.topics
            if let topic = arguments.first, !topics.contains(topic.lowercased()) {
                throw ScriptError(
                    Suggestion.phrase("no help for '\(topic)'", topic, topics), at: line.tokens[1], in: line)
            }
            // `help cache clear`: a verb of a command that has them.
            if arguments.count == 2, let verbs = Declaration.of(arguments[0].lowercased())?.verbs, !verbs.isEmpty {
                let verb = arguments[1].lowercased()
                guard verbs.contains(verb) else {
                    throw ScriptError(
                        Suggestion.phrase(
                            "no help for '\(arguments[0]) \(arguments[1])' (\(verbs.joined(separator: ", ")))",
                            arguments[1], verbs), at: line.tokens[2], in: line)
                }
                return .help(topic: "\(arguments[0].lowercased()) \(verb)")
            }
            guard arguments.count <= 1 else {
                throw ScriptError("help takes at most one command name", at: line.tokens[2], in: line)
            }
            return .help(topic: arguments.first?.lowercased())
        case "let":
            return try letCommand(line)
        case "quit", "exit":
            guard arguments.isEmpty else { throw ScriptError("quit takes no arguments", at: line.tokens[1], in: line) }
            return .quit
        default:
            break
        }
        guard let declaration = Declaration.of(name) else { throw unknownCommand(word, line) }
        if arguments.contains("--help") || arguments.contains("-h") {
            let verb = arguments.first.map { $0.lowercased() }.flatMap { declaration.subcommands[$0]?.path }
            return .help(topic: verb ?? name)
        }
        let located = try ArgumentCheck.check(line, against: declaration)
        let parsed: any ParsableCommand
        do {
            parsed = try Language.parseAsRoot(located.arguments)
        } catch {
            if let fault = OptionFault.within(error) { throw located.error(fault) }
            // The check above finds what ArgumentParser would refuse; this is a backstop.
            throw ScriptError(
                "\(name): "
                    + (Language.message(for: error).split(separator: "\n").first.map(String.init) ?? "cannot be parsed"),
                command: line)
        }
        guard let command = parsed as? any LanguageCommand else {
            throw ScriptError("'\(name)' cannot be run here", command: line)
        }
        return try command.command(located)
    }

    /// `let NAME = VALUE` or `let NAME=VALUE`; the value is the rest of the line (quote it to keep
    /// its spaces as they are).
    private static func letCommand(_ line: ScriptLine) throws(ScriptError) -> Command {
        let usage = "let needs a name and a value: let out = data/${today}.csv"
        let rest = Array(line.tokens.dropFirst())
        guard let first = rest.first else { throw ScriptError(usage, command: line) }
        var words = rest.dropFirst().map(\.text)
        let name: String
        if let equals = first.text.firstIndex(of: "=") {
            name = String(first.text[..<equals])
            let after = String(first.text[first.text.index(after: equals)...])
            if !after.isEmpty { words.insert(after, at: 0) }
        } else {
            name = first.text
            guard words.first?.hasPrefix("=") == true else { throw ScriptError(usage, at: first, in: line) }
            let after = String(words.removeFirst().dropFirst())
            if !after.isEmpty { words.insert(after, at: 0) }
        }
        guard Parameters.isName(name) else {
            throw ScriptError(
                "'\(name)' cannot name a parameter: a letter or _, then letters, digits and _", at: first, in: line)
        }
        return .let(name: name, value: words.joined(separator: " "))
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
}
