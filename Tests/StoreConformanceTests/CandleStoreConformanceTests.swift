import Foundation
import QuantumPostgres
import QuantumSQLite
import QuantumTestSupport
import Testing
@testable import QuantumCore

/// The candle-store contract every backend keeps (in memory, SQLite, and PostgreSQL when the
/// PostgreSQL suite runs): the same inputs, the same answers.
@Suite struct CandleStoreConformanceTests {
    static let backends = TestDatabase.backends(["memory", "sqlite"])

    /// A new, empty store of the named backend.
    static func store(_ backend: String) async throws -> any CandleStore {
        switch backend {
        case "memory": MemoryCandleStore()
        case "sqlite":
            try SQLiteCandleStore(
                path: FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString).sqlite")
                    .path)
        default:
            PostgresCandleStore(
                database: try await PostgresDatabase.open(
                    try await TestDatabase.fresh(), timeout: TestDatabase.patience))
        }
    }
    static let noon = Date(timeIntervalSince1970: 1_720_800_000)
    static let aapl = SeriesKey(ticker: "AAPL", source: .polygon, basis: .split)

    func bar(_ date: String, close: Double = 10) -> Candle {
        Candle(
            date: TradingDate(date)!, open: close, high: close + 1, low: close - 1, close: close, volume: 100,
            vwap: 10.2, trades: 7)
    }

    /// Corporate-action reports are kept per ticker and feeds, replaced whole, and cleared with
    /// the ticker.
    @Test(arguments: backends)
    func actionReportsAreKeptPerTickerAndFeedsAndClearedWithTheTicker(_ backend: String) async throws {
        let store = try await Self.store(backend)
        #expect(try await store.actionReports("AAPL", feeds: "splits") == nil)
        let first = StoredActionReports(body: Data(#"[{"a":1}]"#.utf8), readAt: Self.noon)
        let second = StoredActionReports(body: Data(#"[{"a":2}]"#.utf8), readAt: Self.noon.addingTimeInterval(60))
        try await store.keepActionReports(first, ticker: "AAPL", feeds: "splits")
        try await store.keepActionReports(first, ticker: "MSFT", feeds: "dividends,splits")
        try await store.keepActionReports(second, ticker: "AAPL", feeds: "splits")
        #expect(try await store.actionReports("AAPL", feeds: "splits") == second)
        #expect(try await store.actionReports("AAPL", feeds: "dividends,splits") == nil)
        _ = try await store.clear(ticker: "AAPL")
        #expect(try await store.actionReports("AAPL", feeds: "splits") == nil)
        #expect(try await store.actionReports("MSFT", feeds: "dividends,splits") == first)
        _ = try await store.clear(ticker: nil)
        #expect(try await store.actionReports("MSFT", feeds: "dividends,splits") == nil)
    }

    @Test(arguments: backends)
    func replacingKeepsCandlesInsideTheSpanAndRecordsCoverage(_ backend: String) async throws {
        let store = try await Self.store(backend)
        let first = TradingDate("2024-07-01")!, last = TradingDate("2024-07-03")!
        // A candle outside the span is not kept.
        try await store.replace(
            Self.aapl, with: [bar("2024-07-01"), bar("2024-07-02"), bar("2024-07-08")], covering: first, through: last,
            fetchedAt: Self.noon)
        var series = try await store.series(Self.aapl)
        #expect(series.candles == [bar("2024-07-01"), bar("2024-07-02")])
        #expect(series.ranges == [CoverageRange(first: first, last: last, fetchedAt: Self.noon)])
        // A later fetch of a wider span replaces the candles in it and the ranges inside it.
        let later = Self.noon.addingTimeInterval(60)
        try await store.replace(
            Self.aapl, with: [bar("2024-07-02", close: 20), bar("2024-07-05")], covering: first,
            through: TradingDate("2024-07-05")!,
            fetchedAt: later)
        series = try await store.series(Self.aapl)
        #expect(series.candles == [bar("2024-07-02", close: 20), bar("2024-07-05")])
        #expect(series.ranges == [CoverageRange(first: first, last: TradingDate("2024-07-05")!, fetchedAt: later)])
        // Other series are untouched and empty.
        #expect(try await store.series(SeriesKey(ticker: "AAPL", source: .polygon, basis: .raw)).candles.isEmpty)
    }

    @Test(arguments: backends)
    func statsAndClearCountPerSourceAndTicker(_ backend: String) async throws {
        let store = try await Self.store(backend)
        let day1 = TradingDate("2024-07-01")!, day2 = TradingDate("2024-07-02")!
        for (ticker, source) in [("AAPL", SourceID.eodhd), ("MSFT", .eodhd), ("AAPL", .fmp)] {
            try await store.replace(
                SeriesKey(ticker: ticker, source: source, basis: .raw), with: [bar("2024-07-01"), bar("2024-07-02")],
                covering: day1,
                through: day2, fetchedAt: Self.noon)
        }
        let stats = try await store.stats()
        #expect(stats.tickers == 2 && stats.candles == 6)
        #expect(stats.sources.map(\.source) == [.fmp, .eodhd].sorted())
        #expect(stats.sources.first { $0.source == .eodhd }?.tickers == 2)
        #expect(try await store.clear(ticker: "AAPL") == 4)
        #expect(try await store.stats().candles == 2)
        #expect(try await store.clear(ticker: nil) == 2)
        #expect(try await store.series(SeriesKey(ticker: "MSFT", source: .eodhd, basis: .raw)).ranges.isEmpty)
    }
}
