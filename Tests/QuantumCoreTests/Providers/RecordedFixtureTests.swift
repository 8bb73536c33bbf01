import QuantumTestSupport
import Testing
@testable import QuantumCore

/// What the recorded responses in `../shared/fixtures` show about each provider: order, dates,
/// adjustment and wording. That every recorded bar decodes exactly is checked for every provider
/// by `ProviderConformance`.
@Suite(
    .enabled(if: Fixtures.available, "../shared/fixtures is not beside the checkout (or set QUANTUM_SHARED_FIXTURES)"))
struct RecordedFixtureTests {
    let query = BarQuery(ticker: "AAPL", from: TradingDate("1900-01-01")!, to: TradingDate("2100-01-01")!)
    let context = RequestContext(
        endpoint: SourceEndpoint(baseURL: "https://example.test", key: "k"), today: TradingDate("2026-11-25")!)

    func page(_ source: some DataSource, _ provider: String, _ name: String, status: Int = 200) throws -> Result<
        SourcePage, SourceFailure
    > {
        source.interpret(
            ProviderResponse(status: status, body: try Fixtures.bytes(provider, name)), for: query, context: context)
    }

    @Test func polygonRecordedDatesAreNewYorkDates() throws {
        let asc = try page(PolygonSource(), "polygon", "openbb_aggs_AAPL_1day_2023-01-01_2023-01-10_asc.json").get()
            .candles
        #expect(
            asc.map(\.date.description) == [
                "2023-01-03", "2023-01-04", "2023-01-05", "2023-01-06", "2023-01-09", "2023-01-10",
            ])
        #expect(
            asc.last
                == Candle(
                    date: TradingDate("2023-01-10")!, open: 130.26, high: 131.2636, low: 128.12, close: 130.73,
                    volume: 63_896_155, vwap: 129.822, trades: 554_940))
        let desc = try page(PolygonSource(), "polygon", "openbb_aggs_AAPL_1day_2023-01-01_2023-01-10_desc.json").get()
            .candles
        #expect(desc.reversed() == asc)
        let mock = try page(PolygonSource(), "polygon", "clientpython_mock_aggs_AAPL_1day_2005-04-01_2005-04-04.json")
            .get().candles
        #expect(mock.map(\.date.description) == ["2005-04-01", "2005-04-04"])
    }

    @Test func fmpStableIsNewestFirstAndKeepsFullVolumes() throws {
        let candles = try page(
            FMPSource(), "fmp", "openbb_stable_historical-price-eod-full_AAPL_2023-01-01_2023-01-10.json"
        ).get().candles
        #expect(candles.first?.date.description == "2023-01-10")
        #expect(candles[1].volume == 70_790_813)
        #expect(candles.allSatisfy { $0.adjustedClose == nil })
    }

    @Test func alphaVantageAdjustedSeriesKeepsTheSplitInTheAdjustedClose() throws {
        let name = "openbb_TIME_SERIES_DAILY_ADJUSTED_full_GME_2023-01-23_TRUNCATED_prefix.json"
        let candles = try page(AlphaVantageSource(), "alphavantage", name).get().candles
        #expect(candles.count == 315)
        let beforeSplit = try #require(candles.first { $0.date.description == "2022-07-21" })
        #expect(beforeSplit.close == 153.47 && beforeSplit.adjustedClose == 38.3675)
    }

    @Test(arguments: [
        "openbb_TIME_SERIES_DAILY_ADJUSTED_full_AAPL_premium_information_2023-09-18.json",
        "openbb_TIME_SERIES_DAILY_ADJUSTED_full_GME_premium_information_2022-03-16.json",
    ])
    func alphaVantagePremiumNoticesAreUnsupported(_ name: String) throws {
        let failure = try #require(try page(AlphaVantageSource(), "alphavantage", name).failure)
        #expect(failure.outcome == .unsupported && failure.status == 200)
        #expect(failure.message.contains("premium endpoint"))
    }

    @Test func alphaVantageIntradayIsNotTakenForDailyBars() throws {
        let failure = try #require(
            try page(
                AlphaVantageSource(), "alphavantage", "romeltorres_mock_TIME_SERIES_INTRADAY_1min_MSFT_2017-12-18.json"
            ).failure)
        #expect(failure.outcome == .badResponse)
        #expect(failure.message.contains("Time Series (Daily)"))
    }

    @Test func eodhdFullHistoryIsAscendingAndComplete() throws {
        let candles = try page(EODHDSource(), "eodhd", "thoranrb_eod_BHP.AU_period_d_full_history_200.json").get()
            .candles
        #expect(candles.count == 8194)
        #expect(candles.first?.date.description == "1993-04-01" && candles.last?.date.description == "2025-10-03")
        #expect(zip(candles, candles.dropFirst()).allSatisfy { $0.date < $1.date })
        #expect(
            candles.last
                == Candle(
                    date: TradingDate("2025-10-03")!, open: 41.9, high: 42.2, low: 41.795, close: 42.08,
                    volume: 4_996_434, adjustedClose: 42.08))
    }

    @Test func eodhdRecordedUnauthenticatedIsAuthFailed() throws {
        let failure = try #require(
            try page(EODHDSource(), "eodhd", "thoranrb_eod_BHP.AU_invalid_token_401.txt", status: 401).failure)
        #expect(failure.outcome == .authFailed && failure.status == 401 && failure.message == "Unauthenticated")
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}
