import QuantumTestSupport
import Testing
@testable import QuantumCore

/// Each provider's own request rules; what every provider must do is in `ProviderConformance`.
@Suite struct ProviderRequestTests {
    let query = BarQuery(ticker: "aapl", from: TradingDate("2024-07-01")!, to: TradingDate("2024-07-05")!)
    let context = RequestContext(
        endpoint: SourceEndpoint(baseURL: "http://127.0.0.1:8080/proxy", key: "K3Y+/=&"),
        today: TradingDate("2024-07-08")!)

    static let path: [SourceID: String] = [
        .polygon: "/proxy/v2/aggs/ticker/AAPL/range/1/day/2024-07-01/2024-07-05",
        .fmp: "/proxy/stable/historical-price-eod/full", .alphavantage: "/proxy/query",
        .eodhd: "/proxy/api/eod/AAPL.US",
    ]

    @Test(arguments: ProviderRegistry.ids)
    func requestsTheDocumentedPath(_ id: SourceID) throws {
        let request = dataSource(for: id).request(for: query, context: context)
        #expect(request.url.hasPrefix("http://127.0.0.1:8080" + (try #require(Self.path[id])) + "?"))
    }

    @Test func polygonAsksForTheRequestedAdjustment() {
        #expect(PolygonSource().request(for: query, context: context).url.contains("adjusted=true"))
        var raw = query
        raw.basis = .raw
        #expect(PolygonSource().request(for: raw, context: context).url.contains("adjusted=false"))
    }

    @Test func polygonNextPageIsRebasedAndCarriesTheKeyAgain() {
        let next = PolygonSource().nextPageRequest(
            "https://api.polygon.io/v2/aggs/ticker/AAPL/range/1/day/1578114000000/2020-01-10?cursor=bGltaXQ9MiZzb3J0PWFzYw",
            context: context)
        #expect(
            next.url
                == "http://127.0.0.1:8080/proxy/v2/aggs/ticker/AAPL/range/1/day/1578114000000/2020-01-10?cursor=bGltaX"
                + "Q9MiZzb3J0PWFzYw&apiKey=K3Y%2B%2F%3D%26"
        )
    }

    @Test func alphaVantageChoosesCompactOnlyForRecentRanges() {
        let today = TradingDate("2024-07-08")!
        #expect(AlphaVantageSource.outputSize(from: TradingDate("2024-06-01")!, today: today) == "compact")
        #expect(AlphaVantageSource.outputSize(from: TradingDate("2024-01-02")!, today: today) == "full")
        #expect(
            AlphaVantageSource().request(for: query, context: context).url.contains(
                "function=TIME_SERIES_DAILY&symbol=AAPL&outputsize=compact&datatype=json"))
    }

    @Test(arguments: [
        ("AAPL", "AAPL.US"), ("BHP.AU", "BHP.AU"), ("BRK.B", "BRK-B.US"), ("BMW.XETRA", "BMW.XETRA"), ("VTI", "VTI.US"),
    ])
    func eodhdSymbols(_ pair: (String, String)) {
        #expect(EODHDSource.symbol(for: Listing(ticker: pair.0)) == pair.1)
    }

    @Test func fmpWritesShareClassesWithAHyphen() {
        #expect(FMPSource.symbol(for: Listing(ticker: "BRK.B")) == "BRK-B")
        #expect(FMPSource.symbol(for: Listing(ticker: "AAPL")) == "AAPL")
    }
}
