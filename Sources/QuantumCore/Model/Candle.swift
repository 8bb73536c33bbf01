/// One daily OHLCV bar, as served by any source.
///
/// Laid out to be small (64 bytes: a batch may hold millions): the optional fields are stored as
/// sentinels (NaN, -1) and read back as optionals.
public struct Candle: Sendable, Equatable {
    /// The session's calendar date in the exchange's time zone.
    public var date: TradingDate
    /// The number of trades, or -1 when not reported (it fits beside the date).
    private var tradeCount: Int32
    public var open: Double
    public var high: Double
    public var low: Double
    public var close: Double
    /// Shares traded; a double because some providers serialise it that way.
    public var volume: Double
    /// NaN when not reported.
    private var vwapValue: Double
    /// NaN when not reported.
    private var adjustedCloseValue: Double

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
        self.vwapValue = vwap ?? .nan
        self.tradeCount = trades.map { Int32(clamping: $0) } ?? -1
        self.adjustedCloseValue = adjustedClose ?? .nan
    }

    /// Volume-weighted average price, when the source reports it.
    public var vwap: Double? {
        get { vwapValue.isNaN ? nil : vwapValue }
        set { vwapValue = newValue ?? .nan }
    }

    /// Number of trades, when the source reports it.
    public var trades: Int? {
        get { tradeCount < 0 ? nil : Int(tradeCount) }
        set { tradeCount = newValue.map { Int32(clamping: $0) } ?? -1 }
    }

    /// Close adjusted for splits and dividends, when the source reports it.
    public var adjustedClose: Double? {
        get { adjustedCloseValue.isNaN ? nil : adjustedCloseValue }
        set { adjustedCloseValue = newValue ?? .nan }
    }

    public static func == (a: Candle, b: Candle) -> Bool {
        a.date == b.date && a.open == b.open && a.high == b.high && a.low == b.low && a.close == b.close
            && a.volume == b.volume
            && a.vwap == b.vwap && a.trades == b.trades && a.adjustedClose == b.adjustedClose
    }
}
