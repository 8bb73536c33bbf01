import Foundation
import QuantumTestSupport
import Testing
import QuantumCore
@testable import QuantumSimulator

/// The simulator's success bodies have the shape of the providers' recorded real responses: the
/// same keys at every level, the same kinds of values, and the bars in the same order.
@Suite(
    .enabled(if: Fixtures.available, "../shared/fixtures is not beside the checkout (or set QUANTUM_SHARED_FIXTURES)"))
struct SimulatorShapeTests {
    static let today = TradingDate("2026-11-25")!
    static let query = BarQuery(ticker: "AAPL", from: TradingDate("2024-05-01")!, to: TradingDate("2024-08-30")!)

    /// A provider's recorded success for the endpoint its adapter asks for.
    struct Recording: Sendable, CustomTestStringConvertible {
        var id: SourceID
        var file: String
        /// Recorded keys the simulated endpoint does not send.
        var absent: Set<String> = []

        var testDescription: String { id.rawValue }
    }

    static let recordings = [
        Recording(id: .polygon, file: "openbb_aggs_AAPL_1day_2023-01-01_2023-01-10_asc.json"),
        Recording(id: .fmp, file: "openbb_stable_historical-price-eod-full_AAPL_2023-01-01_2023-01-10.json"),
        // No plain TIME_SERIES_DAILY body was recorded; the adjusted one has three more fields per day.
        Recording(
            id: .alphavantage, file: "openbb_TIME_SERIES_DAILY_ADJUSTED_full_GME_2023-01-23_TRUNCATED_prefix.json",
            absent: ["adjusted close", "dividend amount", "split coefficient"]),
        Recording(id: .eodhd, file: "thoranrb_eod_BHP.AU_period_d_full_history_200.json"),
    ]

    /// The simulator's answer to the request the provider's adapter makes.
    func simulatedBody(_ id: SourceID) async throws -> [UInt8] {
        let request = dataSource(for: id).request(for: Self.query, context: context)
        let url = try #require(URLComponents(string: request.url))
        let server = ServerRequest(
            method: "GET", path: url.percentEncodedPath,
            query: (url.queryItems ?? []).map { ($0.name, $0.value ?? "") }, body: [])
        let response = await Simulator(options: SimulatorOptions(today: Self.today)).handle(
            server, baseURL: "http://simulator.test")
        #expect(response.status == 200)
        return response.body
    }

    let context = RequestContext(
        endpoint: SourceEndpoint(baseURL: "http://simulator.test", key: "k"), today: Self.today)

    /// The keys without the `"1. "` numbering, which differs between a provider's endpoints.
    func shape(_ body: [UInt8]) throws -> JSONShape {
        try JSONDecoder().decode(JSONShape.self, from: Data(body)).renamingKeys { key in
            guard let dot = key.firstIndex(of: "."), key[..<dot].allSatisfy(\.isNumber),
                key[key.index(after: dot)...].hasPrefix(" ")
            else { return key }
            return String(key[key.index(dot, offsetBy: 2)...])
        }
    }

    /// Whether the bars come oldest first, as the adapter reads them in body order.
    func ascending(_ id: SourceID, _ body: [UInt8]) throws -> Bool {
        let candles = try dataSource(for: id).interpret(
            ProviderResponse(status: 200, body: body), for: Self.query, context: context
        ).get().candles
        let first = try #require(candles.first), last = try #require(candles.last)
        return first.date < last.date
    }

    @Test(arguments: recordings)
    func simulatedBodiesHaveTheRecordedShape(_ recording: Recording) async throws {
        let simulated = try await simulatedBody(recording.id)
        let recorded = try Fixtures.bytes(recording.id.rawValue, recording.file)
        #expect(try shape(simulated).differences(from: try shape(recorded), absent: recording.absent) == [])
        #expect(try ascending(recording.id, simulated) == ascending(recording.id, recorded))
    }
}
