import Foundation
import ArgumentParser

/// `help` and `help COMMAND`, generated from the command declarations.
enum HelpText {
    static func render(topic: String?) -> String {
        if let topic, let command = Language.subcommand(named: topic) {
            return Language.helpMessage(for: command, columns: 100)
        }
        if let topic, let builtin = Language.builtins.first(where: { $0.name == topic }) {
            return "\(builtin.name): \(builtin.abstract)"
        }
        let rows =
            Language.configuration.subcommands.map { ($0.configuration.commandName ?? "", $0.configuration.abstract) }
            + Language.builtins
        let width = rows.map(\.0.count).max() ?? 0
        var out = "Commands:\n"
        for (name, abstract) in rows {
            out += "  \(name.padding(toLength: width + 2, withPad: " ", startingAt: 0))\(abstract)\n"
        }
        out +=
            "\nType 'help COMMAND' for a command's options. One command per line; ';' separates commands,\n'#' starts "
            + "a comment, '\\' at the end of a line continues it."
        return out
    }
}
