import Foundation
import QuantumTestSupport
import Testing

/// The binary's edges: no input traps it, `quit` after commands, exit statuses of several
/// scripts and of piped input, exports to standard output and through symbolic links.
@Suite(
    .enabled(
        if: FileManager.default.isExecutableFile(atPath: Binary.path),
        "build the executable first: swift build --build-tests"))
struct CommandLineTests {
    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func showAllPrintsEveryRow() async throws {
        let run = try await Binary.run(["-c", "fetch AAPL --days 10; show --all"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("AAPL  ok") && !run.stdout.contains("rows not shown"))
    }

    @Test(arguments: [
        "show --rows 4611686018427387904", "chart --width 999999999999", "chart --height 99999999999",
        "fetch AAPL --days 9223372036854775807", "set timeout 99999999999999h", "limits polygon 9223372036854775807/s",
    ])
    func hugeNumbersAreUsageErrorsNotCrashes(_ line: String) async throws {
        let run = try await Binary.run(["-c", "fetch AAPL --days 10; " + line])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stdout.isEmpty && run.stderr.contains("error: ") && run.stderr.contains("^"))
    }

    /// `export csv -` makes stdout the CSV's alone (the other cells' text on stderr, with `--json`
    /// their objects); `--quiet` prints no cell's text at all.
    @Test(arguments: [[], ["--quiet"], ["--json"]])
    func aPipeGetsOnlyTheCSV(_ flags: [String]) async throws {
        let run = try await Binary.run(
            flags + ["-c", "fetch AAPL --from 2024-03-04 --to 2024-03-08; show; export csv -"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 6 && lines[0] == "ticker,date,open,high,low,close,volume,source,basis,factor")
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("AAPL,2024-03-0") && $0.split(separator: ",").count == 10 })
        #expect(run.stderr.contains("AAPL  ok") == flags.isEmpty)
        if flags == ["--json"] {
            // One object per command, each a line of stderr.
            let objects = run.stderr.split(separator: "\n").filter { $0.hasPrefix("{") }
            #expect(objects.count == 3 && objects.last?.contains(#""command":"export","path":"-""#) == true)
        }
        // Quiet still says which tickers were not served.
        let quiet = try await Binary.run(flags + ["-c", "batch AAPL NOPE --days 5; export csv -"])
        #expect(
            quiet.stderr.contains("NOPE: no source knows NOPE") || quiet.stderr.contains("NOPE  failed")
                || (flags == ["--json"] && quiet.stderr.contains(#""error":"no source knows NOPE"#)))
    }

    /// `run FILE -p NAME=VALUE` overrides the script's `let` default, and the script's relative
    /// paths (`@FILE`, exports, `run`) are its own folder's, wherever it is run from.
    @Test func parametersOverrideDefaultsAndPathsAreTheScriptsFolders() async throws {
        let home = try folder()
        try FileManager.default.createDirectory(atPath: home + "/team/lists", withIntermediateDirectories: true)
        try "KO\nPEP\n".write(toFile: home + "/team/lists/drinks.txt", atomically: true, encoding: .utf8)
        try "export csv out/${ticker}-drinks.csv\n".write(
            toFile: home + "/team/lists/save.qscript", atomically: true, encoding: .utf8)
        try """
        let ticker = AAPL
        fetch ${ticker} --from 2024-03-04 --to 2024-03-08
        export csv out/${ticker}.csv ${ticker}
        batch @lists/drinks.txt --from 2024-03-04 --to 2024-03-08
        run lists/save.qscript

        """.write(toFile: home + "/team/pull.qscript", atomically: true, encoding: .utf8)
        let byDefault = try await Binary.run(["run", home + "/team/pull.qscript"])
        #expect(byDefault.status == 0, "\(byDefault.stderr)")
        #expect(FileManager.default.fileExists(atPath: home + "/team/out/AAPL.csv"))
        let given = try await Binary.run(["run", home + "/team/pull.qscript", "-p", "ticker=MSFT"])
        #expect(given.status == 0, "\(given.stderr)")
        let csv = try String(contentsOfFile: home + "/team/out/MSFT.csv", encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 6 && csv.contains("\nMSFT,2024-03-04,"))
        // The nested script's own paths are its folder's.
        let drinks = try String(contentsOfFile: home + "/team/lists/out/MSFT-drinks.csv", encoding: .utf8)
        #expect(drinks.contains("\nKO,2024-03-04,") && drinks.contains("\nPEP,2024-03-08,"))
        #expect(given.stdout.contains("ticker = MSFT (given with -p; the script's AAPL is not used)"))
        // A mistyped name would leave the default in force: nothing runs (a note only where a script
        // that the file runs might use it).
        let nested = try await Binary.run(["run", home + "/team/pull.qscript", "-p", "tikcer=MSFT"])
        #expect(nested.stderr.contains("note: -p tikcer: not defined or used by the files named"))
        try "let ticker = AAPL\nfetch ${ticker} --days 5\n".write(
            toFile: home + "/team/one.qscript", atomically: true, encoding: .utf8)
        let typo = try await Binary.run(["run", home + "/team/one.qscript", "-p", "tikcer=MSFT"])
        #expect(typo.status == 2 && typo.stdout.isEmpty)
        #expect(typo.stderr.contains("-p tikcer: no file defines or uses it") && typo.stderr.contains("'ticker'"))
    }

    /// A notebook rewritten in place moves its lines: a failed command's new line is said.
    @Test func aNotebookRewrittenInPlaceSaysWhereItsFailedCommandIsNow() async throws {
        let path = try folder() + "/nb.md"
        try """
        # Pull

        ```quantum
        fetch AAPL --from 2024-03-04 --to 2024-03-08
        ```

        ```quantum
        expect AAPL candles > 100
        ```

        """.write(toFile: path, atomically: true, encoding: .utf8)
        let run = try await Binary.run(["run", path, "--output", path])
        #expect(run.status == 1, "\(run.stderr)")
        let said = try #require(run.stderr.split(separator: "\n").first { $0.contains("is now at") }, "\(run.stderr)")
        let line = try #require(said.split(separator: ":").last.flatMap { Int($0.prefix { $0.isNumber }) })
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        #expect(line > 9 && lines[line - 1] == "expect AAPL candles > 100", "\(said)")
    }

    @Test func quitRunsWhatComesBeforeIt() async throws {
        let c = try await Binary.run(["-c", "fetch AAPL --days 5; quit; sources"])
        #expect(c.status == 0 && c.stdout.contains("AAPL  ok") && !c.stdout.contains("base URL"))
        let piped = try await Binary.run([], stdin: "fetch AAPL --days 5; quit\nsources\n")
        #expect(piped.status == 0 && piped.stdout.contains("AAPL  ok") && !piped.stdout.contains("base URL"))
    }

    @Test func pipedCRLFInputRuns() async throws {
        let run = try await Binary.run(
            [], stdin: "sources order fmp,polygon\r\nfetch AAPL --days 5 \\\r\n  --source fmp\r\n")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("AAPL  ok via fmp"))
    }

