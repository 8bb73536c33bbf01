import Foundation
import QuantumHTTP
import Testing
@testable import QuantumCore
@testable import QuantumSimulator

/// The four providers' corporate-action endpoints, requested as the client requests them over
/// loopback and read by the core's decoders: the same splits, dividends and symbol changes
/// everywhere, each provider's own answer for a ticker it does not list, and the simulator's
/// keys, limits, faults and counters as for bars.
@Suite(.timeLimit(.minutes(2))) struct ActionEndpointsTests {
    static let today = TradingDate("2026-11-25")!
    let market = Market(today: Self.today)

    func day(_ text: String) -> TradingDate { TradingDate(text)! }

    @Test(arguments: ProviderRegistry.ids)
    func aaplsSplitsAreTheSameAtEveryProvider(_ id: SourceID) async throws {
        try await ActionFetcher.with(SimulatorOptions(today: Self.today)) { fetcher in
            let splits = try await fetcher.splits(id, "AAPL")
            #expect(
                splits == [
                    Split(date: day("2014-06-09"), ratio: SplitRatio(new: 7, old: 1)!),
                    Split(date: day("2020-08-31"), ratio: SplitRatio(new: 4, old: 1)!),
                ])
            #expect(splits == market.actions("AAPL").splits)
        }
    }

    /// Every provider reports the market's dividends, amounts as declared; merged, they agree.
    @Test func dividendsAgreeAcrossProviders() async throws {
        let ticker = try #require(["AAPL", "MSFT", "NVDA"].first { !market.actions($0).dividends.isEmpty })
        let expected = market.actions(ticker).dividends
        try await ActionFetcher.with(SimulatorOptions(today: Self.today)) { fetcher in
            var reports: [ActionReport] = []
            for id in ProviderRegistry.ids {
                let dividends = try await fetcher.dividends(id, ticker)
                #expect(dividends.map(\.exDate) == expected.map(\.exDate), "\(id)")
                for (got, want) in zip(dividends, expected) {
                    #expect(abs(got.amount - want.amount) < 1e-9, "\(id) \(want.exDate)")
                    // FMP's and Alpha Vantage's rows name no currency.
                    #expect(got.currency == ([.fmp, .alphavantage].contains(id) ? nil : "USD"), "\(id)")
                    #expect(
                        got.declarationDate == want.declarationDate && got.recordDate == want.recordDate
                            && got.payDate == want.payDate, "\(id) \(want.exDate)")
                }
                let splits = try await fetcher.splits(id, ticker)
                reports.append(
                    ActionReport(
                        source: id, feeds: [.splits, .dividends],
                        actions: splits.map(CorporateAction.split) + dividends.map(CorporateAction.dividend)))
            }
            let ledger = ActionLedger.merge(ticker: ticker, reports: reports)
            #expect(ledger.disagreements.isEmpty)
            #expect(ledger.dividends.count == expected.count)
        }
    }

    /// Polygon pages by `limit` with `next_url`, as for bars; the pages make the whole history.
    @Test func polygonDividendsPageThroughNextURL() async throws {
        try await ActionFetcher.with(SimulatorOptions(today: Self.today)) { fetcher in
            let source = PolygonSource()
            let path = "/stocks/v1/dividends?ticker=AAPL&limit=10&sort=ex_dividend_date.desc&apiKey=k"
            var next: ProviderRequest? = ProviderRequest(url: fetcher.server.baseURL + path)
            var dividends: [CashDividend] = []
            var pages = 0
            while let request = next, pages < 30 {
                let response = try await fetcher.transport.get(request, timeout: .seconds(10))
                let page = try source.interpretActions(
                    response, feed: .dividends, ticker: "AAPL", context: fetcher.context
                ).get()
                dividends += page.actions.compactMap { if case .dividend(let dividend) = $0 { dividend } else { nil } }
                next = page.next
                pages += 1
            }
            let expected = market.actions("AAPL").dividends
            #expect(pages == (expected.count + 9) / 10)
            #expect(dividends == Array(expected.reversed()))
        }
    }

    /// EODHD serves its international listings' dividends in their own currencies.
    @Test func eodhdServesInternationalListings() async throws {
        try await ActionFetcher.with(SimulatorOptions(today: Self.today)) { fetcher in
            for ticker in Universe.international {
                let dividends = try await fetcher.dividends(.eodhd, ticker)
                #expect(dividends == market.actions(ticker).dividends, "\(ticker)")
                #expect(try await fetcher.splits(.eodhd, ticker).isEmpty)
            }
            #expect(market.actions("VOD.LSE").dividends.allSatisfy { $0.currency == "GBX" })
            #expect(Universe.international.contains { !market.actions($0).dividends.isEmpty })
        }
    }

    /// A ticker a provider does not list gets its usual answer: Polygon an empty result (404 for
    /// a ticker's events), FMP `[]`, Alpha Vantage its invalid-call notice, EODHD its 404 page.
    @Test(arguments: ProviderRegistry.ids)
    func anUnlistedTickerGetsTheProvidersNotFoundAnswer(_ id: SourceID) async throws {
        let unlisted = Universe.us.first { !market.lists($0, at: id) } ?? "NOSUCH"
        try await ActionFetcher.with(SimulatorOptions(today: Self.today)) { fetcher in
            for ticker in Set([unlisted, "NOSUCH"]) {
                for feed in [ActionFeed.splits, .dividends] {
                    let result = try await fetcher.actions(id, feed, ticker)
                    switch id {
                    case .polygon, .fmp:
                        #expect(try result.get().isEmpty, "\(id) \(feed) \(ticker)")
                    default:
                        #expect(result.failure?.outcome == .notFound, "\(id) \(feed) \(ticker): \(result)")
                    }
                }
            }
            if id == .polygon {
                let events = try await fetcher.actions(.polygon, .symbolChanges, unlisted)
                #expect(events.failure?.outcome == .notFound && events.failure?.status == 404)
            }
        }
    }

    /// FB became META on 2022-06-09 and FISV FI on 2023-06-07; EODHD's history starts 2022-07-22,
    /// Alpha Vantage has no such feed.
    @Test func symbolChangesAreReportedWhereTheProviderHasThem() async throws {
        let meta = SymbolChange(date: day("2022-06-09"), oldSymbol: "FB", newSymbol: "META")
        let fiserv = SymbolChange(date: day("2023-06-07"), oldSymbol: "FISV", newSymbol: "FI")
        #expect(market.symbolChanges.contains(meta) && market.symbolChanges.contains(fiserv))
        try await ActionFetcher.with(SimulatorOptions(today: Self.today)) { fetcher in
            // A listing that was never renamed has one symbol: no change.
            let expected: [(SourceID, String, [SymbolChange])] = [
                (.polygon, "META", [meta]), (.polygon, "AAPL", []), (.fmp, "META", [meta]), (.eodhd, "META", []),
                (.eodhd, "FI", [fiserv]), (.fmp, "FI", [fiserv]), (.polygon, "FI", [fiserv]),
            ]
            for (id, ticker, changes) in expected where market.lists(ticker, at: id) {
                let reported = try await fetcher.symbolChanges(id, ticker)
                #expect(reported == changes, "\(id) \(ticker)")
            }
            #expect(fetcher.request(.alphavantage, .symbolChanges, "META") == nil)
        }
    }

    /// Keys, limits, faults and counters work on these endpoints as on the bars'.
    @Test func keysLimitsFaultsAndCountersApply() async throws {
        try await ActionFetcher.with(SimulatorOptions(today: Self.today)) { fetcher in
            let simulator = fetcher.server.simulator
            var keyless = fetcher
            keyless.key = nil
            let refused = try await keyless.response(.polygon, .splits, "AAPL")
            let said = String(decoding: refused.body, as: UTF8.self)
            #expect(refused.status == 401 && said.contains("API Key was not provided"))

            simulator.faults.inject(try Fault.parse(["error500", "x1"]).get(), at: .fmp)
            #expect(try await fetcher.actions(.fmp, .dividends, "AAPL").failure?.outcome == .serverError)
            #expect(try await fetcher.actions(.fmp, .splits, "AAPL").get().count == 2)
            #expect(simulator.stats()[.fmp] == ProviderStats(requests: 2, served: 1, violations: 0, faults: 1))

            simulator.faults.inject(try Fault.parse(["empty", "x1"]).get(), at: .alphavantage)
            #expect(try await fetcher.actions(.alphavantage, .dividends, "AAPL").get().isEmpty)
            simulator.faults.inject(try Fault.parse(["empty", "x1"]).get(), at: .polygon)
            #expect(try await fetcher.actions(.polygon, .symbolChanges, "META").get().isEmpty)

            simulator.setLimits(try #require(RateWindow.list("1/min")), for: .eodhd)
            #expect(try await fetcher.splits(.eodhd, "AAPL").count == 2)
            #expect(try await fetcher.actions(.eodhd, .dividends, "AAPL").failure?.outcome == .rateLimited)
            #expect(simulator.stats()[.eodhd]?.violations == 1)
        }
    }

    /// The same request gives the same bytes (ids and all).
    @Test func theSameRequestGivesTheSameBytes() async throws {
        try await ActionFetcher.with(SimulatorOptions(today: Self.today)) { fetcher in
            for id in ProviderRegistry.ids {
                for feed in ActionFeed.allCases where fetcher.request(id, feed, "AAPL") != nil {
                    let a = try await fetcher.response(id, feed, "AAPL")
                    let b = try await fetcher.response(id, feed, "AAPL")
                    #expect(a.status == 200 && a.body == b.body, "\(id) \(feed)")
                }
            }
        }
    }
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let failure) = self { failure } else { nil }
    }
}
