import QuantumTestSupport
import Synchronization
import Testing
@testable import QuantumCore

/// The recorded corporate-action responses in `../shared/fixtures/*/actions/` decode exactly:
/// dates, ratios as new per old, amounts as declared (PROVIDERS.md §6).
@Suite(
    .enabled(if: Fixtures.available, "../shared/fixtures is not beside the checkout (or set QUANTUM_SHARED_FIXTURES)"))
struct RecordedActionsTests {
    let context = RequestContext(
        endpoint: SourceEndpoint(baseURL: "https://example.test", key: "k"), today: TradingDate("2026-11-25")!)

    func page(
        _ source: some DataSource, _ provider: String, _ name: String, _ feed: ActionFeed, ticker: String,
        status: Int = 200
    ) throws -> ActionPage {
        try source.interpretActions(
            ProviderResponse(status: status, body: try Fixtures.bytes(provider, "actions/" + name)), feed: feed,
            ticker: ticker, context: context
        ).get()
    }

    func splits(_ page: ActionPage) -> [String] {
        page.actions.compactMap { if case .split(let split) = $0 { "\(split.date) \(split.ratio)" } else { nil } }
    }

    func dividends(_ page: ActionPage) -> [CashDividend] {
        page.actions.compactMap { if case .dividend(let dividend) = $0 { dividend } else { nil } }
    }

