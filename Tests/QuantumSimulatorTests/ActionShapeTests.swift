import Foundation
import QuantumCore
import QuantumTestSupport
import Testing
@testable import QuantumSimulator

/// The simulator's corporate-action bodies have the shape of the providers' recorded responses
/// (PROVIDERS.md §6): the same keys at every level and the same kinds of values.
@Suite(
    .enabled(if: Fixtures.available, "../shared/fixtures is not beside the checkout (or set QUANTUM_SHARED_FIXTURES)"))
struct ActionShapeTests {
    static let today = TradingDate("2026-11-25")!

    /// A provider's recorded answer of one feed, and the ticker asked of the simulator.
    struct Recording: Sendable, CustomTestStringConvertible {
        var id: SourceID
        var feed: ActionFeed
        var ticker = "AAPL"
        var file: String
        /// Recorded keys the simulated endpoint does not send.
        var absent: Set<String> = []

        var testDescription: String { "\(id.rawValue) \(feed.rawValue)" }
    }

    static let recordings = [
        Recording(id: .polygon, feed: .splits, file: "massivego_SPECEXAMPLE_stocks-v1-splits_AAPL.json"),
        Recording(id: .polygon, feed: .dividends, file: "massivego_SPECEXAMPLE_stocks-v1-dividends_AAPL.json"),
        // The simulator knows no FIGI or CIK.
        Recording(
            id: .polygon, feed: .symbolChanges, ticker: "META",
            file: "clientpython_mock_vX_reference_tickers_META_events_ticker_change.json",
            absent: ["composite_figi", "cik"]),
        Recording(id: .fmp, feed: .splits, file: "jerbersoftfmpdotnet_stable_splits_AAPL_captured_2026-08-28.json"),
        Recording(
            id: .fmp, feed: .dividends,
            file: "jerbersoftfmpdotnet_stable_dividends_AAPL_captured_2026-08-28_TRUNCATED_head5.json"),
        Recording(
            id: .fmp, feed: .symbolChanges,
            file: "jerbersoftfmpdotnet_stable_symbol-change_captured_2026-08_TRUNCATED_head3_reformatted.json"),
        Recording(id: .eodhd, feed: .splits, file: "eodhdoapi_SPECEXAMPLE_splits_AAPL.US.json"),
        Recording(id: .eodhd, feed: .dividends, file: "eodhdoapi_SPECEXAMPLE_div_AAPL.US.json"),
        Recording(id: .eodhd, feed: .symbolChanges, file: "eodhdoapi_SPECEXAMPLE_symbol-change-history.json"),
        Recording(id: .alphavantage, feed: .dividends, file: "findocker_DIVIDENDS_IBM_2024-06_reserialized.json"),
    ]

    let context = RequestContext(
        endpoint: SourceEndpoint(baseURL: "http://simulator.test", key: "k"), today: Self.today)

    /// The simulator's answer to the request the provider's adapter makes.
    func simulatedBody(_ recording: Recording) async throws -> [UInt8] {
        let request = try #require(
            dataSource(for: recording.id).actionRequest(recording.feed, ticker: recording.ticker, context: context))
        let url = try #require(URLComponents(string: request.url))
        let server = ServerRequest(
            method: "GET", path: url.percentEncodedPath,
            query: (url.queryItems ?? []).map { ($0.name, $0.value ?? "") }, body: [])
        let response = await Simulator(options: SimulatorOptions(today: Self.today)).handle(
            server, baseURL: "http://simulator.test")
        #expect(response.status == 200)
        return response.body
    }

    /// The shape, without Polygon's `request_id` (a number in the spec's examples, a string in answers).
    func shape(_ body: [UInt8]) throws -> JSONShape {
        let shape = try JSONDecoder().decode(JSONShape.self, from: Data(body))
        guard case .object(var members) = shape else { return shape }
        members["request_id"] = nil
        return .object(members)
    }

    @Test(arguments: recordings)
    func simulatedBodiesHaveTheRecordedShape(_ recording: Recording) async throws {
        let simulated = try await simulatedBody(recording)
        let recorded = try Fixtures.bytes(recording.id.rawValue, "actions/" + recording.file)
        #expect(try shape(simulated).differences(from: try shape(recorded), absent: recording.absent) == [])
    }
}
