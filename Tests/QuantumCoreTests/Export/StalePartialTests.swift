import Foundation
import Testing
@testable import QuantumCore

/// A write killed half-way (SIGKILL) leaves `.NAME.partial-PID`; the next write to NAME in that
/// folder removes it once that process is gone, and never touches one whose process still lives.
@Suite struct StalePartialTests {
    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("stale-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A child process that waits until it is killed.
    func sleeper() throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sleep")
        process.arguments = ["600"]
        // Not the test's own output: a child holding it open keeps the test runner waiting.
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// A partial file of a real process killed with SIGKILL (and reaped: its id is free), one of
    /// a live process, and one of another NAME.
    func leftovers(in home: String, name: String) throws -> (dead: String, live: String, other: String, Process) {
        let killed = try sleeper()
        kill(killed.processIdentifier, SIGKILL)
        killed.waitUntilExit()
        #expect(killed.terminationReason == .uncaughtSignal)
        let alive = try sleeper()
        let dead = home + "/.\(name).partial-\(killed.processIdentifier)"
        let live = home + "/.\(name).partial-\(alive.processIdentifier)"
        let other = home + "/.other-\(name).partial-\(killed.processIdentifier)"
        for path in [dead, live, other] { try "half".write(toFile: path, atomically: false, encoding: .utf8) }
        return (dead, live, other, alive)
    }

    @Test func aStreamedExportRemovesTheDeadProcesssPartialFileAndKeepsTheLiveOnes() throws {
        let home = try folder()
        let (dead, live, other, alive) = try leftovers(in: home, name: "pull.ndjson")
        defer { alive.terminate() }
        let stream = try ExportStream(path: home + "/pull.ndjson", format: .ndjson)
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: live) && FileManager.default.fileExists(atPath: other))
        try stream.append(ExportTests.results[0])
        _ = try stream.finish(
            series: ExportTests.results.map {
                ExportManifest.Series(TickerSummary($0), requested: ExportStreamTests.range)
            }, simulated: true, created: ExportStreamTests.created)
        #expect(FileManager.default.fileExists(atPath: live))
        #expect(FileManager.default.fileExists(atPath: home + "/pull.ndjson.manifest.json"))
    }

    @Test func aWholeExportDoesTheSame() throws {
        let home = try folder()
        let (dead, live, other, alive) = try leftovers(in: home, name: "prices.csv")
        defer { alive.terminate() }
        _ = try Exporter.write(ExportTests.results, format: .csv, to: home + "/prices.csv", created: Date())
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: live) && FileManager.default.fileExists(atPath: other))
        #expect(FileManager.default.fileExists(atPath: home + "/prices.csv"))
    }

    /// Killed but not yet reaped by its parent (a zombie) is not alive: it writes nothing more.
    @Test func aZombiesPartialFileIsRemovedToo() throws {
        let home = try folder()
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sleep"), strdup("600"), nil]
        defer { for arg in argv { free(arg) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd in [STDOUT_FILENO, STDERR_FILENO] {
            posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_WRONLY, 0)
        }
        #expect(posix_spawn(&pid, "/bin/sleep", &actions, nil, argv, environ) == 0)
        kill(pid, SIGKILL)
        // Waits for the death without reaping it (WNOWAIT): the child stays a zombie.
        var info = siginfo_t()
        #expect(waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) == 0)
        #expect(kill(pid, 0) == 0 && !FileTarget.isAlive(pid))
        let zombie = home + "/.z.csv.partial-\(pid)"
        try "half".write(toFile: zombie, atomically: false, encoding: .utf8)
        _ = try Exporter.write(ExportTests.results, format: .csv, to: home + "/z.csv", created: Date())
        #expect(!FileManager.default.fileExists(atPath: zombie))
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        #expect(FileTarget.isAlive(getpid()))
    }

    @Test func namesThatOnlyLookLikePartialFilesAreLeftAlone() throws {
        let home = try folder()
        let odd = ["/.x.csv.partial-", "/.x.csv.partial-12ab", "/.x.csv.partial--5", "/.x.csv.partial-0"].map {
            home + $0
        }
        for path in odd { try "?".write(toFile: path, atomically: false, encoding: .utf8) }
        _ = try Exporter.write(ExportTests.results, format: .csv, to: home + "/x.csv", created: Date())
        for path in odd { #expect(FileManager.default.fileExists(atPath: path), "\(path)") }
    }
}
