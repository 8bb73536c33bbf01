import Crypto
import Foundation
import QuantumSimulator
import QuantumTestSupport
import Testing

/// `batch … --export` with the built binary: a whole file with its manifest when it finishes,
/// and nothing under the final name when the process is killed half-way.
@Suite(
    .enabled(
        if: FileManager.default.isExecutableFile(atPath: Binary.path),
        "build the executable first: swift build --build-tests"))
struct StreamedExportTests {
    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("streamed-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func aFinishedPullIsWholeAndAKilledOneLeavesNothingUnderItsName() async throws {
        let home = try folder()
        let export = home + "/pull.ndjson"
        try Market.syntheticTickers(16).joined(separator: "\n").write(
            toFile: home + "/tickers.txt", atomically: true, encoding: .utf8)
        let command = "batch @\(home)/tickers.txt --from 2005-01-03 --to 2024-12-31 --export \(export)"
        let finished = try await Binary.run(["--json", "-c", command])
        #expect(finished.status == 0, "\(finished.stderr)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: export))
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: export + ".manifest.json")))
                as? [String: Any])
        #expect(manifest["sha256"] as? String == SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined())
        #expect(manifest["rows"] as? Int == bytes.filter { $0 == UInt8(ascii: "\n") }.count)
        #expect((manifest["series"] as? [Any])?.count == 16)
        let cell = try #require(
            try JSONSerialization.jsonObject(with: Data(finished.stdout.utf8)) as? [String: Any])
        #expect((cell["export"] as? [String: Any])?["sha256"] as? String == manifest["sha256"] as? String)

        for name in ["pull.ndjson", "pull.ndjson.manifest.json"] {
            try FileManager.default.removeItem(atPath: home + "/" + name)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binary.path)
        // Slowed by limits, so the kill lands mid-pull however busy the machine is.
        let slowed = ["polygon", "fmp", "alphavantage", "eodhd"].map { "limits \($0) 1/s; " }.joined() + command
        process.arguments = ["-c", slowed]
        process.environment = Binary.cleanEnvironment()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Killed once rows are on disk in the temporary file: the pull is under way.
        let started = ContinuousClock.now
        var partial: String?
        while process.isRunning, started.duration(to: .now) < .seconds(60) {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: home)) ?? []
            if let name = names.first(where: { $0.contains(".partial-") }),
                let size = try? FileManager.default.attributesOfItem(atPath: home + "/" + name)[.size] as? Int, size > 0
            {
                partial = name
                break
            }
            try await Task.sleep(for: .milliseconds(1))
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(partial != nil, "the pull finished before it could be killed")
        #expect(!FileManager.default.fileExists(atPath: export))
        #expect(!FileManager.default.fileExists(atPath: export + ".manifest.json"))

        // The killed pull's temporary file is removed by the next pull into the same file, and
        // a partial file of a process still alive (this test's) is left alone.
        let leftover = try #require(partial)
        #expect(FileManager.default.fileExists(atPath: home + "/" + leftover))
        let live = home + "/.pull.ndjson.partial-\(getpid())"
        try "half".write(toFile: live, atomically: false, encoding: .utf8)
        let again = try await Binary.run(["-c", "batch SYN0001 SYN0002 --days 10 --export \(export)"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(!FileManager.default.fileExists(atPath: home + "/" + leftover))
        #expect(FileManager.default.fileExists(atPath: live) && FileManager.default.fileExists(atPath: export))
    }

    /// The file behind a streamed cell replaced (here by an export onto it): `show` says so once,
    /// in its own words, on stderr; in JSON, one object with one `error`.
    @Test func aChangedFileIsOneErrorInTheCommandsWords() async throws {
        let home = try folder()
        let file = home + "/m2.csv"
        let commands = "batch SYN0001 SYN0002 --days 10 --export \(file); export csv \(file) SYN0001; show $1"
        let text = try await Binary.run(["-c", commands])
        #expect(text.status == 3)
        let said = text.stderr.components(separatedBy: "error: ").dropFirst()
        #expect(said.count == 1, "\(text.stderr)")
        #expect(
            said.first?.hasPrefix(
                "$1's candles were streamed to \(file), which has changed since (") == true, "\(text.stderr)")
        #expect(said.first?.contains("; re-run the batch or fetch again\n --> -c:1") == true, "\(text.stderr)")
        #expect(!text.stderr.contains("cannot export"))

        let json = try await Binary.run(["--json", "-c", commands])
        let objects = json.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(objects.count == 3, "\(json.stdout)")
        let error = objects.last?["error"] as? String
        #expect(error?.hasPrefix("$1's candles were streamed to \(file), which has changed since (") == true)
        #expect(!json.stderr.contains("error: "), "\(json.stderr)")
    }
}
