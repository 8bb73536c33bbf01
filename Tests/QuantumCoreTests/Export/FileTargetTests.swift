import Foundation
import Testing
@testable import QuantumCore

/// Exports write through symbolic links, never replace devices or fifos, and hold each row once.
@Suite struct FileTargetTests {
    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("target-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func type(_ path: String) throws -> FileAttributeType? {
        try FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType
    }

    @Test func anExportThroughASymlinkWritesItsTargetAndKeepsTheLink() throws {
        let dir = try folder()
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
        try "old".write(toFile: dir + "/data/real.csv", atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.csv", withDestinationPath: "data/real.csv")
        let manifest = try Exporter.write(ExportTests.results, format: .csv, to: dir + "/link.csv")
        #expect(try type(dir + "/link.csv") == .typeSymbolicLink)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir + "/link.csv") == "data/real.csv")
        #expect(try String(contentsOfFile: dir + "/data/real.csv", encoding: .utf8).hasPrefix("ticker,date"))
        #expect(manifest.rows == 2)
        // No temporary file is left in either folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/data") == ["real.csv"])
    }

    @Test func aDanglingSymlinkCreatesItsTarget() throws {
        let dir = try folder()
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.md", withDestinationPath: dir + "/new/notes.md")
        try FileTarget.writeAtomically(Array("# hi\n".utf8), to: dir + "/link.md")
        #expect(try type(dir + "/link.md") == .typeSymbolicLink)
        #expect(try String(contentsOfFile: dir + "/new/notes.md", encoding: .utf8) == "# hi\n")
    }

    @Test func devicesFifosAndFoldersAreRefused() throws {
        let dir = try folder()
        #expect(mkfifo(dir + "/pipe", 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: dir + "/null", withDestinationPath: "/dev/null")
        for path in [dir + "/pipe", dir + "/null", "/dev/null", dir] {
            #expect(throws: ExportError.self) { try Exporter.write(ExportTests.results, format: .csv, to: path) }
        }
        #expect(try type(dir + "/pipe") != .typeRegular)
        #expect(try type(dir + "/null") == .typeSymbolicLink)
        #expect(try type("/dev/null") == .typeCharacterSpecial)
        do {
            try FileTarget.writeAtomically([], to: "/dev/null")
            Issue.record("wrote to /dev/null")
        } catch {
            #expect(error.reason.contains("not a regular file"))
        }
        #expect(throws: FileTargetError.self) { try FileTarget.resolve("/dev/stdout") }
        do {
            try FileTarget.writeAtomically([], to: dir)
            Issue.record("wrote over a folder")
        } catch {
            #expect(error.reason.contains("is a folder"))
        }
    }

    @Test func aTildeIsTheHomeFolder() {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        #expect(FileTarget.expand("~/out/a.csv") == home + "/out/a.csv")
        #expect(FileTarget.expand("~") == home)
        #expect(FileTarget.expand("a/~/b") == "a/~/b")
    }

    @Test func eachTickerDateAndSourceIsOneRow() throws {
        let aapl = ExportTests.results[0]
        var overlapping = aapl
        overlapping.candles = [
            aapl.candles[1], Candle(date: TradingDate("2024-01-04")!, open: 1, high: 1, low: 1, close: 1, volume: 1),
        ]
        let dir = try folder()
        let manifest = try Exporter.write(
            [aapl, aapl, ExportTests.results[1], overlapping, ExportTests.results[1]], format: .csv, to: dir + "/a.csv")
        let text = try String(contentsOfFile: dir + "/a.csv", encoding: .utf8)
        #expect(
            text.split(separator: "\n").dropFirst().map { $0.prefix(15) } == [
                "AAPL,2024-01-02", "AAPL,2024-01-03", "AAPL,2024-01-04",
            ])
        #expect(manifest.rows == 3)
        #expect(manifest.series.map(\.ticker) == ["AAPL", "NOPE", "AAPL"])
    }
}
