import QuantumTestSupport
import Testing
@testable import QuantumCore

/// One test per documented response shape of each provider (`Tests/Fixtures`): each is
/// classified as its file name says, and never leaks the key that the body may echo.
@Suite struct ClassificationTests {
    static let key = "QUANTUMTESTKEY"
    let query = BarQuery(ticker: "AAPL", from: TradingDate("2000-01-01")!, to: TradingDate("2030-01-01")!)
    let context = RequestContext(endpoint: SourceEndpoint(baseURL: "http://127.0.0.1:9", key: key), today: TradingDate("2026-11-25")!)

    @Test func everyProviderHasFixtures() {
        for id in SourceID.allCases {
            #expect(OwnFixtures.cases(id).count >= 8, "\(id.rawValue)")
        }
    }

    @Test(arguments: OwnFixtures.all)
    func classifiesAsNamed(_ fixture: OwnFixtures.Case) async {
        let source = dataSource(for: fixture.source)
        let transport = StaticTransport { _ in ProviderResponse(status: fixture.status, body: fixture.body) }
        let fetcher = SourceFetcher(transport: transport, redactor: Redactor(secrets: [Self.key]))
        let result = await fetcher.fetch(query, from: source, context: context)
        switch fixture.expected {
        case .ok:
            // A well-formed success; an empty one is no_data for the fetch as a whole.
            let interpreted = source.interpret(ProviderResponse(status: fixture.status, body: fixture.body), for: query, context: context)
            #expect((try? interpreted.get()) != nil)
            #expect(result.attempt.outcome == .ok || result.attempt.outcome == .noData)
        default:
            #expect(result.attempt.outcome == fixture.expected)
            #expect(result.attempt.status == fixture.status)
            #expect(result.attempt.message?.isEmpty == false)
        }
        #expect(!(result.attempt.message ?? "").contains(Self.key))
        #expect(!result.warnings.contains { $0.contains(Self.key) })
    }

    @Test func polygonEmptyRateLimitBodyIsSaidPlainly() {
        let failure = PolygonSource().interpret(ProviderResponse(status: 429, body: []), for: query, context: context)
        #expect(failure.failure?.message == "(empty body)")
    }

    @Test func eodhdRetryAfterIsKept() {
        let response = ProviderResponse(status: 429, headers: [("Retry-After", "30")], text: #"{"error":"API rate limit exceeded"}"#)
        let failure = EODHDSource().interpret(response, for: query, context: context).failure
        #expect(failure?.outcome == .rateLimited && failure?.retryAfter == .seconds(30))
    }

    @Test func eodhdNotFoundPageIsNeverQuoted() {
        let page = "<html>The requested URL /api/eod/X.US?api_token=\(Self.key) was not found</html>"
        let failure = EODHDSource().interpret(ProviderResponse(status: 404, text: page), for: query, context: context).failure
        #expect(failure?.outcome == .notFound)
        #expect(failure?.message.contains(Self.key) == false && failure?.message.contains("html") == false)
    }

    @Test func alphaVantageBurstAsksForASecond() {
        let burst = OwnFixtures.cases(.alphavantage).first { $0.name.contains("burst") }!
        let failure = AlphaVantageSource().interpret(ProviderResponse(status: 200, body: burst.body), for: query, context: context).failure
        #expect(failure?.retryAfter == .seconds(1))
    }

    @Test func eodhdWarningsAreKeptAndWarningOnlyElementsSkipped() throws {
        let onLast = OwnFixtures.cases(.eodhd).first { $0.name.contains("warning_on_last") }!
        let page = try EODHDSource().interpret(ProviderResponse(status: 200, body: onLast.body), for: query, context: context).get()
        #expect(page.candles.count == 2 && page.candles[1].open == 43 && page.candles[1].adjustedClose == 2)
        #expect(page.warnings == ["Data is limited by one year as you have free subscription"])
        let only = OwnFixtures.cases(.eodhd).first { $0.name.contains("warning_only") }!
        let empty = try EODHDSource().interpret(ProviderResponse(status: 200, body: only.body), for: query, context: context).get()
        #expect(empty.candles.isEmpty && empty.warnings.count == 1)
    }
}
