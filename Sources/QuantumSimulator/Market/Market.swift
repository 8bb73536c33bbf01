import Foundation
import QuantumCore
import Synchronization

/// A deterministic market: every ticker is a seeded random walk over real NYSE trading days, the
/// same at every provider, each of which serves it on its own price basis. Same ticker and date →
/// same numbers, on every run and machine.
public final class Market: Sendable {
    /// The last day with a bar: fixed, or the clock's day, so a market left running for days
    /// (`quantum sim serve`, `quantum serve --sim`) gains each new day's bar as a provider would.
    public var today: TradingDate { clock() }
    private let clock: @Sendable () -> TradingDate
    static let epoch = TradingDate("2000-01-03")!
    private let cache = Mutex(SeriesCache())
    /// Series kept generated; the oldest are dropped beyond this (a 2,000-ticker load test
    /// would otherwise hold every series at once). A series since 2000 is about 6,800 bars of
    /// 64 bytes, so 32 of them are about 14 MB: a streamed pull on the in-process simulator
    /// (`--sim`) stays within its memory bound.
    static let cachedSeries = 32

    public init(today: TradingDate) {
        self.clock = { today }
    }

    /// A market whose last day is `clock`'s, asked at every request.
    public init(clock: @escaping @Sendable () -> TradingDate) {
        self.clock = clock
    }

    /// The bare symbol of a ticker as a provider may write it (`AAPL.US` → `AAPL`, `BRK-B` → `BRK.B`).
    public static func canonical(_ symbol: String) -> String {
        var s = symbol.uppercased()
        if s.hasSuffix(".US") { s.removeLast(3) }
        if let dash = s.lastIndex(of: "-"), s.distance(from: dash, to: s.endIndex) == 2 {
            s.replaceSubrange(dash...dash, with: ".")
        }
        return s
    }

    /// Whether a provider lists the ticker. Most US tickers are everywhere; a deterministic few
    /// are missing at some providers, so fallback happens naturally; suffixed ones are EODHD's.
    public func lists(_ ticker: String, at source: SourceID) -> Bool {
        if Universe.international.contains(ticker) { return source == .eodhd }
        if Universe.isSynthetic(ticker) { return true }
        guard let index = Universe.us.firstIndex(of: ticker) else { return false }
        if index < 24 { return true }  // the names everyone tries first are everywhere
        let seed = SplitMix64.seed(ticker)
        switch source {
        case .polygon: return seed % 11 != 3
        case .fmp: return seed % 9 != 4
        case .alphavantage: return seed % 7 != 5
        default: return true  // eodhd lists every ticker
        }
    }

    /// Every symbol in the universe.
    public var tickers: [String] { Self.wellKnownTickers }

    /// Real, well-known symbols (the simulated universe), for completion and demos.
    public static var wellKnownTickers: [String] { Universe.us + Universe.international }

    /// `n` synthetic symbols (`SYN0001` …), listed at every provider, for load tests.
    public static func syntheticTickers(_ n: Int) -> [String] {
        (1...max(1, n)).map { i in
            let digits = String(i)
            return "SYN" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        }
    }

    /// The ticker's candles within a range, on a basis. `split+dividend` puts the fully adjusted
    /// close in `adjustedClose` over raw OHLC, as EODHD does.
    public func candles(_ ticker: String, from: TradingDate, to: TradingDate, basis: PriceBasis) -> [Candle] {
        guard let series = series(ticker) else { return [] }
        let lower = series.index(of: from), upper = series.index(of: to.adding(days: 1))
        guard lower < upper else { return [] }
        return (lower..<upper).map { series.candle(at: $0, basis: basis) }
    }

    /// The ticker's generated history through today (from the cache when it is there and still
    /// runs through today); nil for a symbol the market does not have.
    func series(_ ticker: String) -> Series? {
        guard Universe.us.contains(ticker) || Universe.international.contains(ticker) || Universe.isSynthetic(ticker)
        else { return nil }
        let today = today
        if let cached = cache.withLock({ $0.series[ticker] }), cached.through == today { return cached }
        let series = Series(ticker: ticker, today: today)
        cache.withLock { cache in
            if cache.series.updateValue(series, forKey: ticker) == nil { cache.order.append(ticker) }
            if cache.order.count > Self.cachedSeries { cache.series[cache.order.removeFirst()] = nil }
        }
        return series
    }
}

/// Generated series by ticker, and the order they were made in.
struct SeriesCache {
    var series: [String: Series] = [:]
    var order: [String] = []
}

/// One ticker's generated history.
struct Series: Sendable {
    /// The market's last day when it was generated.
    let through: TradingDate
    var dates: [TradingDate] = []
    /// Split-adjusted economic value path: open, high, low, close; raw shares traded.
    var open: [Double] = [], high: [Double] = [], low: [Double] = [], close: [Double] = []
    var rawVolume: [Double] = []
    /// Raw price = adjusted × splitFactor; fully adjusted = adjusted × dividendFactor.
    var splitFactor: [Double] = [], dividendFactor: [Double] = []
    /// Cash dividends, oldest first.
    var dividends: [SeriesDividend] = []

