import QuantumTestSupport
import Testing
@testable import QuantumCore

/// What every source must do, whatever its wire format.
@Suite struct SourceConformanceTests {
    let query = BarQuery(ticker: "aapl", from: TradingDate("2024-07-01")!, to: TradingDate("2024-07-05")!)
    let context = RequestContext(endpoint: SourceEndpoint(baseURL: "http://127.0.0.1:8080/proxy", key: "K3Y+/=&"), today: TradingDate("2024-07-08")!)

    static let keyParameter: [SourceID: String] = [.polygon: "apiKey", .fmp: "apikey", .alphavantage: "apikey", .eodhd: "api_token"]
    static let path: [SourceID: String] = [
        .polygon: "/proxy/v2/aggs/ticker/AAPL/range/1/day/2024-07-01/2024-07-05",
        .fmp: "/proxy/stable/historical-price-eod/full", .alphavantage: "/proxy/query", .eodhd: "/proxy/api/eod/AAPL.US",
    ]

    @Test(arguments: SourceID.allCases)
    func requestKeepsTheBasePrefixAndEncodesTheKey(_ id: SourceID) throws {
        let request = dataSource(for: id).request(for: query, context: context)
        let base = "http://127.0.0.1:8080"
        #expect(request.url.hasPrefix(base + Self.path[id]! + "?"))
        #expect(request.url.contains("\(Self.keyParameter[id]!)=K3Y%2B%2F%3D%26"))
        var keyless = context
        keyless.endpoint.key = nil
        #expect(!dataSource(for: id).request(for: query, context: keyless).url.contains(Self.keyParameter[id]! + "="))
    }

    @Test(arguments: SourceID.allCases)
    func decodesItsOwnSuccessShape(_ id: SourceID) throws {
        let ok = try #require(OwnFixtures.cases(id).first { $0.expected == .ok && !$0.name.contains("empty") && !$0.name.contains("null") && !$0.name.contains("warning_only") })
        let page = try dataSource(for: id).interpret(ProviderResponse(status: 200, body: ok.body), for: query, context: context).get()
        #expect(!page.candles.isEmpty)
        #expect(page.candles.allSatisfy { $0.open.isFinite && $0.volume > 0 })
    }

    @Test(arguments: SourceID.allCases)
    func serverErrorsAndGarbageAreClassified(_ id: SourceID) {
        let source = dataSource(for: id)
        for status in [500, 502, 503, 504] {
            #expect(source.interpret(ProviderResponse(status: status, text: "<html>oops</html>"), for: query, context: context).failure?.outcome == .serverError)
        }
        let garbage = source.interpret(ProviderResponse(status: 200, text: "{\"truncat"), for: query, context: context).failure
        #expect(garbage?.outcome == .badResponse)
        #expect(garbage?.message.contains("truncat") == true)
        #expect(source.interpret(ProviderResponse(status: 200, text: ""), for: query, context: context).failure?.outcome == .badResponse)
        #expect(source.interpret(ProviderResponse(status: 429, text: ""), for: query, context: context).failure?.outcome == .rateLimited)
    }

    @Test(arguments: SourceID.allCases)
    func declaresTheBasisItServes(_ id: SourceID) {
        let source = dataSource(for: id)
        #expect(source.basis(for: .any) != nil)
        if let raw = source.basis(for: .raw) { #expect(raw == .raw) }
        if let split = source.basis(for: .split) { #expect(split == .split) }
    }

    @Test func polygonAsksForTheRequestedAdjustment() {
        #expect(PolygonSource().request(for: query, context: context).url.contains("adjusted=true"))
        var raw = query
        raw.basis = .raw
        #expect(PolygonSource().request(for: raw, context: context).url.contains("adjusted=false"))
    }

    @Test func polygonNextPageIsRebasedAndCarriesTheKeyAgain() {
        let next = PolygonSource().nextPageRequest("https://api.polygon.io/v2/aggs/ticker/AAPL/range/1/day/1578114000000/2020-01-10?cursor=bGltaXQ9MiZzb3J0PWFzYw", context: context)
        #expect(next.url == "http://127.0.0.1:8080/proxy/v2/aggs/ticker/AAPL/range/1/day/1578114000000/2020-01-10?cursor=bGltaXQ9MiZzb3J0PWFzYw&apiKey=K3Y%2B%2F%3D%26")
    }

    @Test func alphaVantageChoosesCompactOnlyForRecentRanges() {
        let today = TradingDate("2024-07-08")!
        #expect(AlphaVantageSource.outputSize(from: TradingDate("2024-06-01")!, today: today) == "compact")
        #expect(AlphaVantageSource.outputSize(from: TradingDate("2024-01-02")!, today: today) == "full")
        #expect(AlphaVantageSource().request(for: query, context: context).url.contains("function=TIME_SERIES_DAILY&symbol=AAPL&outputsize=compact&datatype=json"))
    }

    @Test(arguments: [("AAPL", "AAPL.US"), ("BHP.AU", "BHP.AU"), ("BRK.B", "BRK-B.US"), ("BMW.XETRA", "BMW.XETRA"), ("VTI", "VTI.US")])
    func eodhdSymbols(_ pair: (String, String)) {
        #expect(EODHDSource.symbol(for: pair.0) == pair.1)
    }

    @Test func fmpWritesShareClassesWithAHyphen() {
        #expect(FMPSource.symbol(for: "BRK.B") == "BRK-B")
        #expect(FMPSource.symbol(for: "AAPL") == "AAPL")
    }
}
