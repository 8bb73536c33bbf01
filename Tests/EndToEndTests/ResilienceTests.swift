import Foundation
import QuantumSimulator
import QuantumTestSupport
import Testing
@testable import QuantumCore
import QuantumScript

/// The built binary under hostile conditions: keys hunted for everywhere it writes, and SIGKILL
/// in the middle of its work.
@Suite(
    .enabled(
        if: FileManager.default.isExecutableFile(atPath: Binary.path),
        "build the executable first: swift build --build-tests"))
struct ResilienceTests {
    static let keys: [SourceID: String] = [
        .polygon: "PKpolyLEAKCHECK7781", .fmp: "FMPleakcheck4412zz", .alphavantage: "AVLEAKCHECK00912",
        .eodhd: "EODHDleak.check.5531",
    ]

    func folder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("resilience-\(UUID().uuidString)").path
    }

    /// The binary started in the background, output discarded, to be killed.
    func launch(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = arguments
        process.environment = Binary.cleanEnvironment()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Every file under `path`, read as bytes.
    func files(under path: String) -> [(String, Data)] {
        guard let walker = FileManager.default.enumerator(atPath: path) else { return [] }
        return walker.compactMap { $0 as? String }.compactMap { name in
            let full = path + "/" + name
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isFolder), !isFolder.boolValue else {
                return nil
            }
            return (full, (try? Data(contentsOf: URL(fileURLWithPath: full))) ?? Data())
        }
    }

    @Test func keysAppearNowhereTheToolWrites() async throws {
        // Alpha Vantage's daily notice echoes the key; EODHD's 404 page echoes the whole URL.
        var options = SimulatorOptions(today: TradingDate("2026-11-25")!)
        options.limits[.alphavantage] = [RateWindow(count: 1, length: .seconds(86_400))]
        let server = try await SimulatorServer.start(Simulator(options: options))
        let home = folder(), out = home + "/out"
        var extra = [
            "XDG_STATE_HOME": home + "/state", "XDG_CACHE_HOME": home + "/cache", "XDG_CONFIG_HOME": home + "/config",
            "ALPHAVANTAGE_LIMITS": "none",
        ]
        for (id, key) in Self.keys {
            extra["\(id.descriptor.environmentPrefix)_API_KEY"] = key
            extra["\(id.descriptor.environmentPrefix)_BASE_URL"] = server.baseURL
        }
        let env = Binary.cleanEnvironment(extra)
        let script = """
            record \(out)/session.qscript
            sources
            fetch NOSUCH.AU --days 10
            fetch AAPL --days 10 --source alphavantage
            fetch MSFT --days 10 --source alphavantage
            fault polygon authfail
            fault fmp badjson
            fault eodhd down
            fetch NVDA --days 10
            fault clear
            fault fmp premium
            fault polygon ratelimit
            batch AAPL MSFT NVDA TSLA --days 10
            export csv \(out)/pull.csv
            export ndjson \(out)/pull.ndjson $_
            quality
            limits
            history
            cache stats
            save \(out)/notebook.md
            record stop
            """
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try script.write(toFile: home + "/leak.qscript", atomically: true, encoding: .utf8)
        // Without the cache, so the second run meets the same failures as the first.
        let text = try await Binary.run(
            ["run", home + "/leak.qscript", "--keep-going", "--no-cache"], environment: env)
        let json = try await Binary.run(
            ["run", home + "/leak.qscript", "--json", "--keep-going", "--no-cache"], environment: env)
        // The REPL writes a history file too.
        let piped = try await Binary.run([], environment: env, stdin: "fetch NOSUCH.AU --days 3\nsources\n")
        let served = server.simulator.stats()
        await server.stop()

        // The run did meet each kind of failure.
        #expect(json.stdout.contains(#""outcome":"not_found","status":404"#))
        // The first run meets the daily notice (which echoes the key); the second skips that
        // source, its quota spent until the reset, as the ledger remembers.
        #expect(text.stdout.contains("We have detected your API key as ***"))
        #expect(json.stdout.contains("its quota is spent until 00:00 UTC"))
        #expect(json.stdout.contains(#""outcome":"auth_failed""#) && json.stdout.contains(#""outcome":"bad_response""#))
        #expect(
            json.stdout.contains(#""outcome":"network_error""#) && json.stdout.contains(#""outcome":"unsupported""#))
        #expect(served[.eodhd]?.requests ?? 0 > 0)

        var haystacks: [(String, Data)] = [
            ("text stdout", Data(text.stdout.utf8)), ("text stderr", Data(text.stderr.utf8)),
            ("json stdout", Data(json.stdout.utf8)), ("json stderr", Data(json.stderr.utf8)),
            ("piped stdout", Data(piped.stdout.utf8)), ("piped stderr", Data(piped.stderr.utf8)),
        ]
        haystacks += files(under: home).filter { !$0.0.hasSuffix("leak.qscript") }
        #expect(haystacks.count > 8, "\(haystacks.map(\.0))")
        for (name, bytes) in haystacks {
            for key in Self.keys.values {
                #expect(bytes.range(of: Data(key.utf8)) == nil, "\(key) found in \(name)")
            }
        }
    }

    @Test func aKillDuringABatchLeavesAValidRecordingAndNoHalfExport() async throws {
        let home = folder()
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let recording = home + "/crash.qscript", export = home + "/pull.csv"
        let script = """
            record \(recording)
            fetch AAPL --days 10
            sources order eodhd,polygon,fmp,alphavantage
            fault eodhd slow 20s
            batch MSFT NVDA TSLA AMZN --days 10 --concurrency 2
            export csv \(export)
            """
        try script.write(toFile: home + "/script.qscript", atomically: true, encoding: .utf8)
        let process = try launch(["run", home + "/script.qscript"])
        // Kill once the batch is under way: the fault is the last line written before it.
        let started = ContinuousClock.now
        while !((try? String(contentsOfFile: recording, encoding: .utf8))?.contains("fault eodhd slow 20s") ?? false) {
            try await Task.sleep(for: .milliseconds(20))
            if started.duration(to: .now) > .seconds(30) { break }
        }
        try await Task.sleep(for: .milliseconds(300))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)

        let text = try String(contentsOfFile: recording, encoding: .utf8)
        // Valid as a script, and holding exactly the commands that had finished.
        let replayable = try ScriptRunner.parse(text, origin: recording).map(\.0.text)
        #expect(replayable.count == 4 && replayable.allSatisfy { !$0.hasPrefix("batch") }, "\(replayable)")
        #expect(
            replayable.first == "sources order polygon,fmp,alphavantage,eodhd"
                && replayable[1].hasPrefix("fetch AAPL --from "))
        #expect(replayable.last == "fault eodhd slow 20s")
        #expect(!FileManager.default.fileExists(atPath: export))
        #expect(try FileManager.default.contentsOfDirectory(atPath: home).allSatisfy { !$0.contains(".partial-") })
    }

    @Test func aKillAtAnyMomentOfAnExportLeavesTheWholeFileOrNone() async throws {
        let home = folder()
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let export = home + "/big.csv"
        let tickers = Market.syntheticTickers(12).joined(separator: " ")
        try "batch \(tickers) --from 2005-01-03 --to 2024-12-31\nexport csv \(export)\n".write(
            toFile: home + "/export.qscript", atomically: true, encoding: .utf8)
        let complete = try await Binary.run(["run", home + "/export.qscript"])
        #expect(complete.status == 0, "\(complete.stderr)")
        let reference = try Data(contentsOf: URL(fileURLWithPath: export))
        #expect(reference.count > 1_000_000)
        let referenceLines = String(decoding: reference, as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false
        ).count
        // Kill the moment the export shows on disk (its temporary file, or the file itself): a
        // writer that wrote in place would be caught half-way.
        // Each kill must land while the process is still running with the export on disk, or the
        // loop proves nothing: count the kills that did, and try again (a loaded machine can starve
        // this poll past the brief write) until three did or ten tries are spent.
        var killsDuringExport = 0
        for _ in 0..<10 where killsDuringExport < 3 {
            try? FileManager.default.removeItem(atPath: export)
            let process = try launch(["run", home + "/export.qscript"])
            let started = ContinuousClock.now
            var exportShown = false
            while process.isRunning, started.duration(to: .now) < .seconds(60) {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: home)) ?? []
                if names.contains(where: { $0.contains(".partial-") || $0 == "big.csv" }) {
                    exportShown = true
                    break
                }
                try await Task.sleep(for: .milliseconds(1))
            }
            if exportShown, process.isRunning { killsDuringExport += 1 }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            // Which source served a ticker may differ between runs on a loaded machine, so the
            // check is completeness: every row, each whole.
            if let written = FileManager.default.contents(atPath: export) {
                let lines = String(decoding: written, as: UTF8.self).split(
                    separator: "\n", omittingEmptySubsequences: false)
                #expect(
                    written.last == UInt8(ascii: "\n") && lines.count == referenceLines, "a partial export after a kill"
                )
                #expect(lines.dropLast().allSatisfy { $0.split(separator: ",").count == 10 })
            }
        }
        #expect(killsDuringExport > 0, "no kill landed while the export was being written")
    }
}