    @Test func polygonSplitsAndDividendsOfTheCurrentEndpoints() throws {
        let split = try page(
            PolygonSource(), "polygon", "massivego_SPECEXAMPLE_stocks-v1-splits_AAPL.json", .splits, ticker: "AAPL")
        #expect(splits(split) == ["2005-02-28 2-for-1"])
        let dividend = try dividends(
            page(
                PolygonSource(), "polygon", "massivego_SPECEXAMPLE_stocks-v1-dividends_AAPL.json", .dividends,
                ticker: "AAPL"))
        #expect(
            dividend == [
                CashDividend(
                    exDate: TradingDate("2025-08-11")!, amount: 0.26, currency: "USD",
                    declarationDate: TradingDate("2025-07-31"), recordDate: TradingDate("2025-08-11"),
                    payDate: TradingDate("2025-08-14"))
            ])
    }

    /// A server without `/stocks/v1/splits` (404) is asked the deprecated v3 endpoint instead,
    /// said in the ledger's warnings (the recorded v3 answer gives AAPL's two splits); a 403 (the
    /// key's or the plan's refusal) is not asked again.
    @Test(arguments: [403, 404]) func polygonFallsBackToTheV3Endpoint(_ status: Int) async throws {
        let v3 = try Fixtures.bytes("polygon", "actions/massivego_SPECEXAMPLE_v3-reference-splits_AAPL.json")
        let asked = Mutex<[String]>([])
        let transport = StaticTransport { request in
            asked.withLock { $0.append(request.url) }
            if request.url.contains("/stocks/v1/") {
                return ProviderResponse(
                    status: status, text: #"{"status":"NOT_AUTHORIZED","message":"not on your plan"}"#)
            }
            if request.url.contains("cursor=") {
                return ProviderResponse(status: 200, text: #"{"status":"OK","results":[]}"#)
            }
            return ProviderResponse(status: 200, body: v3)
        }
        let orchestrator = Orchestrator(
            sources: [
                ConfiguredSource(
                    source: PolygonSource(), endpoint: SourceEndpoint(baseURL: "http://t.invalid", key: "k"))
            ],
            fetcher: SourceFetcher(transport: transport, redactor: Redactor(secrets: ["k"])))
        let read = await orchestrator.actions("AAPL", feeds: [.splits])
        guard status == 404 else {
            #expect(read.failure != nil && asked.withLock { $0.count } == 1)
            return
        }
        #expect(
            read.failure == nil
                && read.ledger.splits.map { "\($0.date) \($0.ratio)" } == ["2005-02-28 2-for-1", "2020-08-31 4-for-1"])
        #expect(
            read.warnings.contains { $0.contains("read from the deprecated /v3/reference endpoint") },
            "\(read.warnings)")
        #expect(asked.withLock { $0 }.contains { $0.contains("/v3/reference/splits?ticker=AAPL") })
    }

    /// The v3 mock holds many tickers: only the asked one's rows are taken; BRW's 2-for-1 the
    /// other way is a reverse split.
    @Test func polygonV3RowsOfOtherTickersAreNotTaken() throws {
        let shop = try page(
            PolygonSource(), "polygon", "clientpython_mock_v3_reference_splits.json", .splits, ticker: "SHOP")
        #expect(splits(shop) == ["2022-06-29 10-for-1", "2022-06-22 10-for-1"])
        let brw = try page(
            PolygonSource(), "polygon", "clientpython_mock_v3_reference_splits.json", .splits, ticker: "BRW")
        #expect(splits(brw).count == 1 && splits(brw)[0].hasSuffix("1-for-2"))
        let cssen = try dividends(
            page(
                PolygonSource(), "polygon", "clientpython_mock_v3_reference_dividends.json", .dividends, ticker: "CSSEN"
            ))
        #expect(cssen.first?.exDate.description == "2025-06-12" && cssen.first?.amount == 0.59375)
        #expect(cssen.first?.currency == nil)
    }

    /// Each event names the ticker in use from its date: FB until 2022-06-11, then META.
    @Test func polygonTickerEventsBecomeOneSymbolChange() throws {
        let events = try page(
            PolygonSource(), "polygon", "clientpython_mock_vX_reference_tickers_META_events_ticker_change.json",
            .symbolChanges, ticker: "META")
        #expect(
            events.actions == [
                .symbolChange(SymbolChange(date: TradingDate("2022-06-11")!, oldSymbol: "FB", newSymbol: "META"))
            ])
    }

    @Test func fmpSplitsDividendsAndSymbolChanges() throws {
        let recorded = try page(
            FMPSource(), "fmp", "openbb_stable_splits_AAPL_2025-09-23.json", .splits, ticker: "AAPL")
        #expect(
            splits(recorded) == [
                "2020-08-31 4-for-1", "2014-06-09 7-for-1", "2005-02-28 2-for-1", "2000-06-21 2-for-1",
                "1987-06-16 2-for-1",
            ])
        let dividend = try dividends(
            page(
                FMPSource(), "fmp",
                "jerbersoftfmpdotnet_stable_dividends_AAPL_captured_2026-08-28_TRUNCATED_head5.json", .dividends,
                ticker: "AAPL"))
        #expect(dividend.first?.exDate.description == "2026-08-10" && dividend.first?.amount == 0.27)
        #expect(dividend.first?.payDate?.description == "2026-08-13")
        let changes = try page(
            FMPSource(), "fmp",
            "jerbersoftfmpdotnet_stable_symbol-change_captured_2026-08_TRUNCATED_head3_reformatted.json",
            .symbolChanges, ticker: "EDVA")
        #expect(
            changes.actions == [
                .symbolChange(SymbolChange(date: TradingDate("2026-08-24")!, oldSymbol: "SBEV", newSymbol: "EDVA"))
            ])
    }

    /// A spin-off booked as a split is said and not used; a stock dividend is a share distribution.
    @Test func fmpSpinOffIsNotASplit() throws {
        let name = "jerbersoftfmpdotnet_stable_splits-calendar_captured_2026-08-28_SELECTED_split-types.json"
        let spinOff = try page(FMPSource(), "fmp", name, .splits, ticker: "GOODY.IS")
        #expect(spinOff.actions.isEmpty)
        #expect(spinOff.warnings.contains { $0.contains("spin-off") && $0.contains("5629-for-1000") })
        let reverse = try page(FMPSource(), "fmp", name, .splits, ticker: "GAME")
        #expect(splits(reverse) == ["2026-08-24 1-for-8"])
    }

    /// `unadjustedValue` is the declared amount; `value` (re-based for later splits) is not used.
    @Test func eodhdSplitsAndDeclaredDividends() throws {
        let split = try page(
            EODHDSource(), "eodhd", "eodhdoapi_SPECEXAMPLE_splits_AAPL.US.json", .splits, ticker: "AAPL")
        #expect(
            splits(split) == ["2000-06-21 2-for-1", "2005-02-28 2-for-1", "2014-06-09 7-for-1", "2020-08-31 4-for-1"])
        let dividend = try dividends(
            page(EODHDSource(), "eodhd", "eodhdoapi_SPECEXAMPLE_div_AAPL.US.json", .dividends, ticker: "AAPL"))
        #expect(dividend.map(\.amount) == [2.6488, 2.6488])
        #expect(dividend.first?.recordDate?.description == "2012-08-13" && dividend.first?.currency == "USD")
        let changes = try page(
            EODHDSource(), "eodhd", "eodhdoapi_SPECEXAMPLE_symbol-change-history.json", .symbolChanges, ticker: "STEL")
        #expect(
            changes.actions == [
                .symbolChange(SymbolChange(date: TradingDate("2022-10-03")!, oldSymbol: "CBTX", newSymbol: "STEL"))
            ])
    }

    /// Strings everywhere, `"None"` for a missing date, amounts as declared across IBM's 1999
    /// 2-for-1 split (0.24 before it, 0.12 after).
    @Test func alphaVantageDividendsAsDeclared() throws {
        let dividend = try dividends(
            page(
                AlphaVantageSource(), "alphavantage", "findocker_DIVIDENDS_IBM_2024-06_reserialized.json", .dividends,
                ticker: "IBM"))
        #expect(dividend.count == 102)
        #expect(dividend.first?.amount == 1.67 && dividend.first?.exDate.description == "2024-05-09")
        #expect(dividend.first?.declarationDate?.description == "2024-04-30")
        let around1999 = dividend.filter { ["1999-05-06", "1999-08-06"].contains($0.exDate.description) }
        #expect(around1999.map(\.amount) == [0.12, 0.24])
        #expect(around1999.allSatisfy { $0.declarationDate == nil && $0.payDate == nil })
    }

    @Test func alphaVantageSplitFactorsAreFractions() {
        #expect(SplitRatio(factor: "4.0000")?.description == "4-for-1")
        #expect(SplitRatio(factor: "0.1667")?.description == "1-for-6")
        #expect(SplitRatio(factor: "0.5000")?.description == "1-for-2")
        #expect(SplitRatio(factor: "1.5")?.description == "3-for-2")
        #expect(SplitRatio(factor: "1.0460")?.description == "91-for-87")
        #expect(SplitRatio(factor: "0") == nil && SplitRatio(factor: "abc") == nil)
        #expect(SplitRatio(slashed: "1.000000/10.000000")?.value == 0.1)
        #expect(SplitRatio(factor: "0.1667")!.agrees(with: SplitRatio(new: 1, old: 6)!))
        #expect(!SplitRatio(factor: "0.1667")!.agrees(with: SplitRatio(new: 1, old: 5)!))
    }

    /// Errors read as the bars' errors do, per provider.
    @Test func errorsAreClassifiedAsForBars() throws {
        let av = AlphaVantageSource().interpretActions(
            ProviderResponse(status: 200, text: #"{"Information": "We have detected your API key as demo"}"#),
            feed: .splits, ticker: "IBM", context: context)
        #expect(av.failure?.outcome == .authFailed)
        let fmp = FMPSource().interpretActions(
            ProviderResponse(
                status: 401, text: #"{"Error Message": "Invalid API KEY. Feel free to create a Free API Key"}"#),
            feed: .dividends, ticker: "AAPL", context: context)
        #expect(fmp.failure?.outcome == .authFailed)
        let polygon = PolygonSource().interpretActions(
            ProviderResponse(status: 429, text: #"{"status":"ERROR","error":"You've exceeded the maximum requests"}"#),
            feed: .splits, ticker: "AAPL", context: context)
        #expect(polygon.failure?.outcome == .rateLimited)
        let eodhd = EODHDSource().interpretActions(
            ProviderResponse(status: 404, text: "Dividend data not found for the specified ticker or date range"),
            feed: .dividends, ticker: "AAPL", context: context)
        #expect(try eodhd.get().actions.isEmpty)
        let empty = AlphaVantageSource().interpretActions(
            ProviderResponse(status: 200, text: "{}"), feed: .dividends, ticker: "ZZZZ", context: context)
        #expect(try empty.get().actions.isEmpty)
    }
}
