import QuantumCore

/// A parsed command, ready for a session to execute.
public enum Command: Sendable, Equatable {
    case fetch(FetchSpec)
    case batch(BatchSpec)
    case sources(SourcesAction)
    /// `limits` (nil) or `limits SOURCE SPEC`.
    case limits(SourceID?, [RateWindow])
    case set(Setting)
    case fault(FaultAction)
    case help(topic: String?)
    case quit

    /// The command word, as in JSON output's `"command"`.
    public var name: String {
        switch self {
        case .fetch: "fetch"
        case .batch: "batch"
        case .sources: "sources"
        case .limits: "limits"
        case .set: "set"
        case .fault: "fault"
        case .help: "help"
        case .quit: "quit"
        }
    }
}

/// What to fetch: a ticker over a range, optionally from one source only.
public struct FetchSpec: Sendable, Equatable {
    public var ticker: String
    public var range: DateRange
    public var source: SourceID?
    public var basis: BasisPreference

    public init(ticker: String, range: DateRange, source: SourceID? = nil, basis: BasisPreference = .any) {
        self.ticker = ticker
        self.range = range
        self.source = source
        self.basis = basis
    }
}

/// Many tickers over one range.
public struct BatchSpec: Sendable, Equatable {
    public var tickers: [String]
    public var range: DateRange
    public var source: SourceID?
    public var basis: BasisPreference
    public var concurrency: Int
    /// A batch with failed tickers is a failed command.
    public var strict: Bool

    public init(tickers: [String], range: DateRange, source: SourceID? = nil, basis: BasisPreference = .any, concurrency: Int = 8, strict: Bool = false) {
        self.tickers = tickers
        self.range = range
        self.source = source
        self.basis = basis
        self.concurrency = concurrency
        self.strict = strict
    }
}

/// `set NAME VALUE`.
public enum Setting: Sendable, Equatable {
    case timeout(Duration)
}

/// A date range as the user wrote it; relative ranges are resolved against today when run.
public enum DateRange: Sendable, Equatable {
    /// The last N calendar days, today included.
    case lastDays(Int)
    /// From a date through another (today when nil).
    case dates(from: TradingDate, to: TradingDate?)

    public static let defaultDays = 30

    public func resolve(today: TradingDate) -> (from: TradingDate, to: TradingDate) {
        switch self {
        case .lastDays(let n): (today.adding(days: -(n - 1)), today)
        case .dates(let from, let to): (from, to ?? today)
        }
    }
}

/// `sources`, `sources order a,b,c,d`, `sources enable NAME`, `sources disable NAME`.
public enum SourcesAction: Sendable, Equatable {
    case list
    case order([SourceID])
    case enable(SourceID)
    case disable(SourceID)
}

/// `fault`, `fault SOURCE KIND …`, `fault clear [SOURCE]`.
public enum FaultAction: Sendable, Equatable {
    case list
    case inject(SourceID, Fault)
    case clear(SourceID?)
}
