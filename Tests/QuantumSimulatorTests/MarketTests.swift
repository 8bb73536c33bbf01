import Synchronization
import Testing
@testable import QuantumCore
@testable import QuantumSimulator

@Suite struct MarketTests {
    let market = Market(today: TradingDate("2026-11-25")!)
    let lastYear = (TradingDate("2025-11-25")!, TradingDate("2026-11-25")!)

    @Test func barsFallOnTradingDaysOnly() {
        let candles = market.candles(
            "AAPL", from: TradingDate("2024-01-01")!, to: TradingDate("2024-12-31")!, basis: .split)
        #expect(candles.count == 252)
        #expect(candles.allSatisfy { NYSECalendar.isTradingDay($0.date) })
    }

    @Test func theSameTickerGivesTheSameNumbersInAnotherProcessOrDay() {
        let other = Market(today: TradingDate("2026-12-31")!)
        let a = market.candles("MSFT", from: TradingDate("2020-01-02")!, to: TradingDate("2020-03-31")!, basis: .raw)
        let b = other.candles("MSFT", from: TradingDate("2020-01-02")!, to: TradingDate("2020-03-31")!, basis: .raw)
        #expect(a == b && !a.isEmpty)
    }

    @Test func aMarketOnAClockGainsEachNewDaysBar() {
        let day = Mutex(TradingDate("2026-11-24")!)
        let market = Market(clock: { day.withLock { $0 } })
        let range = (TradingDate("2026-11-20")!, TradingDate("2026-11-30")!)
        let before = market.candles("AAPL", from: range.0, to: range.1, basis: .raw)
        #expect(before.last?.date == TradingDate("2026-11-24")!)
        // Midnight passes while the server runs: the next request sees the new session.
        day.withLock { $0 = TradingDate("2026-11-25")! }
        let after = market.candles("AAPL", from: range.0, to: range.1, basis: .raw)
        #expect(after.last?.date == TradingDate("2026-11-25")! && Array(after.dropLast()) == before)
    }

    @Test func splitsSeparateRawFromAdjustedPrices() throws {
        let day = TradingDate("2024-06-07")!  // the last session before NVIDIA's 10:1 split
        let raw = try #require(market.candles("NVDA", from: day, to: day, basis: .raw).first)
        let split = try #require(market.candles("NVDA", from: day, to: day, basis: .split).first)
        #expect(abs(raw.close / split.close - 10) < 0.01)
        #expect(split.volume == raw.volume * 10)
        let after = TradingDate("2024-06-10")!
        #expect(
            market.candles("NVDA", from: after, to: after, basis: .raw)
                == market.candles("NVDA", from: after, to: after, basis: .raw))
        #expect(
            market.candles("NVDA", from: after, to: after, basis: .raw).first?.close
                == market.candles("NVDA", from: after, to: after, basis: .split).first?.close)
    }

    @Test func everyTickerIsInternallyConsistent() {
        for ticker in market.tickers {
            for basis in PriceBasis.allCases {
                let candles = market.candles(ticker, from: lastYear.0, to: lastYear.1, basis: basis)
                #expect(
                    CandleSeries.normalize(candles, from: lastYear.0, to: lastYear.1, source: .eodhd).issues.warnings
                        .isEmpty, "\(ticker) \(basis)")
            }
        }
    }

    @Test func someTickersAreMissingAtSomeProvidersSoFallbackHappens() {
        #expect(market.tickers.count >= 300)
        for id in ProviderRegistry.ids { #expect(market.lists("AAPL", at: id)) }
        for id in [SourceID.polygon, .fmp, .alphavantage] {
            let missing = Universe.us.filter { !market.lists($0, at: id) }
            #expect(!missing.isEmpty, "\(id)")
        }
        #expect(market.lists("BHP.AU", at: .eodhd) && !market.lists("BHP.AU", at: .polygon))
        #expect(!market.lists("NOSUCH", at: .eodhd))
    }
}
