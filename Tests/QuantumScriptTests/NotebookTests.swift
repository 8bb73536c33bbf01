import Foundation
import QuantumTestSupport
import Testing
@testable import QuantumCore
import QuantumHTTP
@testable import QuantumScript
@testable import QuantumSimulator

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Markdown notebooks: finding the `quantum` blocks, running them in one session, writing the
/// outputs back (replaced, never appended; the same file when nothing changed), SVG charts and
/// saved sessions — in process against the simulator over loopback.
@Suite struct NotebookTests {
    static let today = TradingDate("2026-11-25")!

    func withSession(_ body: (Session) async throws -> Void) async throws {
        let server = try await SimulatorServer.start(Simulator(options: SimulatorOptions(today: Self.today)))
        try await AsyncHTTPTransport.with { transport in
            let session = Session(engine: TestEngines.simulated(server, transport: transport, today: Self.today))
            try await body(session)
        }
        await server.stop()
    }

    /// Runs `text` as the notebook `nb.md` in a new session and renders it back.
    func render(_ text: String, keepGoing: Bool = false) async throws -> (RunStatus, String) {
        let notebook = try NotebookRunner(text, origin: "nb.md")
        var result: (RunStatus, String) = (.ok, "")
        try await withSession { session in
            let outcome = await notebook.run(in: session, runner: ScriptRunner(keepGoing: keepGoing)) { _ in }
            result = (outcome.status, notebook.rendered(outcome, header: "<!-- quantum notebook · test -->") { $0 })
        }
        return result
    }

    static let walkthrough = """
        # A pull

        Prose stays as it is.

        ```quantum
        fault polygon premium
        fetch AAPL --from 2024-03-01 --to 2024-03-28
        ```

        ```sh
        echo not run
        ```

        ````markdown
        ```quantum
        fetch NOTRUN --days 3
        ```
        ````

        ```quantum
        expect $_ source == fmp
        show $_ --rows 2
        ```
        The end.
        """

