import Foundation
import ArgumentParser
import QuantumCore

/// `help`, `help COMMAND` and `help COMMAND VERB`, generated from the command declarations.
enum HelpText {
    /// Topics that are not commands.
    static let topics = ["tickers"]

    /// The text of `topic` (nil: every command) for a screen `columns` wide (at least 40).
    static func render(topic: String?, columns: Int = 100) -> String {
        let columns = max(40, columns)
        if topic == "tickers" { return tickers() }
        let words = topic?.split(separator: " ").map(String.init) ?? []
        if let name = words.first, let command = Language.subcommand(named: name) {
            let verb = words.dropFirst().first.flatMap { verb in
                command.configuration.subcommands.first { $0.configuration.commandName == verb }
            }
            return Language.helpMessage(for: verb ?? command, columns: columns)
        }
        if let topic, let builtin = Language.builtins.first(where: { $0.name == topic }) {
            return "\(builtin.name): \(builtin.abstract)"
        }
        let rows =
            Language.configuration.subcommands.map { ($0.configuration.commandName ?? "", $0.configuration.abstract) }
            + Language.builtins
        let width = rows.map(\.0.count).max() ?? 0
        var out = "Commands:\n"
        // Each abstract wrapped after its name's column, so no line is wider than the screen.
        let indent = String(repeating: " ", count: width + 4)
        for (name, abstract) in rows {
            let lines = TextRenderer.wrap(abstract, width: max(20, columns - indent.count))
            out += "  \(name.padding(toLength: width + 2, withPad: " ", startingAt: 0))\(lines.first ?? "")\n"
            for line in lines.dropFirst() { out += indent + line + "\n" }
        }
        let closing =
            "Type 'help COMMAND' for a command's options, 'help tickers' for how listings are named. One command "
            + "per line; ';' separates commands, '#' starts a comment, '\\' at the end of a line continues it."
        return out + "\n" + TextRenderer.wrap(closing, width: columns - 1).joined(separator: "\n")
    }

    /// `help tickers`: how a listing is named, and how each provider spells it.
    static func tickers() -> String {
        let example = "X"
        var rows = [["code", "MIC", "exchange", "fmp", "alphavantage", "eodhd", "polygon"]]
        rows.append(["(none), US", "XNYS", "US listings: AAPL, BRK.B, AAPL.US", "AAPL", "AAPL", "AAPL.US", "AAPL"])
        for exchange in ListingExchange.all {
            let ticker = example + "." + (exchange.code ?? exchange.mic)
            let name = ExchangeCalendars.current.calendar(exchange.mic)?.name ?? exchange.mic
            rows.append([
                exchange.code ?? "–", exchange.mic, name,
                ProviderDescriptor.fmp.symbol(ticker) ?? "–", ProviderDescriptor.alphavantage.symbol(ticker) ?? "–",
                ProviderDescriptor.eodhd.symbol(ticker) ?? "–", ProviderDescriptor.polygon.symbol(ticker) ?? "–",
            ])
        }
        return """
            A listing is TICKER.CODE: EODHD's exchange code (VOD.LSE, SAP.XETRA, SAP.F, SHOP.TO, ABC.V, BHP.AU,
            0700.HK) or the exchange's ISO 10383 MIC (SAP.XETR). No suffix, or .US, is a US listing; any other
            one-letter suffix is a share class (BRK.B). Each provider is asked in its own spelling of the
            listing (X below), and a provider that does not carry the exchange ('–') is not asked
            (skipped_listing). A suffix that is no exchange here (ABC.BE) is asked of EODHD as written, and
            its gaps are not judged. 'calendar' shows each exchange's sessions.

            """ + TextRenderer.table(rows, indent: "  ").joined(separator: "\n")
    }
}
