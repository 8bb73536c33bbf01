import Foundation
import QuantumTestSupport
import Testing
@testable import QuantumCore
import QuantumHTTP
@testable import QuantumScript
@testable import QuantumSimulator

/// The interpreter in process, against the simulator over loopback.
@Suite struct SessionTests {
    static let today = TradingDate("2026-11-25")!

    func withSession(_ body: (Session, SimulatorServer) async throws -> Void) async throws {
        let server = try await SimulatorServer.start(Simulator(options: SimulatorOptions(today: Self.today)))
        try await AsyncHTTPTransport.with { transport in
            let session = Session(
                engine: TestEngines.simulated(server, transport: transport, cacheEnabled: false, today: Self.today))
            try await body(session, server)
        }
        await server.stop()
    }

    func run(_ text: String, in session: Session) async throws -> (QuantumScript.RunStatus, [Cell]) {
        var cells: [Cell] = []
        let status = await ScriptRunner().run(try ScriptRunner.parse(text, origin: "t"), in: session) {
            cells.append($0)
        }
        return (status, cells)
    }

    @Test func cellsAreNumberedAndFetchesResolveRelativeDates() async throws {
        try await withSession { session, _ in
            let (status, cells) = try await run("sources; fetch AAPL --days 10", in: session)
            #expect(status == .ok && cells.map(\.number) == [1, 2])
            guard case .fetch(let result, _) = cells[1].output else { Issue.record("not a fetch"); return }
            #expect(result.from.description == "2026-11-16" && result.to == Self.today)
            #expect(result.simulated && result.source == .polygon)
        }
    }

    @Test func concurrentCommandsGetDistinctNumbersInOrder() async throws {
        try await withSession { session, _ in
            let numbers = await withTaskGroup(of: Int.self) { group in
                for ticker in ["AAPL", "MSFT", "NVDA", "KO", "PEP", "IBM", "JPM", "XOM"] {
                    let command = try! CommandParser.parse(
                        try! Tokenizer.commands(in: "fetch \(ticker) --days 5", origin: "t")[0])
                    group.addTask { await session.execute(command, input: "fetch \(ticker)").number }
                }
                return await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(numbers.sorted() == Array(1...8))
            #expect(await session.cells.map(\.number) == Array(1...8))
        }
    }

    @Test func qualityAgreesWithTheFetchAboutTheBasis() async throws {
        try await withSession { session, _ in
            let (status, cells) = try await run("fetch NVDA --basis raw --days 20; quality", in: session)
            #expect(status == .ok)
            guard case .fetch(let result, let atFetch) = cells[0].output, case .quality(let reports) = cells[1].output
            else {
                Issue.record("not a fetch and a quality report")
                return
            }
            #expect(result.basis == .raw && atFetch.basisChange == nil && reports.first?.basisChange == nil)
        }
    }

    @Test func faultsDriveFallbackAndFailuresStopTheScript() async throws {
        try await withSession { session, _ in
            let (status, cells) = try await run(
                """
                fault polygon down; fault fmp down; fault alphavantage down; fault eodhd down
                fetch AAPL --days 5
                sources
                """, in: session)
            #expect(status == .commandFailed)
            #expect(cells.count == 5)  // the sources after the failed fetch did not run
            guard case .fetch(let result, _) = cells[4].output else { Issue.record("not a fetch"); return }
            #expect(
                !result.ok
                    && result.attempts.map(\.outcome) == [.networkError, .networkError, .networkError, .networkError])
        }
    }

    @Test func keepGoingRunsEverything() async throws {
        try await withSession { session, _ in
            var cells: [Cell] = []
            let parsed = try ScriptRunner.parse(
                "fault polygon notfound; fetch AAPL --days 5 --source polygon; sources", origin: "t")
            let status = await ScriptRunner(keepGoing: true).run(parsed, in: session) { cells.append($0) }
            #expect(status == .commandFailed && cells.count == 3)
        }
    }

    @Test func sourcesCanBeReorderedAndDisabled() async throws {
        try await withSession { session, _ in
            let (_, cells) = try await run(
                "sources order eodhd; sources disable polygon; fetch MSFT --days 7", in: session)
            guard case .fetch(let result, _) = cells[2].output else { Issue.record("not a fetch"); return }
            #expect(result.source == .eodhd && result.attempts.count == 1)
            let settings = await session.settings
            #expect(settings.sources.map(\.id) == [.eodhd, .polygon, .fmp, .alphavantage])
            #expect(settings[.polygon]?.enabled == false)
        }
    }

    @Test func jsonOutputHasTheDocumentedFields() async throws {
        try await withSession { session, _ in
            let (_, cells) = try await run(
                "fault polygon ratelimit; fetch AAPL --from 2024-03-01 --to 2024-03-08", in: session)
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(JSONRenderer.render(cells[1]).utf8)) as? [String: Any])
            #expect(
                Set(object.keys) == [
                    "cell", "command", "ticker", "ok", "source", "basis", "simulated", "from", "to", "candles",
                    "attempts", "warnings",
                    "notes", "complete", "missing", "missing_days", "filled", "error", "cached", "elapsed_ms",
                    "adjustment", "quality",
                ])
            #expect(object["complete"] as? Bool == true && (object["missing"] as? [Any])?.isEmpty == true)
            #expect(
                object["cell"] as? Int == 2 && object["command"] as? String == "fetch"
                    && object["source"] as? String == "fmp")
            let attempts = try #require(object["attempts"] as? [[String: Any]])
            #expect(attempts.first?["outcome"] as? String == "rate_limited" && attempts.first?["status"] as? Int == 429)
            #expect(Set(attempts[0].keys) == ["source", "outcome", "status", "message", "ms"])
            let candles = try #require(object["candles"] as? [[String: Any]])
            #expect(
                candles.count == 6
                    && Set(candles[0].keys) == ["date", "source", "open", "high", "low", "close", "volume"])
            #expect(candles[0]["source"] as? String == "fmp")
            #expect(object["error"] is NSNull)
        }
    }
}
