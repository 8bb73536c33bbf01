import QuantumTestSupport
import Testing
@testable import QuantumCore

/// Provider-specific classification details; that every fixture in `Tests/Fixtures` is classified
/// as its file name says is checked for every provider by `ProviderConformance`.
@Suite struct ClassificationTests {
    static let key = "QUANTUMTESTKEY"
    let query = BarQuery(ticker: "AAPL", from: TradingDate("2000-01-01")!, to: TradingDate("2030-01-01")!)
    let context = RequestContext(
        endpoint: SourceEndpoint(baseURL: "http://127.0.0.1:9", key: key), today: TradingDate("2026-11-25")!)

    @Test func polygonEmptyRateLimitBodyIsSaidPlainly() {
        let failure = PolygonSource().interpret(ProviderResponse(status: 429, body: []), for: query, context: context)
        #expect(failure.failure?.message == "(empty body)")
    }

    @Test func eodhdRetryAfterIsKept() {
        let response = ProviderResponse(
            status: 429, headers: [("Retry-After", "30")], text: #"{"error":"API rate limit exceeded"}"#)
        let failure = EODHDSource().interpret(response, for: query, context: context).failure
        #expect(failure?.outcome == .rateLimited && failure?.retryAfter == .seconds(30))
    }

    @Test func eodhdNotFoundPageIsNeverQuoted() {
        let page = "<html>The requested URL /api/eod/X.US?api_token=\(Self.key) was not found</html>"
        let failure = EODHDSource().interpret(ProviderResponse(status: 404, text: page), for: query, context: context)
            .failure
        #expect(failure?.outcome == .notFound)
        #expect(failure?.message.contains(Self.key) == false && failure?.message.contains("html") == false)
    }

    @Test func alphaVantageBurstAsksForASecond() {
        let burst = OwnFixtures.cases(.alphavantage).first { $0.name.contains("burst") }!
        let failure = AlphaVantageSource().interpret(
            ProviderResponse(status: 200, body: burst.body), for: query, context: context
        ).failure
        #expect(failure?.retryAfter == .seconds(1))
    }

    @Test func eodhdWarningsAreKeptAndWarningOnlyElementsSkipped() throws {
        let onLast = OwnFixtures.cases(.eodhd).first { $0.name.contains("warning_on_last") }!
        let page = try EODHDSource().interpret(
            ProviderResponse(status: 200, body: onLast.body), for: query, context: context
        ).get()
        #expect(page.candles.count == 2 && page.candles[1].open == 43 && page.candles[1].adjustedClose == 2)
        #expect(page.warnings == ["Data is limited by one year as you have free subscription"])
        let only = OwnFixtures.cases(.eodhd).first { $0.name.contains("warning_only") }!
        let empty = try EODHDSource().interpret(
            ProviderResponse(status: 200, body: only.body), for: query, context: context
        ).get()
        #expect(empty.candles.isEmpty && empty.warnings.count == 1)
    }
}

/// A CDN's or proxy's HTML error page (Cloudflare's 5xx, a 200 challenge page) is quoted by its
/// title, for every provider, never as markup.
@Suite struct HTMLErrorPageTests {
    static let cloudflare502 = """
        <!DOCTYPE html>
        <!--[if lt IE 7]> <html class="no-js ie6 oldie" lang="en-US"> <![endif]-->
        <html class="no-js" lang="en-US"> <!--<![endif]-->
        <head>
        <title>api.example.com | 502: Bad gateway</title>
        <meta charset="UTF-8" /><style>body{margin:0;padding:0}</style>
        </head><body><div id="cf-wrapper"><h1>Bad gateway</h1></div></body></html>
        """
    static let challenge = """
        <html><head><title>Just a moment...</title></head><body><h1>Checking your browser &amp; more</h1></body></html>
        """

    static func interpret(_ id: SourceID, _ response: ProviderResponse) -> SourceFailure? {
        let query = BarQuery(ticker: "AAPL", from: TradingDate("2024-01-02")!, to: TradingDate("2024-01-05")!)
        let context = RequestContext(
            endpoint: SourceEndpoint(baseURL: "http://127.0.0.1:9", key: "k"), today: TradingDate("2026-11-25")!)
        return dataSource(for: id).interpret(response, for: query, context: context).failure
    }

    @Test(arguments: ProviderRegistry.ids)
    func a502PageIsQuotedByItsTitle(_ id: SourceID) throws {
        let failure = try #require(
            Self.interpret(
                id, ProviderResponse(status: 502, headers: [("Content-Type", "text/html")], text: Self.cloudflare502)))
        #expect(failure.outcome == .serverError && failure.retryable)
        #expect(failure.message.contains("an HTML page: api.example.com | 502: Bad gateway"), "\(failure.message)")
        #expect(!failure.message.contains("<"))
    }

    @Test(arguments: ProviderRegistry.ids)
    func a200PageIsABadResponseQuotedByItsTitle(_ id: SourceID) throws {
        let failure = try #require(Self.interpret(id, ProviderResponse(status: 200, text: Self.challenge)))
        #expect(failure.outcome == .badResponse)
        #expect(failure.message.contains("an HTML page: Just a moment..."), "\(failure.message)")
        #expect(!failure.message.contains("<"))
    }

    @Test func aPageWithoutATitleIsQuotedByItsHeadingOrSaidSo() {
        #expect(
            ProviderResponse(status: 502, text: "<html><body><h1>Bad &amp; gone</h1></body></html>").excerpt()
                == "an HTML page: Bad & gone")
        #expect(
            ProviderResponse(status: 502, text: "<!doctype html><html><body>x</body></html>").excerpt()
                == "an HTML page without a title")
        #expect(ProviderResponse(status: 502, text: "Bad Gateway").excerpt() == "Bad Gateway")
    }
}
