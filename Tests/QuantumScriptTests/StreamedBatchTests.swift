import Foundation
import QuantumTestSupport
import Testing
@testable import QuantumCore
import QuantumHTTP
@testable import QuantumScript
@testable import QuantumSimulator

/// `batch … --export PATH` in a session on the simulator: the file holds exactly what a batch and
/// an export would, the cell holds summaries, and the commands that need candles read them back.
@Suite struct StreamedBatchTests {
    static let today = TradingDate("2026-11-25")!
    static let range = "--from 2021-11-01 --to 2026-10-30"

    func withSession(_ body: (Session, SimulatorServer, String) async throws -> Void) async throws {
        let server = try await SimulatorServer.start(Simulator(options: SimulatorOptions(today: Self.today)))
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("streamed-\(UUID().uuidString)").path
        try await AsyncHTTPTransport.with { transport in
            let session = Session(
                engine: TestEngines.simulated(
                    server, transport: transport, unlimited: true, cacheEnabled: false, today: Self.today))
            try await body(session, server, home)
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

    @Test func theFileIsWhatABatchAndAnExportWriteAndTheCellKeepsSummaries() async throws {
        try await withSession { session, server, home in
            let tickers = (Market.syntheticTickers(24) + ["AAPL", "NOSUCH1"]).joined(separator: " ")
            let (status, cells) = try await run(
                """
                batch \(tickers) \(Self.range) --export \(home)/pull.ndjson
                batch \(tickers) \(Self.range)
                export ndjson \(home)/whole.ndjson
                """, in: session)
            #expect(status == .ok, "\(cells.map { $0.failure ?? "" })")
            guard let streamed = cells[0].output.streamed, let export = streamed.export else {
                Issue.record("not a streamed batch with its file: \(cells[0].failure ?? "")")
                return
            }
            #expect(streamed.summaries.map(\.ticker) == tickers.split(separator: " ").map(String.init))
            #expect(streamed.ok == 25 && streamed.failed == 1 && streamed.summaries.last?.error != nil)
            let file = try #require(FileManager.default.contents(atPath: home + "/pull.ndjson"))
            #expect(file == FileManager.default.contents(atPath: home + "/whole.ndjson"))
            #expect(export.rows == streamed.rows && export.bytes == file.count)
            // Every row is the market's own bar, on the basis the row names.
            let lines = String(decoding: file, as: UTF8.self).split(separator: "\n")
            #expect(lines.count == export.rows)
            let first = try #require(
                try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
            let basis = try #require(PriceBasis(rawValue: first["basis"] as? String ?? ""))
            let market = server.simulator.market.candles(
                "SYN0001", from: TradingDate("2021-11-01")!, to: TradingDate("2026-10-30")!, basis: basis)
            #expect(streamed.summaries[0].rows == market.count && first["close"] as? Double == market.first?.close)
            let manifest = try String(contentsOfFile: home + "/pull.ndjson.manifest.json", encoding: .utf8)
            #expect(manifest.contains(export.sha256) && manifest.contains("\"simulated\": true"))
        }
    }

    @Test func showChartQualityAndExpectReadTheFileOrTheSummaries() async throws {
        try await withSession { session, _, home in
            let (status, cells) = try await run(
                """
                batch SYN0001 SYN0002 SYN0003 \(Self.range) --export \(home)/pull.csv
                show SYN0002
                quality $1
                chart SYN0003
                expect $1 candles >= 1000
                expect $1 ok
                export json \(home)/again.json SYN0001
                """, in: session)
            #expect(status == .ok, "\(cells.map { $0.failure ?? "" })")
            guard let streamed = cells[0].output.streamed else { Issue.record("not streamed"); return }
            guard case .show(let shown, _) = cells[1].output, case .quality(let reports) = cells[2].output,
                case .chart(let charted, _, _, _) = cells[3].output
            else {
                Issue.record("show, quality and chart did not read the file back")
                return
            }
            #expect(shown.map(\.ticker) == ["SYN0002"] && shown[0].candles.count == streamed.summaries[1].rows)
            #expect(shown[0].candles.last?.date == streamed.summaries[1].last)
            #expect(reports.count == 3 && reports.allSatisfy { $0.bars > 1000 })
            #expect(charted[0].candles.count == streamed.summaries[2].rows)
            #expect(cells[4].unmet == nil && cells[5].unmet == nil)
            guard case .export(let again) = cells[6].output else { Issue.record("no export"); return }
            #expect(again.rows == streamed.summaries[0].rows)

            // The file changed: a clear error, never other candles.
            try "ticker,date\n".write(toFile: home + "/pull.csv", atomically: true, encoding: .utf8)
            let (changed, after) = try await run("show SYN0001", in: session)
            #expect(changed == .commandFailed && after[0].failure?.contains("which has changed since") == true)
        }
    }

    @Test func theJSONObjectListsEachTickerWithRowsAndTheFile() async throws {
        try await withSession { session, _, home in
            let (_, cells) = try await run(
                "batch SYN0004 SYN0005 \(Self.range) --export \(home)/p.data --format json", in: session)
            let json = try #require(
                try JSONSerialization.jsonObject(with: Data(JSONRenderer.render(cells[0]).utf8)) as? [String: Any])
            let results = try #require(json["results"] as? [[String: Any]])
            #expect(results.map { $0["ticker"] as? String } == ["SYN0004", "SYN0005"])
            #expect(results.allSatisfy { $0["candles"] == nil && ($0["rows"] as? Int ?? 0) > 1000 })
            let export = try #require(json["export"] as? [String: Any])
            #expect(export["format"] as? String == "json" && export["path"] as? String == home + "/p.data")
            #expect((json["summary"] as? [String: Any])?["ok"] as? Int == 2)
            let written = try #require(FileManager.default.contents(atPath: home + "/p.data"))
            #expect(try JSONSerialization.jsonObject(with: written) is [Any])
        }
    }

    @Test func aTickerNamedTwiceIsWrittenAndListedOnce() async throws {
        try await withSession { session, _, home in
            let (_, cells) = try await run(
                "batch SYN0007 SYN0008 SYN0007 --days 60 --export \(home)/twice.csv", in: session)
            guard let streamed = cells[0].output.streamed, let export = streamed.export else {
                Issue.record("no streamed file")
                return
            }
            #expect(streamed.summaries.map(\.ticker) == ["SYN0007", "SYN0008", "SYN0007"])
            #expect(export.rows == streamed.summaries[0].rows + streamed.summaries[1].rows)
            let manifest = try String(contentsOfFile: home + "/twice.csv.manifest.json", encoding: .utf8)
            #expect(manifest.components(separatedBy: "{\"ticker\":\"SYN0007\"").count == 2)
        }
    }

    @Test func aFileThatCannotBeStartedFailsTheCellBeforeAnythingIsFetched() async throws {
        try await withSession { session, server, home in
            try FileManager.default.createDirectory(atPath: home + "/folder.csv", withIntermediateDirectories: true)
            let (status, cells) = try await run("batch SYN0006 --days 30 --export \(home)/folder.csv", in: session)
            #expect(status == .commandFailed && cells[0].failure?.contains("is a folder") == true)
            #expect(server.simulator.stats().values.reduce(0) { $0 + $1.requests } == 0)
        }
    }

    @Test func theFormatComesFromTheExtensionOrFormatAndTheCommandReadsBack() throws {
        let parse = { (text: String) throws(ScriptError) -> Command in
            try CommandParser.parse(try Tokenizer.commands(in: text, origin: "t")[0])
        }
        guard case .batch(let spec) = try parse("batch AAPL --export out/a.JSONL") else {
            Issue.record("not a batch")
            return
        }
        #expect(spec.export == BatchExport(path: "out/a.JSONL", format: .ndjson))
        #expect(throws: ScriptError.self) { try parse("batch AAPL --export out/a.txt") }
        #expect(throws: ScriptError.self) { try parse("batch AAPL --format csv") }
        let command = try parse("batch AAPL MSFT --days 5 --export 'my pull.txt' --format csv")
        let text = try #require(command.text(writingReferences: { $0.description }))
        #expect(try parse(text) == command)
    }
}