    init(ticker: String, today: TradingDate) {
        through = today
        var rng = SplitMix64(seed: SplitMix64.seed(ticker))
        let listedLater = rng.unit() < 0.25
        let first = listedLater ? Market.epoch.adding(days: Int(rng.unit() * 7000)) : Market.epoch
        var value = 8 + rng.unit() * 240
        let sigma = 0.008 + rng.unit() * 0.022
        // Log drift net of the volatility drag, so prices stay in a plausible range over 26 years.
        let drift = rng.unit() * 0.0004 - sigma * sigma / 2
        let baseVolume = 2e5 + rng.unit() * 4e7
        let paysDividends = rng.unit() < 0.6
        let splits = (Universe.splits[ticker] ?? []).compactMap { s in TradingDate(s.date).map { ($0, s.ratio) } }
            .filter { $0.0 <= today }

        // A listing trades on its own exchange's sessions (`VOD.LSE` on XLON's).
        dates = ListingCalendar(ticker: ticker).sessions(from: first, through: today)
        let n = dates.count
        for array in [\Series.open, \.high, \.low, \.close, \.rawVolume, \.splitFactor, \.dividendFactor] {
            self[keyPath: array].reserveCapacity(n)
        }
        var exDates: [Int] = []
        if paysDividends {
            var lastMonth = 0
            for (i, d) in dates.enumerated() {
                let (_, m, day) = d.parts
                if [2, 5, 8, 11].contains(m), day >= 10, m != lastMonth {
                    exDates.append(i)
                    lastMonth = m
                }
            }
        }
        for i in 0..<n {
            let gap = rng.gaussian() * sigma * 0.3
            let ret = drift + rng.gaussian() * sigma
            let o = value * Foundation.exp(gap)
            let c = value * Foundation.exp(ret)
            let h = max(o, c) * (1 + abs(rng.gaussian()) * sigma * 0.5)
            let l = min(o, c) * (1 - min(0.5, abs(rng.gaussian()) * sigma * 0.5))
            value = c
            let factor = splits.filter { $0.0 > dates[i] }.reduce(1.0) { $0 * $1.1 }
            open.append(o)
            high.append(h)
            low.append(l)
            close.append(c)
            rawVolume.append((baseVolume * Foundation.exp(rng.gaussian() * 0.35) / factor).rounded())
            splitFactor.append(factor)
        }
        declareDividends(on: exDates)
    }

    /// Declares a dividend on each ex-date (after the first session): 0.4 % of the raw close of
    /// the session before, per share on the ex-date's basis, to four decimals. Then sets
    /// `dividendFactor` to the CRSP product, over the later ex-dates, of `1 − D / C` (C that raw
    /// close, D and C on one share basis), multiplied oldest first as `PriceAdjustment` does.
    private mutating func declareDividends(on exDates: [Int]) {
        for i in exDates where i > 0 {
            let previous = round(close[i - 1] * splitFactor[i - 1], 2)
            // On the ex-date's share basis (they differ when a split takes effect that day).
            let closeOnExBasis = previous * splitFactor[i] / splitFactor[i - 1]
            let amount = round(0.004 * closeOnExBasis, 4)
            guard amount > 0 else { continue }
            let step = 1 - (amount / splitFactor[i]) / (previous / splitFactor[i - 1])
            dividends.append(SeriesDividend(index: i, amount: amount, closeBefore: closeOnExBasis, step: step))
        }
        // The factor of the bars before dividend k: the steps of k and later, oldest first.
        let tails = dividends.indices.map { k in dividends[k...].reduce(1.0) { $0 * $1.step } }
        for k in dividends.indices { dividends[k].factorBefore = tails[k] }
        var next = 0
        for i in dates.indices {
            while next < dividends.count, dividends[next].index <= i { next += 1 }
            dividendFactor.append(next < dividends.count ? tails[next] : 1)
        }
    }

    /// The first index whose date is on or after `date`.
    func index(of date: TradingDate) -> Int {
        var lo = 0, hi = dates.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if dates[mid] < date { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    func candle(at i: Int, basis: PriceBasis) -> Candle {
        let f = splitFactor[i]
        // Raw prices are what traded: cents. Adjusted ones are derived, to four decimals.
        let raw = (open[i] * f, high[i] * f, low[i] * f, close[i] * f)
        let ro = round(raw.0, 2), rh = round(raw.1, 2), rl = round(raw.2, 2), rc = round(raw.3, 2)
        switch basis {
        case .raw, .splitDividend:
            let adjusted = basis == .splitDividend ? round(rc / f * dividendFactor[i], 4) : nil
            return Candle(
                date: dates[i], open: ro, high: rh, low: rl, close: rc, volume: rawVolume[i], adjustedClose: adjusted)
        case .split:
            return Candle(
                date: dates[i], open: round(ro / f, 4), high: round(rh / f, 4), low: round(rl / f, 4),
                close: round(rc / f, 4),
                volume: rawVolume[i] * f, vwap: round((rh + rl + rc) / 3 / f, 4), trades: Int(rawVolume[i] / 97))
        }
    }

    private func round(_ value: Double, _ places: Int) -> Double {
        let scale = places == 2 ? 100.0 : 10_000.0
        return (value * scale).rounded() / scale
    }
}

/// One cash dividend of a series.
struct SeriesDividend: Sendable {
    /// The ex-date's index in the series.
    var index: Int
    /// Per share, as declared (on the ex-date's share basis), to four decimals.
    var amount: Double
    /// The raw close of the session before the ex-date, on the ex-date's share basis.
    var closeBefore: Double
    /// `1 − amount / closeBefore`: what the dividend multiplies earlier prices by.
    var step: Double
    /// The dividend factor of the bars before the ex-date: this step and every later one.
    var factorBefore = 1.0
}
