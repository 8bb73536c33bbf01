import ArgumentParser
import QuantumCore

struct ActionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "actions",
        abstract: "A ticker's corporate actions (splits, cash dividends, symbol changes) from every source, merged.",
        discussion: """
            Every usable source is asked (through its rate limits), and each event lists the
            sources that report it. Where sources disagree (another date, ratio or amount, or
            an event one source lacks) it is said, with the version used. Split ratios are new
            shares per old share; dividend amounts are per share as declared. Examples:
              actions AAPL
              actions NVDA --from 2024-01-01 --sources polygon,eodhd
            """
    )

    @Argument(help: "The ticker, e.g. AAPL.")
    var ticker: Ticker

    @Option(help: ArgumentHelp("Show events from this date, YYYY-MM-DD (default: all).", valueName: "DATE"))
    var from: TradingDate?

    @Option(help: ArgumentHelp("Show events up to this date, YYYY-MM-DD (default: all).", valueName: "DATE"))
    var to: TradingDate?

    @Option(
        help: ArgumentHelp("The sources to ask, comma-separated (default: every usable one).", valueName: "NAMES"))
    var sources: SourceList?
}

extension ActionsCommand: LanguageCommand {
    func validate() throws {
        if let from, let to, from > to {
            throw OptionFault(message: "--from \(from) is after --to \(to)", option: "--from")
        }
    }

    func command(_ at: Located) throws(ScriptError) -> Command {
        .actions(ActionsSpec(ticker: ticker.text, from: from, to: to, sources: sources?.ids))
    }
}
