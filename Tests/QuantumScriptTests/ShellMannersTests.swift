import Foundation
import QuantumTestSupport
import Testing
@testable import QuantumCore
import QuantumHTTP
@testable import QuantumScript
@testable import QuantumSimulator

/// What a psql, sqlite3 or IPython user expects of the language: settings listed, timing, output
/// to a file, history N and !N, date spans, a quiet batch, files not replaced unasked, an option
/// given twice refused, and did-you-mean where a word is near a right one.
@Suite struct ShellMannersTests {
    static let today = TradingDate("2026-11-25")!

    func parse(_ text: String) throws -> Command {
        try CommandParser.parse(try Tokenizer.commands(in: text, origin: "t")[0])
    }

    func error(_ text: String) -> String {
        do {
            _ = try ScriptRunner.parse(text, origin: "t")
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test func newCommandsParseAndWriteBack() throws {
        let cases: [(String, Command)] = [
            ("set", .settings),
            ("set timing on", .set(.timing(true))),
            ("timing", .set(.timing(nil))),
            ("timing off", .set(.timing(false))),
            ("set pager off", .set(.pager(false))),
            ("history 5", .history(last: 5)),
            ("output out/log.txt", .output(path: "out/log.txt")),
            ("output", .output(path: nil)),
            ("save s.md --force", .save(path: "s.md", force: true)),
            ("record r.qscript --force", .record(.start(path: "r.qscript", force: true))),
            (
                "batch AAPL MSFT --quiet",
                .batch(BatchSpec(tickers: ["AAPL", "MSFT"], range: .lastDays(30), quiet: true))
            ),
            ("fetch AAPL --days 2w", .fetch(FetchSpec(ticker: "AAPL", range: .last(2, .weeks)))),
            ("fetch AAPL --days 3m", .fetch(FetchSpec(ticker: "AAPL", range: .last(3, .months)))),
            ("fetch AAPL --days 1y", .fetch(FetchSpec(ticker: "AAPL", range: .last(1, .years)))),
            ("fetch AAPL --days 10d", .fetch(FetchSpec(ticker: "AAPL", range: .lastDays(10)))),
            ("fetch AAPL --from ytd", .fetch(FetchSpec(ticker: "AAPL", range: .yearToDate))),
        ]
        for (text, command) in cases {
            #expect(try parse(text) == command, "\(text)")
            let written = try #require(command.text(writingReferences: { $0.description }))
            #expect(try parse(written) == command, "\(text) → \(written)")
        }
    }

    @Test func spansResolveOnTheCalendar() {
        let today = TradingDate("2026-03-31")!
        #expect(DateRange.last(1, .weeks).resolve(today: today) == (TradingDate("2026-03-25")!, today))
        // 31 March less a month is 28 February (the month has no 31st); the span starts the day after.
        #expect(DateRange.last(1, .months).resolve(today: today) == (TradingDate("2026-03-01")!, today))
        #expect(DateRange.last(3, .months).resolve(today: today) == (TradingDate("2026-01-01")!, today))
        #expect(DateRange.last(1, .years).resolve(today: today) == (TradingDate("2025-04-01")!, today))
        #expect(DateRange.yearToDate.resolve(today: today) == (TradingDate("2026-01-01")!, today))
    }

    @Test func mistakesAreRefusedWithTheNearestRightWord() {
        #expect(error("fetch AAPL --days 5 --days 6").contains("--days is given twice (first at column 12)"))
        #expect(error("fetch AAPL --jsn").contains("did you mean '--json'? (a flag of quantum itself"))
        #expect(error("fetch AAPL --sorce fmp").contains("did you mean '--source'?"))
        #expect(error("sources order fmp,polgon").contains("unknown source 'polgon'"))
        #expect(error("sources order fmp,polgon").contains("did you mean 'polygon'?"))
        #expect(error("sources order fmp,fmp").contains("fmp is listed twice"))
        #expect(error("compare AAPL --sources eodhd,fnp").contains("did you mean 'fmp'?"))
        #expect(error("fetch AAPL --days 3x").contains("a span such as 2w, 3m, 1y"))
        #expect(error("fetch AAPL --days 200y").contains("--days in years expects a whole number from 1 to 100"))
        #expect(error("fetch AAPL --from ytd --to 2026-02-01").contains("cannot be combined"))
        #expect(error("set pager maybe").contains("pager expects on or off"))
        #expect(error("set colour on").contains("unknown setting 'colour'"))
        #expect(error("set timeout").contains("set timeout needs a value"))
        #expect(error("history 0").contains("history expects a whole number from 1"))
        #expect(error("fetch É").contains("'É' is not a ticker"))
    }

    @Test func durationsReadAsPeopleSayThem() {
        #expect(DurationText.human(.milliseconds(400)) == "400ms")
        #expect(DurationText.human(.seconds(41)) == "41s")
        #expect(DurationText.human(.seconds(725)) == "12m 5s")
        #expect(DurationText.human(.seconds(86_394)) == "23h 59m")
        #expect(DurationText.human(.seconds(3 * 86_400 + 4 * 3600 + 59)) == "3d 4h")
        #expect(DurationText.human(.seconds(3600)) == "1h")
    }

    @Test func historyExpansion() async throws {
        let cells = [1, 2, 3].map { Cell(number: $0, input: "fetch T\($0)", command: .quit, output: .quit) }
        #expect(HistoryExpansion.expand("!2", cells: cells) == .expanded("fetch T2"))
        #expect(HistoryExpansion.expand("!!", cells: cells) == .expanded("fetch T3"))
        #expect(HistoryExpansion.expand("!-3", cells: cells) == .expanded("fetch T1"))
        #expect(HistoryExpansion.expand("fetch AAPL", cells: cells) == .unchanged)
        #expect(HistoryExpansion.expand("!9", cells: cells) == .failed("!9 names no command (cells 1 to 3)"))
        #expect(
            HistoryExpansion.expand("!x", cells: cells)
                == .failed("expected !N (a cell number), !! (the previous command) or !-N, got '!x'"))
        #expect(HistoryExpansion.expand("!!", cells: []) == .failed("!! names no command (no commands yet)"))
    }

    @Test func completionQuotesPathsWithSpacesAndLeavesFoldersOpen() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("complete-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/my dir/sub", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: folder + "/my dir/prices.csv", contents: nil)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let completer = Completer(tickers: ["AAPL"], resultCells: [2, 5])
        #expect(
            completer.completions(before: "export csv ", word: folder + "/my")
                == [.init(text: "\"\(folder)/my dir/", isFolder: true)])
        // Inside the open quote the editor's word is only what follows the last space.
        #expect(
            completer.completions(before: "export csv \"\(folder)/my ", word: "dir/p")
                == [.init(text: "dir/prices.csv\"", isFolder: false)])
        #expect(
            completer.completions(before: "export csv \"\(folder)/my ", word: "dir/s")
                == [.init(text: "dir/sub/", isFolder: true)])
        // Only cells that hold results are references.
        #expect(completer.candidates(before: "show ", word: "$") == ["$2", "$5", "$_"])
        #expect(Completer(tickers: [], resultCells: []).candidates(before: "show ", word: "$").isEmpty)
    }

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

    func run(_ text: String, in session: Session) async throws -> [Cell] {
        var cells: [Cell] = []
        _ = await ScriptRunner(keepGoing: true).run(try ScriptRunner.parse(text, origin: "t"), in: session) {
            cells.append($0)
        }
        return cells
    }

    /// A batch that served no ticker failed (exit 3), as a fetch would; one that served some did not
    /// (`--strict` makes any failure count).
    @Test func aBatchThatServesNoTickerFails() async throws {
        try await withSession { session in
            let cells = try await run("batch NOSUCH1 NOSUCH2 --days 5; batch AAPL NOSUCH1 --days 5", in: session)
            #expect(cells[0].failure == "no ticker was served: 2 of 2 failed")
            #expect(cells[1].failure == nil)
        }
    }

    @Test func filesAreNotReplacedUnasked() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("force-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "keep me".write(toFile: folder + "/s.md", atomically: true, encoding: .utf8)
        try "keep me".write(toFile: folder + "/r.qscript", atomically: true, encoding: .utf8)
        try await withSession { session in
            let cells = try await run(
                "save \(folder)/s.md; record \(folder)/r.qscript; save \(folder)/s.md --force", in: session)
            #expect(cells[0].failure == "\(folder)/s.md exists; 'save \(folder)/s.md --force' replaces it")
            #expect(cells[1].failure?.contains("'record \(folder)/r.qscript --force' replaces it") == true)
            #expect(try String(contentsOfFile: folder + "/r.qscript", encoding: .utf8) == "keep me")
            #expect(cells[2].failure == nil)
            #expect(try String(contentsOfFile: folder + "/s.md", encoding: .utf8) != "keep me")
        }
    }

    @Test func settingsTimingOutputAndHistory() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("out-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await withSession { session in
            let cells = try await run(
                "timing; set concurrency 3; output \(folder)/log.txt; set; output; history 2; output \(folder)",
                in: session)
            #expect(cells[0].display.timing)
            #expect(cells[2].display.output == "\(folder)/log.txt")
            #expect(FileManager.default.fileExists(atPath: "\(folder)/log.txt"))
            guard case .settings(let lines) = cells[3].output else { Issue.record("not the settings"); return }
            let values = Dictionary(uniqueKeysWithValues: lines.map { ($0.name, $0.value) })
            #expect(values["concurrency"] == "3")
            #expect(values["timing"] == "on")
            #expect(values["output"] == "\(folder)/log.txt")
            #expect(values["market"] == "simulated")
            #expect(cells[4].display.output == nil)
            guard case .history(let entries) = cells[5].output else { Issue.record("not history"); return }
            #expect(entries.map(\.cell) == [4, 5])
            #expect(cells[6].failure?.hasPrefix("cannot write output to \(folder): ") == true)
        }
    }

    @Test func aQuietBatchShowsOnlyWhatWentWrong() async throws {
        try await withSession { session in
            let cells = try await run("batch AAPL MSFT NOPE1 --days 10 --quiet", in: session)
            let text = TextRenderer.render(cells[0])
            #expect(!text.contains("AAPL") && !text.contains("MSFT"))
            #expect(text.contains("NOPE1") && text.contains("3 requested"))
        }
    }
}
