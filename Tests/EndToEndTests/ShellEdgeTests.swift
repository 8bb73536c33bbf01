import Foundation
import QuantumTestSupport
import Testing

/// Edges a tester found by trying the binary: file names of one character, `-` as a target,
/// `output` to a fifo, Ctrl-C while a script runs, quantum's own flags mistyped or repeated,
/// piped input ending inside a continued line, runtime errors located, a raw and a split series
/// exported together, a refused key given another chance.
@Suite(
    .enabled(
        if: FileManager.default.isExecutableFile(atPath: Binary.path),
        "build the executable first: swift build --build-tests"))
struct ShellEdgeTests {
    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("edge-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// `quantum ARGUMENTS` run by a shell from `folder` (relative paths land there).
    func shell(_ script: String, in folder: String) async throws -> Binary.Output {
        let body = script.replacingOccurrences(of: "Q ", with: "'\(Binary.path)' ")
        return try await Binary.run(script: "sh", ["-c", "cd '\(folder)' && { \(body); }"])
    }

    @Test func oneCharacterFileNamesAreWritten() async throws {
        let dir = try folder()
        let run = try await shell("Q -c 'fetch AAPL --days 5; save x.md; export csv z; record a; record stop'", in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        for name in ["x.md", "z", "a"] { #expect(FileManager.default.fileExists(atPath: dir + "/" + name), "\(name)") }
        // A notebook saved under a name quantum run would not read as one is refused, saying why.
        let script = try await shell("Q -c 'fetch AAPL --days 5; save s.qscript'", in: dir)
        #expect(script.status == 2 && script.stderr.contains("save writes a Markdown notebook"), "\(script.stderr)")
        #expect(script.stderr.contains("name it s.md") && !FileManager.default.fileExists(atPath: dir + "/s.qscript"))
    }

    @Test func aDashIsStandardOutputForSaveAndRefusedForRecord() async throws {
        let save = try await Binary.run(["-c", "fetch AAPL --days 5; save -"])
        #expect(save.status == 0 && save.stdout.contains("# quantum session"), "\(save.stderr)")
        let record = try await Binary.run(["-c", "record -"])
        #expect(record.status == 3 && record.stderr.contains("record needs a file"), "\(record.stderr)")
    }

    @Test func outputToAFifoIsRefusedNotAHang() async throws {
        let dir = try folder()
        #expect(mkfifo(dir + "/fifo", 0o600) == 0)
        let run = try await Binary.run(["-c", "output \(dir)/fifo; sources"])
        #expect(run.status == 3 && run.stderr.contains("it is a fifo or socket"), "\(run.stderr)")
    }

    @Test func ctrlCInAScriptKeepsWhatFinished() async throws {
        let dir = try folder()
        let tickers = (1...40).map { String(format: "SYN%04d", $0) }.joined(separator: " ")
        try """
        fetch AAPL --days 5
        limits polygon 2/s
        limits fmp 1/s
        limits alphavantage 1/s
        limits eodhd 1/s
        batch \(tickers) --days 10 --no-cache
        """.write(toFile: dir + "/big.qscript", atomically: true, encoding: .utf8)
        // Ctrl-C once the batch is under way (the fetch before it has printed).
        let run = try await shell(
            "Q run big.qscript > out.txt & p=$!; n=0; until grep -q 'AAPL  ok' out.txt || [ $n -gt 600 ]; do "
                + "n=$((n + 1)); sleep 0.1; done; sleep 1; "
                + "kill -INT $p; wait $p; echo status=$?; cat out.txt", in: dir)
        #expect(run.stdout.contains("status=3"), "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("cancelled") && run.stdout.contains("40 requested"), "\(run.stdout)")
        #expect(run.stderr.contains("error: the batch was cancelled"), "\(run.stderr)")
    }

    @Test func quantumsOwnFlagsAreCheckedToo() async throws {
        let typo = try await Binary.run(["--jsn"])
        #expect(typo.status == 2 && typo.stderr.contains("did you mean '--json'?"), "\(typo.stderr)")
        let twice = try await Binary.run(["-c", "sources", "-c", "limits"])
        #expect(twice.status == 2 && twice.stderr.contains("-c is given 2 times"), "\(twice.stderr)")
        let missing = try await Binary.run(["-c"])
        #expect(missing.status == 2, "\(missing.stderr)")
        let json = try await Binary.run(["--json", "run", "/nonexistent/x.qscript"])
        #expect(json.status == 2 && json.stdout.contains(#"{"error":"cannot read the script"#), "\(json.stdout)")
    }

    @Test func pipedInputEndingInAContinuedLineRunsIt() async throws {
        let run = try await Binary.run([], stdin: "sources \\\n")
        #expect(run.status == 0 && run.stdout.contains("base URL"), "\(run.stdout)\(run.stderr)")
    }

    @Test func runtimeErrorsInScriptsAreLocated() async throws {
        let dir = try folder()
        try "fetch AAPL --days 5\nshow $9\n".write(toFile: dir + "/s.qscript", atomically: true, encoding: .utf8)
        let run = try await Binary.run(["run", dir + "/s.qscript"])
        #expect(run.status == 3 && run.stderr.contains("error: no cell $9"), "\(run.stderr)")
        #expect(run.stderr.contains(" --> \(dir)/s.qscript:2"), "\(run.stderr)")
        let nested = try await Binary.run(["-c", "run \(dir)/none.qscript"])
        #expect(nested.stderr.contains("error: cannot read the script") && !nested.stderr.contains("error: error:"))
    }

    @Test func aRawAndASplitSeriesAreBothExported() async throws {
        let run = try await Binary.run([
            "-c",
            "fetch NVDA --from 2024-06-05 --to 2024-06-12 --basis raw; "
                + "fetch NVDA --from 2024-06-05 --to 2024-06-12 --basis split; export csv - $1 $2",
        ])
        let rows = run.stdout.split(separator: "\n").filter { $0.hasPrefix("NVDA,") }
        #expect(rows.count == 12, "\(run.stdout)")
        #expect(rows.filter { $0.contains(",raw,") }.count == 6 && rows.filter { $0.contains(",split,") }.count == 6)
    }

    @Test func enablingASourceAgainAsksItAfterARefusedKey() async throws {
        let run = try await Binary.run([
            "--keep-going", "-c",
            "fault fmp authfail; fetch ORCL --source fmp --no-cache; fault clear; sources enable fmp; "
                + "fetch ORCL --source fmp --no-cache --days 9",
        ])
        #expect(run.stdout.contains("ORCL  ok via fmp"), "\(run.stdout)")
    }
}
