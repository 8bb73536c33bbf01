import Foundation
import QuantumTestSupport
import Testing
@testable import QuantumCore

/// Fetches judged by the listing's own calendar: NYSE's closures before 2001, other exchanges'
/// holidays, and one listing spelled as each provider spells it.
@Suite struct ListingFetchTests {
    static let today = TradingDate("2026-11-30")!

    static func bars(_ calendar: ListingCalendar, _ from: String, _ to: String, except: Set<String> = []) -> [Candle] {
        calendar.sessions(from: TradingDate(from)!, through: TradingDate(to)!).enumerated()
            .filter { !except.contains($0.element.description) }
            .map { i, day in MockProviders.bar(day.description, close: 50 + Double(i)) }
    }

    func fetch(_ mock: MockProviders, _ sources: [SourceID], _ ticker: String, _ from: String, _ to: String) async
        -> (FetchResult, QualityReport)
    {
        let engine = stubEngine(mock, sources: sources, today: Self.today)
        let result = await engine.fetch(
            FetchRequest(ticker: ticker, from: TradingDate(from)!, to: TradingDate(to)!))
        return (result, engine.quality(of: result))
    }

    /// Hurricane Gloria (1985-09-27): bars on exactly the true sessions are complete, and the day
    /// that never traded is not asked of another source.
    @Test func nyseClosuresBefore2001AreNotMissing() async throws {
        let mock = MockProviders()
        mock.set(.fmp, "IBM", Self.bars(.nyse, "1985-09-23", "1985-09-30"))
        mock.set(.alphavantage, "IBM", Self.bars(.nyse, "1985-09-23", "1985-09-30"))
        let (result, quality) = await fetch(mock, [.fmp, .alphavantage], "IBM", "1985-09-23", "1985-09-30")
        #expect(result.isComplete && result.candles.count == 5, "\(result.notes)")
        #expect(quality.expectedDays == 5 && quality.offCalendar.isEmpty)
        #expect(mock.requests(.fmp).count == 1 && mock.requests(.alphavantage).isEmpty)
    }

