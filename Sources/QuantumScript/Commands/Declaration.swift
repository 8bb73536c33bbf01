import ArgumentParser
import Foundation

/// What a command declares — its positional arguments, options and flags — as ArgumentParser
/// describes the declaration itself (its JSON tool description), so the parser can check a line
/// word by word and point at the word at fault, and completion can offer the options.
struct Declaration: Decodable, Sendable {
    struct Argument: Decodable, Sendable {
        enum Kind: String, Decodable, Sendable {
            case positional, option, flag
        }

        struct Name: Decodable, Sendable {
            var kind: String
            var name: String
        }

        var kind: Kind
        var names: [Name]?
        var isOptional: Bool
        var isRepeating: Bool
        var valueName: String?
        var allValues: [String]?

        /// `--days`, `-h`: how it is spelled on a line.
        var spellings: [String] {
            (names ?? []).map { ($0.kind == "short" ? "-" : "--") + $0.name }
        }
    }

    var arguments: [Argument]

    private struct Tool: Decodable {
        struct Command: Decodable {
            var arguments: [Argument]?
        }

        var command: Command
    }

    /// The declaration of the command named `name`, or nil for a word that is no command.
    static func of(_ name: String) -> Declaration? {
        cache[name]
    }

    private static let cache: [String: Declaration] = {
        var all: [String: Declaration] = [:]
        for command in Language.configuration.subcommands {
            guard let name = command.configuration.commandName,
                let tool = try? JSONDecoder().decode(Tool.self, from: Data(command._dumpHelp().utf8))
            else { continue }
            all[name] = Declaration(arguments: tool.command.arguments ?? [])
        }
        return all
    }()

    /// The options and flags, e.g. `--days`, `--all` (not `--help`, which every command has).
    var optionNames: [String] {
        arguments.filter { $0.kind != .positional }.flatMap(\.spellings).filter { $0.hasPrefix("--") && $0 != "--help" }
    }

    /// The option or flag spelled `word`.
    func option(_ word: String) -> Argument? {
        arguments.first { $0.kind != .positional && $0.spellings.contains(word) }
    }

    var positionals: [Argument] {
        arguments.filter { $0.kind == .positional }
    }
}
