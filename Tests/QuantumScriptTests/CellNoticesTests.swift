import Foundation
import QuantumHTTP
import QuantumTestSupport
import Testing
@testable import QuantumCore
@testable import QuantumScript
@testable import QuantumSimulator

/// A cell keeps the engine's notices emitted while its command ran (each said once), in its
/// JSON `notices` too.
@Suite struct CellNoticesTests {
    static let today = TradingDate("2026-11-25")!

    @Test func aRefusedKeyIsTheNoticeOfTheCellThatMetIt() async throws {
        let server = try await SimulatorServer.start(Simulator(options: SimulatorOptions(today: Self.today)))
        try await AsyncHTTPTransport.with { transport in
            let session = Session(
                engine: TestEngines.simulated(server, transport: transport, cacheEnabled: false, today: Self.today))
            var cells: [Cell] = []
            let status = await ScriptRunner().run(
                try ScriptRunner.parse(
                    "fault polygon authfail; fetch AAPL --days 10; fetch MSFT --days 10", origin: "t"),
                in: session
            ) { cells.append($0) }
            #expect(status == .ok && cells.count == 3)
            let refused = "polygon: the API key was refused"
            #expect(cells[0].notices.isEmpty)
            #expect(cells[1].notices.count == 1 && cells[1].notices[0].hasPrefix(refused))
            #expect(cells[2].notices.isEmpty)
            let json = JSONRenderer.render(cells[1])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            #expect((object["notices"] as? [String])?.first?.hasPrefix(refused) == true)
        }
        await server.stop()
    }
}
