import Foundation
import QuantumTestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `quantum run NB.md [--output OUT.md]` as a user runs it: outputs written after their blocks,
/// an identical file from a re-run, SVG charts that parse with one point per candle, exports
/// beside the notebook, the exit statuses of scripts, and a saved session that runs again.
@Suite(
    .enabled(
        if: FileManager.default.isExecutableFile(atPath: Binary.path),
        "build the executable first: swift build --build-tests"))
struct NotebookCommandTests {
    static let notebook = """
        # Fallback, written down

        Polygon says the data is not on our plan; FMP serves.

        ```quantum
        fault polygon premium
        fetch AAPL --from 2024-03-01 --to 2024-03-28
        expect $_ source == fmp
        ```

        The close, as a picture, and the rows on disk:

        ```quantum
        chart $_
        export csv out/aapl.csv $_
        batch @tickers.txt --from 2024-03-01 --to 2024-03-08 --concurrency 1
        ```
        """

    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nb-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try "MSFT\nNVDA\n".write(toFile: path + "/tickers.txt", atomically: true, encoding: .utf8)
        return path
    }

    func run(_ arguments: [String], executable: String = Binary.path) async throws -> Binary.Output {
        try await Binary.run(arguments + ["--sim"], executable: executable)
    }

    func renderTwiceAndCompare(executable: String) async throws {
        let dir = try folder()
        let nb = dir + "/pull.md"
        try Self.notebook.write(toFile: nb, atomically: true, encoding: .utf8)
        let first = try await run(["run", nb, "--output", nb], executable: executable)
        #expect(first.status == 0, "\(first.stderr)")
        let rendered = try Data(contentsOf: URL(fileURLWithPath: nb))
        let text = String(decoding: rendered, as: UTF8.self)
        #expect(text.hasPrefix("<!-- quantum notebook · quantum "))
        #expect(text.contains("simulated market") && text.contains("sources in priority order: polygon, fmp"))
        #expect(text.contains("![AAPL close · 2024-03-01 … 2024-03-28 · 20 candles · fmp"))
        #expect(text.contains("](pull_files/chart-4-AAPL.svg)"))
        // Exports and @FILE are relative to the notebook, not to where quantum was started.
        #expect(FileManager.default.fileExists(atPath: dir + "/out/aapl.csv"))
        #expect(text.contains("MSFT  ok") || text.contains("| MSFT"))
        let svg = try String(contentsOfFile: dir + "/pull_files/chart-4-AAPL.svg", encoding: .utf8)
        let shape = try SVGPoints(svg)
        #expect(shape.polylinePoints == [20] && shape.circles == 20 && shape.fallbackBands == 1)

        let second = try await run(["run", nb, "--output", nb], executable: executable)
        #expect(second.status == 0 && second.stderr.contains("is unchanged"), "\(second.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: nb)) == rendered)
        // Written elsewhere, the same outputs, with the charts beside that file.
        let copy = dir + "/copy/rendered.md"
        let third = try await run(["run", nb, "--output", copy], executable: executable)
        #expect(third.status == 0)
        #expect(FileManager.default.fileExists(atPath: dir + "/copy/rendered_files/chart-4-AAPL.svg"))
    }

    @Test func aNotebookRendersAndARerunWritesTheSameBytes() async throws {
        try await renderTwiceAndCompare(executable: Binary.path)
    }

    @Test(.enabled(if: Binary.releaseTestsRun, "build the release binary first (scripts/test does)"))
    func theReleaseBinaryRendersTheSameWay() async throws {
        try await renderTwiceAndCompare(executable: Binary.releasePath)
    }

    @Test func exitStatusesAreAsForScripts() async throws {
        let dir = try folder()
        let nb = dir + "/nb.md"
        try "Intro\n\n```quantum\nfetch AAPL --days 5\nfetc MSFT\n```\n".write(
            toFile: nb, atomically: true, encoding: .utf8)
        let typo = try await run(["run", nb, "--output", nb])
        #expect(typo.status == 2 && typo.stderr.contains(" --> \(nb):5:1"), "\(typo.stderr)")
        #expect(
            try String(contentsOfFile: nb, encoding: .utf8)
                == "Intro\n\n```quantum\nfetch AAPL --days 5\nfetc MSFT\n```\n")

        try "```quantum\nfetch AAPL --days 5\nexpect $_ failed\n```\n".write(
            toFile: nb, atomically: true, encoding: .utf8)
        let unmet = try await run(["run", nb, "--output", nb])
        #expect(unmet.status == 1)
        #expect(try String(contentsOfFile: nb, encoding: .utf8).contains("✗ expect $_ failed failed"))

        try "```quantum\nfault polygon down\nfetch AAPL --days 5 --source polygon\n```\n\n```quantum\nsources\n```\n"
            .write(
                toFile: nb, atomically: true, encoding: .utf8)
        let failed = try await run(["run", nb, "--output", nb])
        #expect(failed.status == 3)
        let text = try String(contentsOfFile: nb, encoding: .utf8)
        #expect(
            text.contains("AAPL  failed")
                && text.contains("_not run: the run stopped at an earlier block (exit status 3)._"))

        let plain = try await run(["run", nb])
        #expect(plain.status == 3 && plain.stdout.contains("AAPL  failed"))
        let misuse = try await run(["run", nb, nb, "--output", nb])
        #expect(misuse.status == 2 && misuse.stderr.contains("--output writes a notebook back"))
    }

    @Test func aSavedSessionRunsAgainAsANotebook() async throws {
        let dir = try folder()
        let saved = dir + "/session.md"
        let session = try await run(["-c", "fetch AAPL --days 10; chart; quality; save \(saved)"])
        #expect(session.status == 0, "\(session.stderr)")
        let again = try await run(["run", saved, "--output", saved])
        #expect(again.status == 0, "\(again.stderr)")
        let text = try String(contentsOfFile: saved, encoding: .utf8)
        #expect(text.contains("```quantum\nchart\n```") && text.contains("](session_files/chart-2-AAPL.svg)"))
    }
}

/// The polylines' point counts, the circles and the fallback bands of an SVG, read with an XML parser.
final class SVGPoints: NSObject, XMLParserDelegate {
    var polylinePoints: [Int] = []
    var circles = 0
    var fallbackBands = 0

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
        if name == "polyline" { polylinePoints.append(attributes["points", default: ""].split(separator: " ").count) }
        if name == "circle" { circles += 1 }
        if name == "rect", attributes["class"] == "fallback" { fallbackBands += 1 }
    }
}
