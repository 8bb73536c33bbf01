/// One daily OHLCV bar, as served by any source.
public struct Candle: Sendable, Equatable {
    /// The session's calendar date in the exchange's time zone.
    public var date: TradingDate
    public var open: Double
    public var high: Double
    public var low: Double
    public var close: Double
    /// Shares traded; a double because some providers serialise it that way.
    public var volume: Double
    /// Volume-weighted average price, when the source reports it.
    public var vwap: Double?
    /// Number of trades, when the source reports it.
    public var trades: Int?
    /// Close adjusted for splits and dividends, when the source reports it.
    public var adjustedClose: Double?

    public init(
        date: TradingDate, open: Double, high: Double, low: Double, close: Double, volume: Double,
        vwap: Double? = nil, trades: Int? = nil, adjustedClose: Double? = nil
    ) {
        self.date = date
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.vwap = vwap
        self.trades = trades
        self.adjustedClose = adjustedClose
    }
}
