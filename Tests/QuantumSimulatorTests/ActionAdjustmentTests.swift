import Foundation
import QuantumHTTP
import Testing
@testable import QuantumCore
@testable import QuantumSimulator

/// The market's dividends and splits are the ones its adjusted prices apply: the core's
/// `PriceAdjustment`, fed the raw bars and the actions the simulator serves, gives the adjusted
/// closes EODHD serves and the split-adjusted prices Polygon and FMP serve.
@Suite(.timeLimit(.minutes(2))) struct ActionAdjustmentTests {
    static let today = TradingDate("2026-11-25")!
    let market = Market(today: Self.today)

    /// A dividend is 0.4 % of the raw close of the session before its ex-date, to four decimals.
    @Test func dividendsAreDeclaredFromThePreviousRawClose() throws {
        let raw = market.candles("AAPL", from: TradingDate("2000-01-01")!, to: Self.today, basis: .raw)
        let dividends = market.actions("AAPL").dividends
        try #require(!dividends.isEmpty)
        for dividend in dividends {
            let previous = try #require(raw.last { $0.date < dividend.exDate })
            #expect(dividend.amount == ((0.004 * previous.close) * 10_000).rounded() / 10_000, "\(dividend.exDate)")
            #expect([2, 5, 8, 11].contains(dividend.exDate.parts.1) && dividend.exDate.parts.2 >= 10)
            #expect(dividend.currency == "USD")
            let declared = try #require(dividend.declarationDate), recorded = try #require(dividend.recordDate)
            let paid = try #require(dividend.payDate)
            #expect(declared < dividend.exDate && dividend.exDate < recorded && recorded < paid)
        }
    }

    /// The oracle: over 2019–2021 (a 4-for-1 split and twelve dividends), EODHD's adjusted close is
    /// the raw close times the core's split-and-dividend factor, to its four-decimal rounding, and
    /// the split basis is the raw price times the core's split factor.
    @Test func servedAdjustedPricesAreTheCoresAdjustmentOfTheRawBars() async throws {
        let ticker = "AAPL"
        let from = TradingDate("2019-01-02")!, to = TradingDate("2021-12-31")!
        let raw = market.candles(ticker, from: from, to: to, basis: .raw)
        // Closes through today: a later dividend's factor needs the close before its ex-date.
        let closes = market.candles(ticker, from: from, to: Self.today, basis: .raw)
        try await ActionFetcher.with(SimulatorOptions(today: Self.today)) { fetcher in
            let splits = try await fetcher.splits(.eodhd, ticker)
            let dividends = try await fetcher.dividends(.eodhd, ticker)
            #expect(splits == market.actions(ticker).splits && dividends == market.actions(ticker).dividends)
            #expect(dividends.filter { (from...to).contains($0.exDate) }.count == 12)

            let url = fetcher.server.baseURL + "/api/eod/\(ticker).US?fmt=json&from=\(from)&to=\(to)&api_token=k"
            let response = try await fetcher.transport.get(ProviderRequest(url: url), timeout: .seconds(10))
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]])
            let served = rows.map { ($0["adjusted_close"] as? NSNumber)?.doubleValue ?? .nan }
            #expect(rows.map { $0["date"] as? String } == raw.map(\.date.description))

            let dates = raw.map(\.date)
            let both = try PriceAdjustment.factors(
                for: dates, basis: .splitDividend, splits: splits, dividends: dividends,
                closeBefore: { exDate in closes.last { $0.date < exDate }.map { ($0.date, $0.close) } })
            for (i, bar) in raw.enumerated() {
                let expected = bar.close * both[i].price
                #expect(abs(served[i] - expected) <= 0.00005 + 1e-9 * expected, "\(bar.date)")
            }

            let split = try PriceAdjustment.factors(
                for: dates, basis: .split, splits: splits, dividends: dividends, closeBefore: { _ in nil })
            let splitBars = market.candles(ticker, from: from, to: to, basis: .split)
            for (i, bar) in raw.enumerated() {
                let expected = bar.close * split[i].price
                #expect(abs(splitBars[i].close - expected) <= 1e-4 * expected, "\(bar.date)")
                #expect(abs(splitBars[i].volume - bar.volume * split[i].volume) <= 1e-6 * splitBars[i].volume)
            }
        }
    }

    /// A renamed listing's series is the company's whole history: it trades before and after the change.
    @Test func renamedListingsTradeOnBothSidesOfTheChange() throws {
        for change in market.symbolChanges {
            let before = market.candles(
                change.newSymbol, from: change.date.adding(days: -10), to: change.date.adding(days: -1), basis: .raw)
            let after = market.candles(
                change.newSymbol, from: change.date, to: change.date.adding(days: 5), basis: .raw)
            #expect(!before.isEmpty && after.first?.date == change.date, "\(change.oldSymbol) → \(change.newSymbol)")
        }
    }
}
