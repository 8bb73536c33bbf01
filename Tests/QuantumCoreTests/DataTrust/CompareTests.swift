import Foundation
import QuantumTestSupport
import Testing
@testable import QuantumCore

/// `compare`: sources put on one scale, their disagreements and lone days reported.
@Suite struct CompareTests {
    @Test func aSplitAdjustedSeriesIsRescaledAndRealDifferencesStandOut() async throws {
        let mock = MockProviders()
        let raw = MockProviders.bars(from: "2020-08-17", to: "2020-09-11", close: 400).map { bar -> Candle in
            // A 4-for-1 split on 2020-08-31: raw prices drop to a quarter.
            bar.date < TradingDate("2020-08-31")!
                ? bar : MockProviders.bar(bar.date.description, close: bar.close / 4, volume: bar.volume * 4)
        }
        let adjusted = raw.map { bar in
            bar.date < TradingDate("2020-08-31")!
                ? MockProviders.bar(bar.date.description, close: bar.close / 4, volume: bar.volume * 4) : bar
        }
        mock.set(.alphavantage, "AAPL", raw)
        mock.set(.polygon, "AAPL", adjusted)
        // EODHD: one wrong close, one day missing.
        mock.set(
            .eodhd, "AAPL",
            raw.filter { $0.date.description != "2020-09-02" }.map { bar in
                bar.date.description == "2020-08-25"
                    ? MockProviders.bar("2020-08-25", close: bar.close * 1.03, volume: bar.volume) : bar
            })
        let engine = stubEngine(mock, sources: [.polygon, .alphavantage, .eodhd], today: TradingDate("2026-11-30")!)
        let c = await engine.compare(
            ticker: "AAPL", from: TradingDate("2020-08-17")!, to: TradingDate("2020-09-11")!, basis: .native)
        #expect(c.reference == .alphavantage && c.basis == .raw)
        #expect(c.sides.first { $0.source == .polygon }?.note == "put on the reference's scale: ×4 through 2020-08-28")
        #expect(c.disagreements.map { "\($0.date) \($0.field) \($0.source.rawValue)" } == ["2020-08-25 close eodhd"])
        #expect(c.lone == [Comparison.Lone(date: TradingDate("2020-09-02")!, sources: [.polygon, .alphavantage])])
        #expect(c.agreeing == raw.count - 2)
    }

    /// EODHD's closes four times Alpha Vantage's on the first week: one series is off by a
    /// 4-for-1 split, said once on EODHD's side with the days, besides the days themselves.
    @Test func aSeriesOffBySplitIsSaidOnce() async throws {
        let mock = MockProviders()
        let raw = MockProviders.bars(from: "2020-08-17", to: "2020-09-11", close: 100)
        mock.set(.alphavantage, "AAPL", raw)
        mock.set(
            .eodhd, "AAPL",
            raw.map { bar in
                bar.date < TradingDate("2020-08-24")!
                    ? MockProviders.bar(bar.date.description, close: bar.close * 4, volume: bar.volume) : bar
            })
        let engine = stubEngine(mock, sources: [.alphavantage, .eodhd], today: TradingDate("2026-11-30")!)
        let c = await engine.compare(
            ticker: "AAPL", from: TradingDate("2020-08-17")!, to: TradingDate("2020-09-11")!, basis: .native)
        #expect(c.reference == .alphavantage && c.disagreements.filter { $0.field == "close" }.count == 5)
        #expect(
            c.sides.first { $0.source == .eodhd }?.warnings == [
                "its closes are ×4 alphavantage's on the 5 days that disagree (2020-08-17 … 2020-08-21): one of the two "
                    + "series is off by a 4-for-1 split (missed, or applied twice); check `actions AAPL`"
            ], "\(c.sides)")
        #expect(c.sides.first { $0.source == .alphavantage }?.warnings.isEmpty == true)
    }
}
