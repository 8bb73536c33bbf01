import Foundation
import QuantumTestSupport
import Testing
@testable import QuantumCore
import QuantumHTTP
@testable import QuantumScript
@testable import QuantumSimulator

/// References, expectations, recording, notebooks and nested scripts, in process against the
/// simulator over loopback.
@Suite struct NotebookAndRecordingTests {
    static let today = TradingDate("2026-11-25")!

    func withSession(_ body: (Session) async throws -> Void) async throws {
        let server = try await SimulatorServer.start(Simulator(options: SimulatorOptions(today: Self.today)))
        try await AsyncHTTPTransport.with { transport in
            let session = Session(engine: TestEngines.simulated(server, transport: transport, today: Self.today))
            try await body(session)
        }
        await server.stop()
    }

    func run(_ text: String, in session: Session, keepGoing: Bool = false) async throws -> (
        QuantumScript.RunStatus, [Cell]
    ) {
        var cells: [Cell] = []
        let status = await ScriptRunner(keepGoing: keepGoing).run(
            try ScriptRunner.parse(text, origin: "t"), in: session
        ) { cells.append($0) }
        return (status, cells)
    }

    func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("quantum-\(UUID().uuidString)")
            .appendingPathComponent(name).path
    }

    @Test func referencesNameCellsTickersAndTheLastResult() async throws {
        try await withSession { session in
            let (status, cells) = try await run(
                "fetch AAPL --days 10; batch MSFT NVDA --days 5; sources; show $1; show MSFT; show", in: session)
            #expect(status == .ok)
            guard case .show(let first, _) = cells[3].output, case .show(let msft, _) = cells[4].output,
                case .show(let last, _) = cells[5].output
            else {
                Issue.record("not shows")
                return
            }
            #expect(
                first.map(\.ticker) == ["AAPL"] && msft.map(\.ticker) == ["MSFT"]
                    && last.map(\.ticker) == ["MSFT", "NVDA"])
            let (bad, badCells) = try await run("show $3", in: session)
            #expect(
                bad == .commandFailed && badCells[0].failure == "$3 is 'sources', which holds no fetch or batch result")
            let (none, noneCells) = try await run("quality TSLA", in: session)
            #expect(none == .commandFailed && noneCells[0].failure == "no result for TSLA yet: fetch TSLA first")
        }
    }

    @Test func anUnmetExpectationExitsOneAndStopsTheScript() async throws {
        try await withSession { session in
            let (status, cells) = try await run("fetch AAPL --days 10; expect $1 source == fmp; sources", in: session)
            #expect(status == .expectFailed && cells.count == 2)
            #expect(cells[1].unmet == "expect $1 source == fmp failed: AAPL source is polygon")
            let (kept, keptCells) = try await run(
                "expect $1 failed; expect $1 candles >= 8; sources", in: session, keepGoing: true)
            #expect(kept == .expectFailed && keptCells.count == 3 && keptCells[1].unmet == nil)
        }
    }

    @Test func aRecordingResolvesRelativeDatesAndItsReplayExportsTheSameBytes() async throws {
        let recording = temporary("pull.qscript"), first = temporary("first.csv"), second = temporary("second.csv")
        try await withSession { session in
            let (status, _) = try await run(
                """
                fetch MSFT --days 3
                record \(recording)
                fault polygon ratelimit x1
                fetch AAPL --days 30
                show $1
                batch NVDA TSLA --days 10
                export csv \(first) $4 $6
                record stop
                """, in: session)
            #expect(status == .ok)
        }
        let text = try String(contentsOfFile: recording, encoding: .utf8)
        #expect(!text.contains("--days") && text.contains("fetch AAPL --from 2026-10-27 --to 2026-11-25"))
        #expect(text.contains("# market: simulated") && text.contains("sources order polygon,fmp,alphavantage,eodhd\n"))
        #expect(text.contains("# show: refers to a cell from before the recording started; not recorded"))
        // References are relative, so a replay finds the same results in any session.
        #expect(text.contains("export csv \(first) $-2 $-1\n"))
        try text.replacingOccurrences(of: first, with: second).write(
            toFile: recording, atomically: true, encoding: .utf8)
        try await withSession { session in
            let (status, _) = try await run("run \(recording)", in: session)
            #expect(status == .ok)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: second)))
        // In a session that already has cells of its own, the replay still exports the same data.
        let third = temporary("third.csv")
        try text.replacingOccurrences(of: first, with: third).write(
            toFile: recording, atomically: true, encoding: .utf8)
        try await withSession { session in
            let (status, _) = try await run("fetch KO --days 5\nbatch IBM PEP --days 5\nrun \(recording)", in: session)
            #expect(status == .ok)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: third)))
    }

    @Test func aFailedCommandIsRecordedAsACommentWithWhy() async throws {
        let recording = temporary("failed.qscript")
        try await withSession { session in
            let (status, _) = try await run(
                """
                record \(recording)
                fault polygon notfound
                fetch AAPL --days 10 --source polygon
                fetch MSFT --days 10
                show $-1
                record stop
                """, in: session, keepGoing: true)
            #expect(status == .commandFailed)
        }
        let text = try String(contentsOfFile: recording, encoding: .utf8)
        #expect(
            text.contains("# failed, not replayed: fetch AAPL --days 10 --source polygon — no source knows AAPL"))
        #expect(text.contains("\nshow $-1\n"))
        try await withSession { session in
            let (status, _) = try await run("run \(recording)", in: session)
            #expect(status == .ok)
        }
    }

    @Test func historyListsTheCells() async throws {
        try await withSession { session in
            let (_, cells) = try await run("sources; fetch AAPL --days 5; history", in: session)
            guard case .history(let entries) = cells[2].output else { Issue.record("not history"); return }
            #expect(entries.map(\.input) == ["sources", "fetch AAPL --days 5"])
        }
    }

    @Test func aNestedScriptRunsAsCellsAndATypoInItRunsNothing() async throws {
        let inner = temporary("inner.qscript")
        try FileManager.default.createDirectory(
            atPath: (inner as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try "fetch AAPL --days 5\nexpect $_ ok\n".write(toFile: inner, atomically: true, encoding: .utf8)
        try await withSession { session in
            let (status, cells) = try await run("sources; run \(inner); history", in: session)
            #expect(
                status == .ok && cells.map(\.input) == ["sources", "fetch AAPL --days 5", "expect $_ ok", "history"])
        }
        try "fetc AAPL\n".write(toFile: inner, atomically: true, encoding: .utf8)
        #expect(throws: ScriptError.self) { try ScriptRunner.parse("sources; run \(inner)", origin: "t") }
    }

    @Test func aChartIsDrawnInBraille() {
        let candles = (0..<5).map { i in
            Candle(
                date: TradingDate("2024-01-02")!.adding(days: i), open: 10, high: 12, low: 9,
                close: [10, 11, 12, 11, 10][i], volume: 1)
        }
        let result = FetchResult(
            ticker: "TEST", from: candles[0].date, to: candles[4].date, source: .polygon, basis: .split,
            candles: candles)
        // Up from 10 to 12 and back: a symmetric peak, price axis left, first and last date below;
        // the heading is cut to the width.
        #expect(
            ChartRenderer.render(result, width: 30, height: 3) == """
                TEST close · polygon split · …
                12.00 ┤⠀⠀⠀⠀⠀⠀⠀⢀⣠⠴⠚⠙⠲⢤⣀⠀⠀⠀⠀⠀⠀⠀
                11.00 ┤⠀⠀⠀⢀⣠⠴⠚⠉⠀⠀⠀⠀⠀⠀⠈⠙⠲⢤⣀⠀⠀⠀
                10.00 ┤⣠⠴⠚⠉⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠀⠈⠙⠲⢤
                      └──────────────────────
                       2024-01-02  2024-01-06
                """)
    }

    @Test func theSourcesTableIsAligned() {
        let text = TextRenderer.sources(
            Settings.defaults.sources, status: [], simulated: false, TextStyle(width: 120))
        #expect(
            text == """
                #  source        enabled  key   base URL                           limits           breaker  requests
                1  polygon       yes      none  https://api.polygon.io             5/min            closed   0
                2  fmp           yes      none  https://financialmodelingprep.com  250/day          closed   0
                3  alphavantage  yes      none  https://www.alphavantage.co        1/s,25/day       closed   0
                4  eodhd         yes      none  https://eodhd.com                  1000/min,20/day  closed   0
                polygon: 5/min (free Basic plan; set POLYGON_LIMITS for a paid one)
                fmp: 250/day (free plan; set FMP_LIMITS for a paid one)
                alphavantage: 1/s, 25/day (free plan; set ALPHAVANTAGE_LIMITS for a paid one)
                eodhd: 1000/min, 20/day (free plan; set EODHD_LIMITS for a paid one)
                """)
    }

    @Test func onANarrowScreenSourcesAndHelpFitItsWidth() {
        let narrow = TextStyle(width: 60)
        let text = TextRenderer.sources(Settings.defaults.sources, status: [], simulated: false, narrow)
        let lines = text.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 60 }, "\(text)")
        // A block per source, a field a line.
        #expect(lines.prefix(3) == ["polygon (#1)", "  enabled   yes", "  key       none"])
        #expect(text.contains("  base URL  https://financialmodelingprep.com"))
        for topic in [nil, "batch", "sources order"] {
            let help = HelpText.render(topic: topic, columns: 60)
            #expect(help.split(separator: "\n").allSatisfy { $0.count <= 60 }, "\(help)")
        }
    }
}
