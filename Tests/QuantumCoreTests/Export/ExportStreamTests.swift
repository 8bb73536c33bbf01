import Crypto
import Foundation
import Testing
@testable import QuantumCore

/// A streamed export: the same bytes and manifest as `Exporter`, nothing under the final name
/// until it is finished, and candles read back only from the file it wrote.
@Suite struct ExportStreamTests {
    static let created = Date(timeIntervalSince1970: 1_732_550_400)
    static let range = (from: TradingDate("2024-01-02")!, to: TradingDate("2024-01-03")!)

    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("stream-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func streamed(_ results: [FetchResult], format: ExportFormat, to path: String) throws -> StreamedExport {
        let stream = try ExportStream(path: path, format: format)
        for result in results { try stream.append(result) }
        return try stream.finish(
            series: results.map { ExportManifest.Series(TickerSummary($0), requested: Self.range) }, simulated: true,
            created: Self.created)
    }

    @Test(arguments: ExportFormat.allCases)
    func theFileAndManifestAreByteForByteWhatExportWrites(format: ExportFormat) throws {
        let home = try folder()
        let whole = try Exporter.write(ExportTests.results, format: format, to: home + "/whole", created: Self.created)
        let stream = try streamed(ExportTests.results, format: format, to: home + "/streamed")
        #expect(
            FileManager.default.contents(atPath: home + "/whole")
                == FileManager.default.contents(atPath: home + "/streamed"))
        #expect(stream.sha256 == whole.sha256 && stream.rows == whole.rows && stream.bytes == whole.bytes)
        // The manifests differ only in the file's name.
        let manifest = { (name: String) in
            try String(contentsOfFile: home + "/\(name).manifest.json", encoding: .utf8)
                .replacingOccurrences(of: "\"file\": \"\(name)\"", with: "")
        }
        #expect(try manifest("whole") == manifest("streamed"))
    }

    @Test func nothingIsUnderTheFinalNameUntilTheEndAndAnOldManifestGoesFirst() throws {
        let home = try folder()
        let path = home + "/pull.ndjson"
        try "old".write(toFile: path, atomically: true, encoding: .utf8)
        try "{\"old\": true}".write(toFile: path + ".manifest.json", atomically: true, encoding: .utf8)
        let stream = try ExportStream(path: path, format: .ndjson)
        try stream.append(ExportTests.results[0])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: home).contains { $0.hasPrefix(".pull.ndjson.partial-") }
        )
        stream.abandon()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: home).allSatisfy { !$0.contains(".partial-") })

        let done = try streamed(ExportTests.results, format: .ndjson, to: path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(done.sha256 == SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined())
        let manifest = try String(contentsOfFile: path + ".manifest.json", encoding: .utf8)
        #expect(manifest.contains(done.sha256) && !manifest.contains("\"old\""))
    }

    /// A bar of a session still open (kept by `--partial`) looks like any other row in the file:
    /// the manifest's series says so, in both the streamed and the whole export.
    @Test func theManifestCarriesWhatEachResultSaid() throws {
        let home = try folder()
        var partial = ExportTests.results[0]
        partial.notes = ["2024-01-03: the session is still open; its bar is partial (kept by --partial)"]
        partial.warnings = ["incomplete: 1 of 2 trading day(s)"]
        _ = try streamed([partial], format: .csv, to: home + "/streamed.csv")
        _ = try Exporter.write([partial], format: .csv, to: home + "/whole.csv", created: Self.created)
        for name in ["streamed.csv", "whole.csv"] {
            let manifest = try String(contentsOfFile: home + "/\(name).manifest.json", encoding: .utf8)
            #expect(manifest.contains(#""notes":["2024-01-03: the session is still open; its bar is partial"#))
            #expect(manifest.contains(#""warnings":["incomplete: 1 of 2 trading day(s)"]"#))
        }
    }

    @Test func aStreamWithNoRowIsNoFile() throws {
        let home = try folder()
        #expect(throws: ExportError.self) {
            _ = try streamed([ExportTests.results[1]], format: .csv, to: home + "/none.csv")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: home).isEmpty)
    }

    @Test(arguments: ExportFormat.allCases.filter { $0 != .parquet })
    func candlesAreReadBackFromTheFileOnlyWhileItIsTheOneWritten(format: ExportFormat) throws {
        let path = try folder() + "/pull"
        let export = try streamed(ExportTests.results, format: format, to: path)
        let back = try ExportReader.candles(in: export, tickers: ["AAPL", "NOPE"])
        #expect(back.keys.sorted() == ["AAPL"])
        #expect(back["AAPL"]?.map(\.close) == ExportTests.results[0].candles.map(\.close))
        #expect(back["AAPL"]?.map(\.date) == ExportTests.results[0].candles.map(\.date))
        #expect(back["AAPL"]?.map(\.volume) == ExportTests.results[0].candles.map(\.volume))

        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "185.64", with: "185.65").write(
            toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ExportReadError.self) { _ = try ExportReader.candles(in: export, tickers: ["AAPL"]) }
    }

    /// A Parquet file is for the analysis tools: reading it back says so rather than guessing.
    @Test func aParquetFileIsNotReadBackAndSaysWhy() throws {
        let export = try streamed(ExportTests.results, format: .parquet, to: try folder() + "/pull.parquet")
        #expect(throws: ExportReadError.self) { _ = try ExportReader.candles(in: export, tickers: ["AAPL"]) }
        try ExportReader.verify(export)
    }
}
