import Foundation
import Testing
@testable import QuantumCore

@Suite struct SettingsTests {
    /// The seed's order; each provider's free plan as its limits (issue 25: the seed's EODHD
    /// `20/min` fitted no plan).
    @Test func defaultsFollowTheSeedWithFreePlanLimits() throws {
        let settings = try Settings.resolve(environment: [:])
        #expect(settings.sources.map(\.id) == [.polygon, .fmp, .alphavantage, .eodhd])
        #expect(
            settings.sources.map { $0.limits.map(\.description).joined(separator: ",") } == [
                "5/min", "250/day", "1/s,25/day", "1000/min,20/day",
            ])
        #expect(settings.requestTimeout == .seconds(15))
        #expect(!settings.hasAnyKey)
    }

    @Test func environmentSetsKeysURLsLimitsAndOrder() throws {
        let settings = try Settings.resolve(environment: [
            "POLYGON_API_KEY": "pk", "EODHD_API_KEY": "ek", "FMP_API_KEY": "",
            "EODHD_BASE_URL": "http://127.0.0.1:9000/eod/", "ALPHAVANTAGE_LIMITS": "1/s, 25/day",
            "QUANTUM_SOURCES": "eodhd,polygon", "QUANTUM_REQUEST_TIMEOUT": "2s", "FMP_ENABLED": "false",
        ])
        #expect(settings.sources.map(\.id) == [.eodhd, .polygon, .fmp, .alphavantage])
        #expect(settings[.polygon]?.key == "pk" && settings[.fmp]?.key == nil)
        #expect(settings[.eodhd]?.baseURL == "http://127.0.0.1:9000/eod")
        #expect(
            settings[.alphavantage]?.limits == [
                RateWindow(count: 1, length: .seconds(1)), RateWindow(count: 25, length: .seconds(86_400)),
            ])
        #expect(settings[.fmp]?.enabled == false)
        #expect(settings.requestTimeout == .seconds(2))
        #expect(settings.secrets.sorted() == ["ek", "pk"])
    }

    @Test(arguments: [
        ("POLYGON_BASE_URL", "ftp://x", "POLYGON_BASE_URL: expected scheme://host[:port][/prefix], got 'ftp://x'"),
        ("FMP_LIMITS", "5 per minute", "FMP_LIMITS: expected limits such as 5/min,25/day, got '5 per minute'"),
        (
            "QUANTUM_SOURCES", "polygon,yahoo",
            "QUANTUM_SOURCES: expected source names from polygon, fmp, alphavantage, eodhd, got 'polygon,yahoo'"
        ),
        (
            "QUANTUM_REQUEST_TIMEOUT", "soon",
            "QUANTUM_REQUEST_TIMEOUT: expected a duration such as 15s or 500ms, got 'soon'"
        ),
    ])
    func badEnvironmentIsNamed(_ item: (String, String, String)) {
        #expect(throws: ConfigError.self) { try Settings.resolve(environment: [item.0: item.1]) }
        do {
            _ = try Settings.resolve(environment: [item.0: item.1])
        } catch {
            #expect(error.description == item.2)
        }
    }

    func withFile(_ text: String, _ body: (String) throws -> Void) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("quantum-\(UUID().uuidString).toml")
            .path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try body(path)
    }

    @Test func fileIsReadAndEnvironmentAndCommandLineWin() throws {
        let text = """
            request_timeout = "5s"
            order = ["fmp", "polygon"]

            [sources.polygon]
            key = "from-file"
            limits = ["4/s", "100/day"]

            [sources.eodhd]
            enabled = false
            priority = 0
            """
        try withFile(text) { path in
            let env = ["QUANTUM_CONFIG": path, "POLYGON_API_KEY": "from-env"]
            let cli = SettingsLayer(requestTimeout: .seconds(1))
            let settings = try Settings.resolve(environment: env, commandLine: cli)
            #expect(settings.configFile == path)
            #expect(settings[.polygon]?.key == "from-env")
            #expect(settings[.polygon]?.limits.map(\.description) == ["4/s", "100/day"])
            #expect(settings.sources.map(\.id) == [.eodhd, .fmp, .polygon, .alphavantage])
            #expect(settings[.eodhd]?.enabled == false)
            #expect(settings.requestTimeout == .seconds(1))
        }
    }

    @Test(arguments: [
        ("a = 1\nb = = 2\n", 2, ""),
        (
            "[sources.polygon]\nkey = \"x\"\nlimit = \"5/min\"\n", 3,
            "unknown setting 'limit' for polygon (known: key, base_url, priority, limits, enabled)"
        ),
        ("\n[sources.yahoo]\nkey = \"x\"\n", 2, "unknown source 'yahoo' (known: polygon, fmp, alphavantage, eodhd)"),
        (
            "[sources.fmp]\n\nlimits = \"300 a minute\"\n", 3,
            "limits: expected limits such as \"5/min,25/day\" or [\"5/min\", \"25/day\"]"
        ),
        (
            "timeout = 3\n", 1,
            "unknown setting 'timeout' (known: request_timeout, cache_max_age, cache_adjusted_max_age, database_url, order, sources)"
        ),
        ("[sources.eodhd]\nenabled = \"yes\"\n", 2, "enabled: expected true or false"),
        (
            "[sources.polygon]\nbase_url = \"api.polygon.io\"\n", 2,
            "base_url: expected \"scheme://host[:port][/prefix]\""
        ),
    ])
    func badFilesPointAtTheLine(_ item: (String, Int, String)) throws {
        try withFile(item.0) { path in
            do {
                _ = try Settings.resolve(environment: ["QUANTUM_CONFIG": path])
                Issue.record("expected an error")
            } catch let error as ConfigError {
                #expect(error.location == "\(path):\(item.1)")
                if !item.2.isEmpty { #expect(error.message == item.2) }
            } catch {
                Issue.record(error)
            }
        }
    }

    @Test func aMissingExplicitFileIsAnError() {
        #expect(throws: ConfigError("QUANTUM_CONFIG", "no such file: /nonexistent/q.toml")) {
            try Settings.resolve(environment: ["QUANTUM_CONFIG": "/nonexistent/q.toml"])
        }
    }

    @Test(arguments: [("15s", 15_000), ("500ms", 500), ("2m", 120_000), ("1.5s", 1500), ("3", 3000)])
    func durations(_ item: (String, Int)) {
        #expect(SettingValues.duration(item.0) == .milliseconds(item.1))
    }
}