    @Test func severalScriptsExitWithTheWorstStatus() async throws {
        let dir = try folder()
        try "fault polygon down\nfetch AAPL --days 5 --source polygon\n".write(
            toFile: dir + "/a.qscript", atomically: true, encoding: .utf8)
        try "fetch MSFT --days 5\nexpect $_ source == eodhd\n".write(
            toFile: dir + "/b.qscript", atomically: true, encoding: .utf8)
        let run = try await Binary.run(["run", dir + "/a.qscript", dir + "/b.qscript", "--keep-going"])
        #expect(run.status == 3, "\(run.stderr)")
        #expect(run.stdout.contains("MSFT  ok"))
        let piped = try await Binary.run(
            ["--keep-going"],
            stdin:
                "fault polygon down; fetch AAPL --days 5 --source polygon\nfetch MSFT --days 5; expect $_ source == eodhd\n"
        )
        #expect(piped.status == 3)
    }

    @Test func pipedInputThatFailsToParseAfterCommandsRanIsNotStatusTwo() async throws {
        let run = try await Binary.run([], stdin: "fetch AAPL --days 5\nfetc MSFT\n")
        #expect(run.status == 3 && run.stdout.contains("AAPL  ok") && run.stderr.contains("unknown command 'fetc'"))
        let nothingRan = try await Binary.run([], stdin: "fetc MSFT\nfetch AAPL --days 5\n")
        #expect(nothingRan.status == 2 && nothingRan.stdout.isEmpty)
    }

