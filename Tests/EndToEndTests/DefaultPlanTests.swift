import Foundation
import QuantumTestSupport
import Testing
@testable import QuantumCore

/// Each provider's default limits are a documented plan, and `limits` and `sources` say which
/// while they are in force.
@Suite(
    .enabled(
        if: FileManager.default.isExecutableFile(atPath: Binary.path),
        "build the executable first: swift build --build-tests"))
struct DefaultPlanTests {
    @Test func theDefaultsAreFreePlansAndSaySo() {
        let limits = Dictionary(uniqueKeysWithValues: ProviderRegistry.descriptors.map { ($0.id, $0.defaultLimits) })
        #expect(limits[.polygon]?.map(\.description) == ["5/min"])
        #expect(limits[.fmp]?.map(\.description) == ["250/day"])
        #expect(limits[.alphavantage]?.map(\.description) == ["1/s", "25/day"])
        #expect(limits[.eodhd]?.map(\.description) == ["1000/min", "20/day"])
        #expect(ProviderDescriptor.eodhd.plan(of: [RateWindow("1000/min")!]) == nil)
    }

    @Test func limitsAndSourcesNameThePlan() async throws {
        let line = "eodhd: 1000/min, 20/day (free plan; set EODHD_LIMITS for a paid one)"
        let keyed = Binary.cleanEnvironment(["EODHD_API_KEY": "k", "EODHD_BASE_URL": "http://127.0.0.1:9"])
        for command in ["limits", "sources"] {
            let run = try await Binary.run([command], environment: keyed)
            #expect(run.status == 0 && run.stdout.contains(line), "\(run.stdout)\(run.stderr)")
            #expect(run.stdout.contains("polygon: 5/min (free Basic plan; set POLYGON_LIMITS for a paid one)"))
        }
        // A paid plan configured: its limits, and no plan named for them.
        var paid = keyed
        paid["EODHD_LIMITS"] = "1000/min,100000/day"
        let run = try await Binary.run(["limits"], environment: paid)
        #expect(run.status == 0 && !run.stdout.contains("eodhd: ") && run.stdout.contains("100000/day"))
        let json = try await Binary.run(["--json", "limits"], environment: keyed)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let eodhd = (object?["limits"] as? [[String: Any]])?.first { $0["source"] as? String == "eodhd" }
        #expect(eodhd?["plan"] as? String == "free plan; set EODHD_LIMITS for a paid one", "\(json.stdout)")
    }
}
