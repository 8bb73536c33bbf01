import Foundation
import QuantumTestSupport
import Testing
@testable import QuantumCore
import QuantumHTTP
@testable import QuantumScript
@testable import QuantumSimulator

/// What the commands that need a streamed batch's candles say when its file changed, and what
/// every per-ticker renderer says of a ticker with no candles (failed, cancelled, no session).
@Suite struct StreamedCellMannersTests {
    static let today = TradingDate("2026-11-25")!

    func withSession(_ body: (Session, String) async throws -> Void) async throws {
        let server = try await SimulatorServer.start(Simulator(options: SimulatorOptions(today: Self.today)))
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("manners-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try await AsyncHTTPTransport.with { transport in
            let session = Session(
                engine: TestEngines.simulated(
                    server, transport: transport, unlimited: true, cacheEnabled: false, today: Self.today))
            try await body(session, home)
        }
        await server.stop()
    }

    func run(_ text: String, in session: Session) async throws -> [Cell] {
        var cells: [Cell] = []
        _ = await ScriptRunner(keepGoing: true).run(try ScriptRunner.parse(text, origin: "t"), in: session) {
            cells.append($0)
        }
        return cells
    }

    /// The three ways a file changes under a streamed cell, and what each is called.
    static let changes: [(String, @Sendable (String) throws -> Void, String)] = [
        (
            "edited",
            { path in
                let text = try String(contentsOfFile: path, encoding: .utf8)
                // Same size, another digit: only the SHA-256 tells.
                let edited = text.replacingOccurrences(of: "SYN0001,2026-11-2", with: "SYN0001,2026-11-1")
                try edited.write(toFile: path, atomically: false, encoding: .utf8)
            }, "which has changed since (same size, SHA-256 no longer "
        ),
        (
            "truncated", { path in try "ticker,date\n".write(toFile: path, atomically: false, encoding: .utf8) },
            "which has changed since (12 bytes, "
        ),
        ("removed", { path in try FileManager.default.removeItem(atPath: path) }, "which is no longer there"),
    ]

    @Test(arguments: 0..<3)
    func aChangedFileIsSaidOnceInTheCommandsOwnWords(change: Int) async throws {
        let (name, alter, state) = Self.changes[change]
        try await withSession { session, home in
            let path = home + "/pull.csv"
            let first = try await run("batch SYN0001 SYN0002 --days 10 --export \(path)", in: session)
            #expect(first[0].failure == nil && first[0].output.streamed?.export != nil, "\(first[0].failure ?? "")")
            try alter(path)
            let cells = try await run(
                """
                show $1
                chart SYN0002
                quality $1
                export json \(home)/again.json $1
                expect $1 ok
                """, in: session)
            #expect(cells.count == 5)
            for (cell, whose) in zip(cells, ["$1's", "$1's SYN0002", "$1's", "$1's", "$1's"]) {
                let failure = try #require(cell.failure, "\(name): \(cell.input) did not fail")
                #expect(
                    failure.hasPrefix("\(whose) candles were streamed to \(path), \(state)")
                        && failure.hasSuffix("; re-run the batch or fetch again"),
                    "\(name): \(cell.input): \(failure)")
                #expect(!failure.contains("cannot export"), "\(name): \(cell.input): \(failure)")
                // Machine output: one object, one error, the same words.
                let json = try #require(
                    try JSONSerialization.jsonObject(with: Data(JSONRenderer.render(cell).utf8)) as? [String: Any])
                #expect(json["error"] as? String == failure)
            }
            #expect(!FileManager.default.fileExists(atPath: home + "/again.json"))
        }
    }

    @Test func aFailedTickerGetsAClearLineInQualityShowAndChartStreamedOrNot() async throws {
        try await withSession { session, home in
            let cells = try await run(
                """
                batch SYN0003 NOSUCH1 --days 10 --export \(home)/p.ndjson
                quality $1
                chart NOSUCH1
                show NOSUCH1
                batch SYN0003 NOSUCH1 --days 10
                quality $5
                chart $5
                """, in: session)
            for n in [1, 5] {
                guard case .quality(let reports) = cells[n].output else {
                    Issue.record("\(cells[n].input): \(cells[n].failure ?? "no quality")")
                    continue
                }
                let text = TextRenderer.render(cells[n])
                let failed = try #require(text.components(separatedBy: "\n\n").last)
                #expect(failed.hasPrefix("NOSUCH1 quality\n  no candles: no source knows NOSUCH1"), "\(failed)")
                let json = try #require(
                    try JSONSerialization.jsonObject(with: Data(JSONRenderer.render(cells[n]).utf8)) as? [String: Any])
                let objects = try #require(json["reports"] as? [[String: Any]])
                #expect(objects[0]["no_candles"] is NSNull && reports[0].nothingServed == nil)
                #expect((objects[1]["no_candles"] as? String)?.hasPrefix("no source knows NOSUCH1") == true)
            }
            for n in [2, 6] {
                let text = TextRenderer.render(cells[n])
                #expect(text.contains("NOSUCH1 close · failed\n  no candles: no source knows NOSUCH1"), "\(text)")
                let json = try #require(
                    try JSONSerialization.jsonObject(with: Data(JSONRenderer.render(cells[n]).utf8)) as? [String: Any])
                let charts = try #require(json["charts"] as? [[String: Any]])
                #expect((charts.last?["no_candles"] as? String)?.hasPrefix("no source knows NOSUCH1") == true)
            }
            #expect(TextRenderer.render(cells[3]).hasPrefix("NOSUCH1  failed ("))
        }
    }

    @Test func aRangeWithNoSessionSaysSoInEveryRenderer() async throws {
        try await withSession { session, home in
            // A Saturday and a Sunday: served, empty (a streamed batch of such a range writes no
            // file: there is no row).
            let cells = try await run(
                """
                fetch SYN0004 --from 2026-11-21 --to 2026-11-22
                quality $1
                chart $1
                """, in: session)
            #expect(cells[0].failure == nil)
            for cell in cells.dropFirst() {
                let text = TextRenderer.render(cell)
                #expect(text.contains("\n  no candles: no session"), "\(cell.input): \(text)")
            }
        }
    }

    @Test func aCancelledTickerIsCalledCancelledNotFailed() throws {
        let from = TradingDate("2026-11-02")!, to = TradingDate("2026-11-06")!
        let result = FetchResult(
            request: FetchRequest(ticker: "SYN0009", from: from, to: to),
            attempts: [Attempt(source: .polygon, outcome: .cancelled)],
            failure: FetchFailure(.cancelled, message: "cancelled before SYN0009 was fetched"))
        let quality = TextRenderer.quality(QualityReport(result, today: Self.today), .plain)
        #expect(quality == "SYN0009 quality\n  no candles: cancelled before SYN0009 was fetched")
        #expect(
            ChartRenderer.render(result, width: 60)
                == "SYN0009 close · cancelled\n  no candles: cancelled before SYN0009 was fetched")
        #expect(TextRenderer.fetch(result, .plain).hasPrefix("SYN0009  cancelled (1 attempt)"))
        #expect(
            ResultJSON.quality(QualityReport(result, today: Self.today)).contains(
                #""no_candles":"cancelled before SYN0009 was fetched""#))
    }
}
