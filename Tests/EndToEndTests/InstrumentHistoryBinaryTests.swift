import Foundation
import QuantumTestSupport
import Testing
@testable import QuantumCore

/// A renamed ticker and a ticker reused at a gap, through the built binary (one session, the
/// cache on disk, a second process) against loopback providers in their wire formats, fake keys.
@Suite(
    .enabled(
        if: FileManager.default.isExecutableFile(atPath: Binary.path),
        "build the executable first: swift build --build-tests"))
struct InstrumentHistoryBinaryTests {
    func objects(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    /// Each candle's date, close and source.
    func candles(_ result: [String: Any]) -> [String] {
        ((result["candles"] as? [[String: Any]]) ?? []).map {
            "\($0["date"] ?? "") \($0["close"] ?? "") \($0["source"] ?? "")"
        }
    }

    func environment(_ base: String) -> [String: String] {
        Binary.cleanEnvironment([
            "POLYGON_API_KEY": "pk-fake-123", "POLYGON_BASE_URL": base, "POLYGON_LIMITS": "100/min",
            "FMP_API_KEY": "fmp-fake-456", "FMP_BASE_URL": base,
        ])
    }

    @Test func theRenamedTickerIsAnsweredTheSameAfterAGappedFetchAloneAndFromTheCache() async throws {
        let mock = MockProviders()
        let halt = MockProviders.bars(from: "2020-03-02", to: "2020-03-31").filter {
            $0.date.description != "2020-03-16"
        }
        for id in [SourceID.polygon, .fmp] { mock.set(id, "HALT", halt) }
        let husn = MockProviders.bars(from: "2020-04-20", to: "2020-05-15", close: 30)
        mock.set(.polygon, "HUSN", husn.filter { $0.date >= TradingDate("2020-05-08")! })
        mock.set(.fmp, "HUSN", husn)
        let fetch = "fetch HUSN --from 2020-04-20 --to 2020-05-15"
        try await mock.withLoopback { base in
            let session = environment(base)
            let gapped = try await Binary.run(
                ["--json", "-c", "fetch HALT --from 2020-03-02 --to 2020-03-31; \(fetch)"], environment: session)
            let alone = try await Binary.run(["--json", "-c", fetch], environment: environment(base))
            let cached = try await Binary.run(["--json", "-c", fetch], environment: session)
            let after = try #require(try objects(gapped.stdout).last)
            let first = try #require(try objects(alone.stdout).first)
            let again = try #require(try objects(cached.stdout).first)
            for result in [after, first, again] {
                #expect(result["complete"] as? Bool == true && (result["missing"] as? [Any])?.isEmpty == true)
                #expect(candles(result).count == 20 && candles(result) == candles(first))
            }
            #expect(
                candles(first).first?.hasSuffix(" fmp") == true && candles(first).last?.hasSuffix(" polygon") == true)
            let output = gapped.stdout + gapped.stderr + alone.stdout + cached.stdout
            #expect(!output.contains("pk-fake-123") && !output.contains("fmp-fake-456"))
        }
    }

    @Test func aTickerReusedAtAGapIsServedFromTheContinuousSeries() async throws {
        let mock = MockProviders()
        let facebook = MockProviders.bars(from: "2022-01-03", to: "2022-06-30", close: 190)
        mock.set(
            .polygon, "META",
            MockProviders.bars(from: "2022-01-03", to: "2022-01-28", close: 12)
                + facebook.filter { $0.date >= TradingDate("2022-06-09")! })
        mock.set(.fmp, "META", facebook)
        try await mock.withLoopback { base in
            let run = try await Binary.run(
                ["--json", "-c", "fetch META --from 2022-01-03 --to 2022-06-30"], environment: environment(base))
            #expect(run.status == 0)
            let result = try #require(try objects(run.stdout).first)
            #expect(result["source"] as? String == "fmp" && result["complete"] as? Bool == true)
            #expect(candles(result).count == facebook.count && candles(result).allSatisfy { $0.hasSuffix(" fmp") })
            let attempts = try #require(result["attempts"] as? [[String: Any]])
            #expect(attempts.first?["source"] as? String == "polygon")
            #expect(attempts.first?["outcome"] as? String == "bad_response")
            #expect((attempts.first?["message"] as? String)?.contains("2022-01-28") == true)
        }
    }
}