    /// The same range with one true session left out: that day is missing and asked of the next source.
    @Test func aTrueSessionLeftOutIsAskedOfTheNextSource() async throws {
        let mock = MockProviders()
        mock.set(.fmp, "IBM", Self.bars(.nyse, "1994-04-25", "1994-04-29", except: ["1994-04-26"]))
        mock.set(.polygon, "IBM", Self.bars(.nyse, "1994-04-25", "1994-04-29"))
        let (result, _) = await fetch(mock, [.fmp, .polygon], "IBM", "1994-04-25", "1994-04-29")
        #expect(result.isComplete && result.candles.count == 4, "\(result.notes)")
        #expect(
            result.fills.map(\.source) == [.polygon] && result.fills.first?.dates.map(\.description) == ["1994-04-26"])
    }

    /// A range of only a closed day sends nothing and says why.
    @Test(arguments: [("IBM", "1994-04-27", "an NYSE holiday"), ("SAP.F", "2024-12-24", "an XFRA holiday")])
    func aRangeOfOnlyAClosedDayAsksNobody(_ ticker: String, _ day: String, _ said: String) async throws {
        let mock = MockProviders()
        let (result, _) = await fetch(mock, [.fmp, .eodhd], ticker, day, day)
        #expect(result.noSession && result.notes.contains { $0.contains(said) }, "\(result.notes)")
        #expect(mock.requests(.fmp).isEmpty && mock.requests(.eodhd).isEmpty)
    }

    /// Frankfurt's Christmas closures and Hong Kong's lunar new year are the exchanges' own.
    @Test(arguments: [
        ("SAP.F", "XFRA", "2024-12-20", "2025-01-03", SourceID.eodhd, "SAP.F"),
        ("0700.HK", "XHKG", "2024-02-05", "2024-02-16", SourceID.fmp, "0700.HK"),
        ("BHP.AU", "XASX", "2024-12-20", "2025-01-03", SourceID.fmp, "BHP.AX"),
        ("SHOP.TO", "XTSE", "2024-06-28", "2024-07-03", SourceID.alphavantage, "SHOP.TRT"),
    ])
    func otherExchangesAreJudgedByTheirOwnSessions(
        _ ticker: String, _ mic: String, _ from: String, _ to: String, _ source: SourceID, _ spelled: String
    ) async throws {
        let mock = MockProviders()
        mock.set(source, spelled, Self.bars(.exchange(mic), from, to))
        let (result, quality) = await fetch(mock, [source], ticker, from, to)
        let sessions = ListingCalendar.exchange(mic).sessions(from: TradingDate(from)!, through: TradingDate(to)!)
        #expect(result.isComplete && result.candles.count == sessions.count, "\(result.notes) \(result.attempts)")
        #expect(
            quality.calendar.description == mic && quality.expectedDays == sessions.count && quality.offCalendar.isEmpty
        )
        #expect(mock.requests(source).count == 1)
        // A weekday closure is never expected: NYSE would expect more days here.
        #expect(sessions.count != NYSECalendar.tradingDays(from: TradingDate(from)!, through: TradingDate(to)!).count)
    }

    /// One listing, asked of each provider in its own spelling; Polygon (US only) is passed over.
    @Test func aListingFallsBackAcrossTheProvidersThatCarryIt() async throws {
        let mock = MockProviders()
        let bars = Self.bars(.exchange("XLON"), "2024-07-01", "2024-07-05")
        mock.set(.alphavantage, "VOD.LON", bars)
        mock.set(.eodhd, "VOD.LSE", bars)
        let (result, _) = await fetch(
            mock, [.polygon, .fmp, .alphavantage, .eodhd], "VOD.LSE", "2024-07-01", "2024-07-05")
        #expect(result.source == .alphavantage && result.isComplete, "\(result.attempts)")
        #expect(result.attempts.map(\.outcome) == [.skippedListing, .noData, .ok], "\(result.attempts)")
        #expect(result.attempts.first?.message == "polygon serves US listings only")
        #expect(mock.requests(.polygon).isEmpty)
        #expect(mock.requests(.fmp).map(\.ticker) == ["VOD.L"])
        #expect(mock.requests(.alphavantage).map(\.ticker) == ["VOD.LON"])
    }

    @Test func spellings() {
        let cases: [(String, fmp: String?, av: String?, eodhd: String?, polygon: String?)] = [
            ("VOD.LSE", "VOD.L", "VOD.LON", "VOD.LSE", nil),
            ("SAP.XETRA", "SAP.DE", "SAP.DEX", "SAP.XETRA", nil),
            ("SAP.XETR", "SAP.DE", "SAP.DEX", "SAP.XETRA", nil),
            ("SAP.F", "SAP.F", nil, "SAP.F", nil),
            ("SHOP.TO", "SHOP.TO", "SHOP.TRT", "SHOP.TO", nil),
            ("ABC.V", "ABC.V", "ABC.TRV", "ABC.V", nil),
            ("BHP.AU", "BHP.AX", nil, "BHP.AU", nil),
            ("0700.HK", "0700.HK", nil, "0700.HK", nil),
            ("BRK.B", "BRK-B", "BRK.B", "BRK-B.US", "BRK.B"),
            ("AAPL", "AAPL", "AAPL", "AAPL.US", "AAPL"),
            ("AAPL.US", "AAPL", "AAPL", "AAPL.US", "AAPL"),
            ("ABC.BE", nil, nil, "ABC.BE", nil),
        ]
        for c in cases {
            #expect(ProviderDescriptor.fmp.symbol(c.0) == c.fmp, "fmp \(c.0)")
            #expect(ProviderDescriptor.alphavantage.symbol(c.0) == c.av, "alphavantage \(c.0)")
            #expect(ProviderDescriptor.eodhd.symbol(c.0) == c.eodhd, "eodhd \(c.0)")
            #expect(ProviderDescriptor.polygon.symbol(c.0) == c.polygon, "polygon \(c.0)")
        }
        #expect(ListingCalendar(ticker: "SAP.F") == .exchange("XFRA"))
        #expect(ListingCalendar(ticker: "ABC.V") == .exchange("XTSX"))
        #expect(ListingCalendar(ticker: "BRK.B") == .nyse)
        #expect(ListingCalendar(ticker: "ABC.BE") == .unknown(exchange: "BE"))
    }
}
