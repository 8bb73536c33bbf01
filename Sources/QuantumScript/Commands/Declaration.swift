import ArgumentParser
import Foundation
import Synchronization

/// What a command declares — its positional arguments, options, flags and verbs (nested
/// subcommands) — as ArgumentParser describes the declaration itself (its JSON tool description),
/// with the Swift type each value is declared with, so the parser can check a line word by word
/// and point at the word at fault, and completion can offer the options and verbs.
struct Declaration: Sendable {
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
        /// The declared type's reader, when the type is a `CommandValue`.
        var reader: (any ValueReader.Type)?

        private enum CodingKeys: String, CodingKey {
            case kind, names, isOptional, isRepeating, valueName, allValues
        }

        /// `--days`, `-h`: how it is spelled on a line.
        var spellings: [String] {
            (names ?? []).map { ($0.kind == "short" ? "-" : "--") + $0.name }
        }
    }

    /// The command's words: `cache`, `cache clear`.
    var path: String
    var arguments: [Argument]
    /// The verbs, e.g. `order`, `enable`, `disable` for `sources`.
    var subcommands: [String: Declaration]
    /// The verbs in declaration order.
    var verbs: [String]
    /// What a verb is called in messages: `setting` for `set`, else `sources action`.
    var verbNoun: String
    /// The verb taken when none is written (`cache` is `cache stats`).
    var defaultSubcommand: String?

    private struct Tool: Decodable {
        struct Command: Decodable {
            var arguments: [Argument]?
        }

        var command: Command
    }

    /// The declaration of the command named `name`, or nil for a word that is no command. Each is
    /// read from ArgumentParser when first asked for: reading them all costs a new process about
    /// 20 ms (reflection and protocol-conformance lookups), most of its start-up.
    static func of(_ name: String) -> Declaration? {
        if let known = cache.withLock({ $0[name] }) { return known }
        guard let command = Language.configuration.subcommands.first(where: { $0.configuration.commandName == name })
        else { return nil }
        let declaration = make(command, path: name)
        cache.withLock { $0[name] = declaration }
        return declaration
    }

    private static let cache = Mutex<[String: Declaration]>([:])

    private static func make(_ type: any ParsableCommand.Type, path: String) -> Declaration {
        let tool = try? JSONDecoder().decode(Tool.self, from: Data(type._dumpHelp().utf8))
        var arguments = tool?.command.arguments ?? []
        let declared = DeclaredValues.of(type)
        var positional = declared.filter(\.isPositional).makeIterator()
        for i in arguments.indices {
            if arguments[i].kind == .positional {
                arguments[i].reader = positional.next()?.reader
            } else {
                arguments[i].reader =
                    declared.first { !$0.isPositional && arguments[i].spellings.contains($0.spelling) }?
                    .reader
            }
        }
        var subcommands: [String: Declaration] = [:]
        var verbs: [String] = []
        for sub in type.configuration.subcommands {
            guard let name = sub.configuration.commandName else { continue }
            subcommands[name] = make(sub, path: path + " " + name)
            verbs.append(name)
        }
        return Declaration(
            path: path, arguments: arguments, subcommands: subcommands, verbs: verbs,
            verbNoun: (type as? any NamedVerbs.Type)?.verbNoun ?? "\(path) action",
            defaultSubcommand: type.configuration.defaultSubcommand?.configuration.commandName)
    }

    /// The last word of the path (`clear` of `cache clear`): what a value's message begins with.
    var name: String { path.split(separator: " ").last.map(String.init) ?? path }

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

    /// The positional argument the `index`th positional word fills (a repeated last one takes the rest).
    func positional(at index: Int) -> Argument? {
        let all = positionals
        if index < all.count { return all[index] }
        return all.last.flatMap { $0.isRepeating ? $0 : nil }
    }
}

/// The Swift types a command's properties are declared with, in declaration order (option groups
/// flattened), read from a blank instance as ArgumentParser reads its declarations.
enum DeclaredValues {
    struct Value {
        /// `--no-cache` for `noCache`; positionals by order.
        var spelling: String
        var isPositional: Bool
        var reader: (any ValueReader.Type)?
    }

    static func of(_ type: any ParsableArguments.Type) -> [Value] {
        Mirror(reflecting: type.init()).children.flatMap { child -> [Value] in
            if let group = child.value as? any DeclaredGroup { return of(group.groupType) }
            guard let declared = child.value as? any DeclaredProperty, let label = child.label else { return [] }
            return [
                Value(
                    spelling: "--" + kebab(String(label.drop { $0 == "_" })), isPositional: declared.isPositional,
                    reader: declared.valueType as? any ValueReader.Type)
            ]
        }
    }

    /// `noCache` → `no-cache`, as ArgumentParser names an option after its property.
    private static func kebab(_ name: String) -> String {
        name.reduce(into: "") { out, c in
            if c.isUppercase, !out.isEmpty { out.append("-") }
            out.append(Character(c.lowercased()))
        }
    }
}

/// A command whose verbs have a name of their own in messages (`unknown setting 'x'`).
protocol NamedVerbs {
    static var verbNoun: String { get }
}

protocol DeclaredProperty {
    var valueType: Any.Type { get }
    var isPositional: Bool { get }
}

protocol DeclaredGroup {
    var groupType: any ParsableArguments.Type { get }
}

extension Option: DeclaredProperty {
    var valueType: Any.Type { Value.self }
    var isPositional: Bool { false }
}

extension ArgumentParser.Argument: DeclaredProperty {
    var valueType: Any.Type { Value.self }
    var isPositional: Bool { true }
}

extension OptionGroup: DeclaredGroup {
    var groupType: any ParsableArguments.Type { Value.self }
}
