/// A request for the daily bars of one ticker over a closed date range.
public struct BarQuery: Sendable, Equatable {
    /// The ticker as the user wrote it, upper-cased (`AAPL`, `BRK.B`, `BHP.AU`).
    public var ticker: String
    public var from: TradingDate
    public var to: TradingDate
    public var basis: BasisPreference

    public init(ticker: String, from: TradingDate, to: TradingDate, basis: BasisPreference = .native) {
        self.ticker = ticker.uppercased()
        self.from = from
        self.to = to
        self.basis = basis
    }
}
