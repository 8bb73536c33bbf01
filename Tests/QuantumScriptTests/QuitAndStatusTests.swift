import Foundation
import QuantumHTTP
import QuantumTestSupport
import Testing
@testable import QuantumCore
@testable import QuantumScript
@testable import QuantumSimulator

/// `quit` runs what comes before it and stops everything after; statuses combine to the worst.
@Suite struct QuitAndStatusTests {
    static let today = TradingDate("2026-11-25")!

    func withSession(_ body: (Session) async throws -> Void) async throws {
        let server = try await SimulatorServer.start(Simulator(options: SimulatorOptions(today: Self.today)))
        try await AsyncHTTPTransport.with { transport in
            try await body(
                Session(
                    engine: TestEngines.simulated(server, transport: transport, cacheEnabled: false, today: Self.today))
            )
        }
        await server.stop()
    }

    @Test func commandsBeforeQuitRunAndNothingAfter() async throws {
        try await withSession { session in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quit-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try "fetch MSFT --days 5\nquit\nsources\n".write(
                toFile: folder + "/inner.qscript", atomically: true, encoding: .utf8)
            let runner = ScriptRunner()
            var cells: [Cell] = []
            let status = await runner.run(
                try ScriptRunner.parse("fetch AAPL --days 5; run \(folder)/inner.qscript; history", origin: "t"),
                in: session
            ) { cells.append($0) }
            #expect(status == .ok && runner.quitRequested)
            #expect(cells.map(\.command.name) == ["fetch", "fetch"])
        }
    }

    @Test func theWorstStatusWins() {
        #expect(RunStatus.expectFailed.worse(.commandFailed) == .commandFailed)
        #expect(RunStatus.commandFailed.worse(.expectFailed) == .commandFailed)
        #expect(RunStatus.ok.worse(.expectFailed) == .expectFailed)
        #expect(RunStatus.usage.worse(.commandFailed) == .usage)
    }

    @Test func aNestedScriptThatCannotBeReadIsAFailedCommandNotAUsageError() async throws {
        try await withSession { session in
            var cells: [Cell] = []
            let status = await ScriptRunner(keepGoing: true).run(
                try ScriptRunner.parse(
                    "fetch AAPL --days 5; run /nonexistent/x.qscript; expect $1 source == eodhd", origin: "t"),
                in: session
            ) { cells.append($0) }
            #expect(status == .commandFailed && cells.count == 3)
        }
    }
}
