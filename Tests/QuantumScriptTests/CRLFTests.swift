import Foundation
import Testing
@testable import QuantumCore
@testable import QuantumScript

/// Scripts, ticker files and config files written with CRLF line ends read as with LF.
@Suite struct CRLFTests {
    @Test func aCRLFScriptParsesLineByLine() throws {
        let parsed = try ScriptRunner.parse(
            "sources\r\nfetch AAPL --days 5 \\\r\n  --source fmp\r\n# done\r\nhistory\r\n", origin: "t")
        #expect(
            parsed.map(\.1) == [
                .sources(.list), .fetch(FetchSpec(ticker: "AAPL", range: .lastDays(5), source: .fmp)),
                .history(last: nil),
            ])
        #expect(parsed.map { $0.0.tokens[0].line } == [1, 2, 5])
    }

    @Test func aCRLFTickerFileListsItsTickers() throws {
        #expect(TickerList.parse("AAPL\r\nMSFT, NVDA\r\n# comment\r\nBRK.B\r\n") == ["AAPL", "MSFT", "NVDA", "BRK.B"])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tickers-\(UUID().uuidString).txt")
            .path
        try "AAPL\r\nMSFT\r\n".write(toFile: path, atomically: true, encoding: .utf8)
        let parsed = try ScriptRunner.parse("batch @\(path)", origin: "t")
        guard case .batch(let spec) = parsed[0].1 else { Issue.record("not a batch"); return }
        #expect(spec.tickers == ["AAPL", "MSFT"])
    }

    @Test func aSavedBatchNamesItsTickerFileAgain() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tickers \(UUID().uuidString).txt")
            .path
        try "AAPL MSFT NVDA\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let parsed = try ScriptRunner.parse("batch TSLA \"@\(path)\" KO --days 5", origin: "t")
        guard case .batch(let spec) = parsed[0].1 else { Issue.record("not a batch"); return }
        #expect(spec.tickers == ["TSLA", "AAPL", "MSFT", "NVDA", "KO"])
        let text = try #require(parsed[0].1.text(writingReferences: { $0.description }))
        #expect(text.hasPrefix("batch TSLA \"@\(path)\" KO --days 5"), "\(text)")
        // Read back, it is the same batch.
        #expect(try ScriptRunner.parse(text, origin: "t").map(\.1) == [.batch(spec)])
    }

    @Test func aCRLFConfigFileIsReadAndLocated() throws {
        let layer = try ConfigFile.parse(
            "request_timeout = \"5s\"\r\n[sources.polygon]\r\nlimits = [\"4/s\"]\r\n", path: "c.toml")
        #expect(layer.requestTimeout == .seconds(5))
        do {
            _ = try ConfigFile.parse(
                "request_timeout = \"5s\"\r\n[sources.polygon]\r\nlimits = \"lots\"\r\n", path: "c.toml")
        } catch {
            #expect("\(error)".contains("c.toml:3"))
        }
    }
}
