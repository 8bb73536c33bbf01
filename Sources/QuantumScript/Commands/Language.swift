import ArgumentParser
import QuantumCore

/// The command language, declared once: the REPL, scripts, `-c` and argv mode parse with these
/// types, and `help` prints their generated help.
struct Language: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quantum",
        abstract: "Daily OHLCV candles from Polygon, FMP, Alpha Vantage and EODHD, with automatic fallback.",
        subcommands: [
            FetchCommand.self, BatchCommand.self, CompareCommand.self, ActionsCommand.self, ShowCommand.self,
            ChartCommand.self,
            QualityCommand.self, ExportCommand.self,
            ExpectCommand.self, SourcesCommand.self, LimitsCommand.self, FaultCommand.self, SetCommand.self,
            CacheCommand.self, CalendarCommand.self,
            RecordCommand.self, RunCommand.self, SaveCommand.self, HistoryCommand.self, TimingCommand.self,
            OutputCommand.self,
        ]
    )

    /// `help` and `quit` are handled before ArgumentParser (which reserves `help` for itself);
    /// they are listed here so help, errors and completion know them.
    static let builtins: [(name: String, abstract: String)] = [
        ("help", "Show the commands, or one command's options: help fetch."),
        ("quit", "Leave the REPL (Ctrl-D does too)."),
        (
            "let",
            "Name a value for ${NAME} in later commands: let out = data/${today}.csv (quantum run FILE -p out=… "
                + "overrides it)"
        ),
    ]

    /// Every command word, for errors and completion.
    static var commandNames: [String] {
        configuration.subcommands.compactMap { $0.configuration.commandName } + builtins.map(\.name)
    }

    static func subcommand(named name: String) -> (any ParsableCommand.Type)? {
        configuration.subcommands.first { $0.configuration.commandName == name }
    }
}

extension SourceID: ExpressibleByArgument {
    public static var allValueStrings: [String] { ProviderRegistry.names }
}

extension BasisPreference: CommandValue {
    public init?(argument: String) {
        guard case .success(let basis) = Self.read(argument) else { return nil }
        self = basis
    }

    public static var allValueStrings: [String] { RequestVocabulary.basisNames }

    static func read(_ text: String) -> Result<BasisPreference, RequestVocabulary.Problem> {
        RequestVocabulary.basis(text)
    }

    static var namesItself: Bool { true }
}

extension ExportFormat: ExpressibleByArgument {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension ShowFormat: ExpressibleByArgument {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension WideField: ExpressibleByArgument {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}