    @Test func exportToStandardOutputWritesTheRowsThereAndNoManifest() async throws {
        let run = try await Binary.run(["-c", "fetch AAPL --from 2024-01-02 --to 2024-01-05; export csv -"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("ticker,date,open,high,low,close,volume,source,basis,factor\nAAPL,2024-01-02,"))
        #expect(run.stderr.contains("wrote 4 rows (AAPL) to standard output") && run.stderr.contains("manifest: none"))
        #expect(
            !FileManager.default.fileExists(atPath: Binary.packageRoot + "/-")
                && !FileManager.default.fileExists(atPath: Binary.packageRoot + "/-.manifest.json"))
    }

    @Test func exportsAndSavesKeepSymlinksAndRefuseDevices() async throws {
        let dir = try folder()
        try "".write(toFile: dir + "/real.csv", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.csv", withDestinationPath: dir + "/real.csv")
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.md", withDestinationPath: dir + "/notes.md")
        try FileManager.default.createSymbolicLink(
            atPath: dir + "/link.qscript", withDestinationPath: dir + "/rec.qscript")
        let run = try await Binary.run([
            "-c",
            "record \(dir)/link.qscript; fetch AAPL --days 10; record stop; export csv \(dir)/link.csv; save \(dir)/link.md",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try String(contentsOfFile: dir + "/rec.qscript", encoding: .utf8).contains("fetch AAPL --from"))
        for link in ["link.csv", "link.md", "link.qscript"] {
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(dir)/\(link)").hasPrefix(dir))
        }
        #expect(try String(contentsOfFile: dir + "/real.csv", encoding: .utf8).hasPrefix("ticker,date"))
        let notes = try String(contentsOfFile: dir + "/notes.md", encoding: .utf8)
        #expect(notes.hasPrefix("<!-- quantum notebook") && notes.contains("\n# quantum session\n"))
        let device = try await Binary.run(["-c", "fetch AAPL --days 10; export csv /dev/stdout"])
        #expect(
            device.status == 3 && device.stderr.contains("error: cannot export to /dev/stdout: it leads to")
                && device.stderr.contains(
                    "an open file of a process, not a file to write; '-' writes to standard output")
        )
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "/dev/stdout").isEmpty == false)
        try FileManager.default.createDirectory(atPath: dir + "/folder.md", withIntermediateDirectories: true)
        let folderSave = try await Binary.run(["-c", "fetch AAPL --days 10; save \(dir)/folder.md"])
        #expect(
            folderSave.status == 3
                && folderSave.stderr.contains(
                    "error: cannot save to \(dir)/folder.md: it is a folder; name a file inside it")
        )
    }

    @Test func errorsGoToStderrAndJSONModeSaysWhyNothingRan() async throws {
        let failed = try await Binary.run(["-c", "show $7"])
        #expect(
            failed.status == 3 && failed.stdout.isEmpty
                && failed.stderr.contains("error: no cell $7: nothing has run yet"))
        let json = try await Binary.run(["--json", "-c", "sources; fetch AAPL --days 0"])
        #expect(json.status == 2)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(
            object["error"] as? String == "--days expects a whole number from 1 to 36500, got '0'"
                && object["line"] as? Int == 1 && object["column"] as? Int == 28)
    }

    @Test func aTildeIsTheHomeFolder() async throws {
        let home = try folder()
        let run = try await Binary.run(
            ["-c", "fetch AAPL --days 10; export csv ~/out/a.csv"], environment: Binary.cleanEnvironment(["HOME": home])
        )
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: home + "/out/a.csv"))
    }

    @Test func simServeStopsCleanlyOnSIGINT() async throws {
        let (process, firstLine) = try await Binary.startSimulator(["--port", "0"])
        #expect(firstLine.contains("listening on"))
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0 && process.terminationReason == .exit)
    }
}
