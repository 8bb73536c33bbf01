import Foundation
import QuantumSimulator
import QuantumTestSupport
import Synchronization
import Testing
@testable import QuantumCore

/// A key whose plan is smaller than the defaults: the provider's "quota spent" answer takes the
/// source out for the day after the requests already in flight, even in a batch at concurrency
/// 8, and a process started later does not ask at all (the machine's ledger remembers).
@Suite(
    .enabled(
        if: FileManager.default.isExecutableFile(atPath: Binary.path),
        "build the executable first: swift build --build-tests"))
struct SpentQuotaTests {
    /// Each provider's answer when the day's quota is spent.
    static let spent: [SourceID: ServerResponse] = [
        .eodhd: ServerResponse(status: 402, #"{"error":"You exceeded your daily API requests limit.","code":402}"#),
        .fmp: ServerResponse(
            status: 429,
            #"{"Error Message":"Limit Reach . Please upgrade your plan or visit our documentation for more details at https://site.financialmodelingprep.com/"}"#
        ),
        .alphavantage: ServerResponse(
            status: 200,
            #"{"Information":"We have detected your API key as XXXX and our standard API rate limit is 25 requests per day. Please subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to instantly remove all daily rate limits."}"#
        ),
    ]

    static let tickers = (0..<16).map { "Q\($0)" }

    @Test(arguments: [SourceID.eodhd, .fmp, .alphavantage])
    func aSpentQuotaCostsOnlyTheRequestsInFlight(_ provider: SourceID) async throws {
        let asked = Mutex(0)
        let answer = try #require(Self.spent[provider])
        let server = try await LoopbackServer.start { _ in
            asked.withLock { $0 += 1 }
            return answer
        }
        // The provider's default limits (its free plan): nothing configured but the key.
        let prefix = provider.descriptor.environmentPrefix
        let environment = Binary.cleanEnvironment([
            "\(prefix)_API_KEY": "a-key-on-a-smaller-plan", "\(prefix)_BASE_URL": server.baseURL,
        ])
        let batch =
            ["--json", "batch"] + Self.tickers + [
                "--from", "2024-03-04", "--to", "2024-03-05", "--source", provider.rawValue, "--concurrency", "8",
            ]
        let first = try await Binary.run(batch, environment: environment)
        let afterFirst = asked.withLock { $0 }
        // Another process on the machine, later the same day.
        let second = try await Binary.run(batch, environment: environment)
        await server.stop()
        // At most the 8 sent before the first answer came back; with one a second (Alpha
        // Vantage's free plan), one (two only if the first answer took over a second).
        #expect(afterFirst >= 1 && afterFirst <= (provider == .alphavantage ? 2 : 8), "\(afterFirst) requests")
        #expect(asked.withLock { $0 } == afterFirst)
        #expect(
            (first.stdout + first.stderr).contains("\(provider.rawValue): its quota is spent"), "\(first.stderr)")
        for (run, sent) in [(first, afterFirst), (second, 0)] {
            let results =
                run.stdout.split(separator: "\n").last.flatMap {
                    try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
                }?["results"] as? [[String: Any]]
            #expect(results?.count == 16)
            let skipped = (results ?? []).filter {
                (($0["attempts"] as? [[String: Any]])?.first?["message"] as? String)?
                    .hasPrefix("its quota is spent until 00:00 UTC") == true
            }
            // Every ticker not sent was passed over as spent, without asking.
            #expect(skipped.count >= 16 - sent, "\(run.stdout)")
        }
    }

    /// Polygon has no day quota: its 429 is a cool-down (for its `Retry-After`), and in a batch at
    /// concurrency 8 it costs only the requests already in flight; the next source serves.
    @Test func polygons429CostsOnlyTheRequestsInFlight() async throws {
        let asked = Mutex(0)
        let bars = MockProviders.bars(from: "2024-03-04", to: "2024-03-05")
        let server = try await LoopbackServer.start { request in
            guard request.path.hasPrefix("/v2/") else {
                let ticker = String(request.path.split(separator: "/").last?.split(separator: ".").first ?? "")
                return ServerResponse(status: 200, MockProviders.body(.eodhd, ticker, bars))
            }
            asked.withLock { $0 += 1 }
            return ServerResponse(
                status: 429, headers: [("Retry-After", "60"), ("Content-Type", "application/json")],
                body: Array(#"{"status":"ERROR","error":"You've exceeded the maximum requests per minute"}"#.utf8))
        }
        let environment = Binary.cleanEnvironment([
            "POLYGON_API_KEY": "p", "POLYGON_BASE_URL": server.baseURL, "POLYGON_LIMITS": "100/s",
            // A paid EODHD plan: each ticker costs its bars and its splits (for the split basis).
            "EODHD_API_KEY": "e", "EODHD_BASE_URL": server.baseURL, "EODHD_LIMITS": "1000/min,100000/day",
        ])
        let run = try await Binary.run(
            ["--json", "batch"] + Self.tickers + ["--from", "2024-03-04", "--to", "2024-03-05", "--concurrency", "8"],
            environment: environment)
        await server.stop()
        #expect(run.status == 0, "\(run.stderr)")
        #expect((1...8).contains(asked.withLock { $0 }), "\(asked.withLock { $0 }) requests to polygon")
        let summary =
            run.stdout.split(separator: "\n").last.flatMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }?["summary"] as? [String: Any]
        #expect(summary?["ok"] as? Int == 16, "\(run.stdout)")
    }
}