    @Test func onlyQuantumBlocksRunAndErrorsPointAtTheNotebooksLines() throws {
        let notebook = try Notebook(Self.walkthrough, origin: "nb.md")
        #expect(notebook.blocks == [Notebook.Block(open: 4, close: 7), Notebook.Block(open: 19, close: 22)])
        let script = Lines.split(notebook.script)
        #expect(script[5] == "fault polygon premium" && script[20] == "expect $_ source == fmp")
        #expect(script.enumerated().allSatisfy { index, line in line.isEmpty || [5, 6, 20, 21].contains(index) })

        let typo = Self.walkthrough.replacingOccurrences(of: "show $_ --rows 2", with: "shwo $_")
        #expect {
            try NotebookRunner(typo, origin: "nb.md")
        } throws: { error in
            let located = error as? ScriptError
            return located?.origin == "nb.md" && located?.line == 22 && located?.column == 1
                && located?.description.contains(" --> nb.md:22:1") == true
        }
        #expect {
            try Notebook("text\n\n  ```quantum\nfetch AAPL\n", origin: "nb.md")
        } throws: { error in
            (error as? ScriptError).map { $0.line == 3 && $0.column == 3 && $0.message.contains("never closed") }
                ?? false
        }
    }

    @Test func outputsFollowTheirBlocksAndARunOfTheOutputGivesTheSameFile() async throws {
        let (status, first) = try await render(Self.walkthrough)
        #expect(status == .ok)
        #expect(first.hasPrefix("<!-- quantum notebook · test -->\n\n# A pull\n"))
        // The first block's output right after it: the fallback trail, then the candles as a Markdown table.
        let afterFirst = try #require(first.range(of: "fetch AAPL --from 2024-03-01 --to 2024-03-28\n```\n\n"))
        #expect(first[afterFirst.upperBound...].hasPrefix(Notebook.outputStart + "\n**[1]** `fault polygon premium`"))
        #expect(first.contains("AAPL  ok via fmp (2 attempts) · 20 candles 2024-03-01 … 2024-03-28"))
        #expect(first.contains("| date | open | high | low | close | volume |\n|---|---:|"))
        #expect(!first.contains(" ms") && first.contains("✓ expect $_ source == fmp"))
        #expect(first.contains("```sh\necho not run\n```") && first.contains("fetch NOTRUN --days 3\n```\n````"))
        #expect(first.hasSuffix("\(Notebook.outputEnd)\nThe end.\n"))
        let (again, second) = try await render(first)
        #expect(again == .ok && second == first)
        // A header moved below new prose is still the run's: replaced, not kept as prose.
        let (_, moved) = try await render("New intro.\n\n" + first)
        #expect(
            moved.components(separatedBy: "<!-- quantum notebook").count == 2 && moved.contains("-->\n\nNew intro.\n"))
        #expect(first.components(separatedBy: Notebook.outputStart).count == 3)
    }

    @Test func anUnmetExpectationIsShownAndTheBlocksAfterItAreMarkedNotRun() async throws {
        let text = """
            ```quantum
            fetch MSFT --from 2024-03-01 --to 2024-03-08
            expect $_ source == eodhd
            quality
            ```

            ```quantum
            show
            ```
            """
        let (status, rendered) = try await render(text)
        #expect(status == .expectFailed)
        #expect(rendered.contains("✗ expect $_ source == eodhd failed: MSFT source is polygon"))
        #expect(rendered.contains("_The commands after [2] were not run._"))
        #expect(rendered.contains("_not run: the run stopped at an earlier block (exit status 1)._"))
        let (kept, all) = try await render(text, keepGoing: true)
        #expect(kept == .expectFailed && !all.contains("not run") && all.contains("**[4]** `show`"))
    }

    @Test func anSVGChartHasOnePointPerCandleAxesAndTheFilledDaysShaded() throws {
        let dates = (0..<12).map { TradingDate("2024-03-01")!.adding(days: $0) }
        let candles = dates.enumerated().map { i, date in
            Candle(date: date, open: 10, high: 12, low: 9, close: 10 + Double(i % 5), volume: 1000)
        }
        var result = FetchResult(ticker: "AT&T", from: dates[0], to: dates[11], source: .polygon, candles: candles)
        result.fills = [Fill(source: .fmp, dates: [dates[4], dates[5]], attempt: Attempt(source: .fmp, outcome: .ok))]
        let svg = SVGChart.render(result)
        let shape = try SVGShape(svg)
        #expect(shape.polylinePoints == [12] && shape.circles == 12)
        #expect(shape.circleSources.filter { $0 == "fmp" }.count == 2)
        #expect(shape.fallbackBands == ["fmp"])
        #expect(
            // Dates tick at round places: each week's first session.
            shape.texts.contains("2024-03-04") && shape.texts.contains("2024-03-11") && shape.texts.contains("10")
                && shape.texts.contains("14"))
        #expect(shape.texts.contains { $0.hasPrefix("AT&T close") })
        #expect(SVGChart.render(result) == svg)
    }

    @Test func chartWithSVGWritesAFilePerResult() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quantum-\(UUID().uuidString)").path
        try await withSession { session in
            var cells: [Cell] = []
            let status = await ScriptRunner().run(
                try ScriptRunner.parse(
                    "batch AAPL MSFT --from 2024-03-01 --to 2024-03-28; chart $1 --svg \(folder)/pair.svg", origin: "t"),
                in: session
            ) { cells.append($0) }
            #expect(status == .ok)
            guard case .chart(_, _, _, let files) = cells[1].output else { Issue.record("not a chart"); return }
            #expect(files == ["\(folder)/pair-AAPL.svg", "\(folder)/pair-MSFT.svg"])
            for file in files { #expect(try SVGShape(String(contentsOfFile: file, encoding: .utf8)).circles == 20) }
        }
    }

    @Test func aSavedSessionIsANotebookThatRunsAgain() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quantum-\(UUID().uuidString)").path
        let path = folder + "/session.md"
        try await withSession { session in
            var cells: [Cell] = []
            let status = await ScriptRunner(keepGoing: true).run(
                try ScriptRunner.parse(
                    "fetch AAPL --days 10; help fetch; show $9; quality $1; save \(path)",
                    origin: "t"), in: session
            ) { cells.append($0) }
            #expect(status == .commandFailed && cells.last?.failure == nil)
        }
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        #expect(saved.hasPrefix("<!-- quantum notebook · quantum \(QuantumVersion.current) · simulated market"))
        #expect(saved.contains("```quantum\nfetch AAPL --from 2026-11-16 --to 2026-11-25 --basis split\n```"))
        #expect(saved.contains("> Not run again: `show $9` failed"))
        #expect(saved.contains("```quantum\nquality $1\n```") && !saved.contains("help fetch"))
        let notebook = try NotebookRunner(saved, origin: path)
        #expect(notebook.commands.map(\.count) == [1, 1])
        try await withSession { session in
            let outcome = await notebook.run(in: session, runner: ScriptRunner()) { _ in }
            #expect(outcome.status == .ok)
            let header = try #require(saved.split(separator: "\n").first.map(String.init))
            #expect(notebook.rendered(outcome, header: header) { $0 } == saved)
        }
    }

    @Test func theHeaderTimeIsKeptWhenTheOutputsAreTheSame() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quantum-\(UUID().uuidString)").path
        let path = folder + "/nb.md"
        func render(_ time: String, body: String) -> String {
            "\(Notebook.header(simulated: true, settings: .defaults, time: time))\n\n\(body)\n"
        }
        let first = Date(timeIntervalSince1970: 1_790_000_000)
        #expect(try Notebook.write(to: path, now: first) { render($0, body: "one") })
        #expect(try !Notebook.write(to: path, now: first.addingTimeInterval(60)) { render($0, body: "one") })
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("outputs of 2026-09-21T14:13:20Z -->"))
        #expect(try Notebook.write(to: path, now: first.addingTimeInterval(60)) { render($0, body: "two") })
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("outputs of 2026-09-21T14:14:20Z -->"))
        // An HTML comment may not hold "--".
        let header = Notebook.header(simulated: false, settings: .defaults, time: "t")
        #expect(header.hasPrefix("<!--") && header.hasSuffix("-->") && !header.dropFirst(4).dropLast(3).contains("--"))
        // The values given with -p are named, even one holding "--"; the time is still read back.
        let given = Notebook.header(
            simulated: false, settings: .defaults, given: ["ticker": "MSFT", "range": "--days 5"], time: "t")
        #expect(given.contains(" · run with -p \"range=\u{2011}\u{2011}days 5\" -p ticker=MSFT · outputs of t -->"))
        #expect(!given.dropFirst(4).dropLast(3).contains("--") && Notebook.time(inHeader: given) == "t")
    }
}

/// What an SVG chart holds, read with an XML parser: the points of each polyline, the markers
/// and the source each marks, the fallback bands and the text.
final class SVGShape: NSObject, XMLParserDelegate {
    var polylinePoints: [Int] = []
    var circles = 0
    var circleSources: [String] = []
    var fallbackBands: [String] = []
    var texts: [String] = []
    private var text: String?

    init(_ svg: String) throws {
        super.init()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = self
        guard parser.parse() else { throw parser.parserError ?? CocoaError(.fileReadCorruptFile) }
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String]
    ) {
        switch name {
        case "polyline":
            polylinePoints.append(attributes["points", default: ""].split(separator: " ").count)
        case "circle":
            circles += 1
            circleSources.append(attributes["data-source", default: ""])
        case "rect" where attributes["class"] == "fallback":
            fallbackBands.append(attributes["data-source", default: ""])
        case "text":
            text = ""
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text? += string
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text", let text {
            texts.append(text)
            self.text = nil
        }
    }
}
