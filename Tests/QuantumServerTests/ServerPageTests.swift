import Foundation
import QuantumServer
import QuantumTestSupport
import Testing

/// The page in headless Chromium (Debian's `chromium`, installed by scripts/prerequisites): it
/// loads, fetches a ticker from the simulator through the API, and draws the chart and the trail.
@Suite struct ServerPageTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    static func browse(_ url: String, _ extra: [String]) async throws -> Binary.Output {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("quantum-chromium-\(UUID())").path
        return try await Binary.run(
            script: chromium ?? "chromium",
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(profile)",
                "--virtual-time-budget=15000", "--enable-logging=stderr", "--v=0",
            ] + (extra.contains { $0.hasPrefix("--window-size") } ? [] : ["--window-size=900,800"]) + extra + [url],
            environment: ProcessInfo.processInfo.environment)
    }

    @Test(.enabled(if: chromium != nil, "chromium is not installed (scripts/prerequisites installs it)"))
    func thePageFetchesATickerAndDrawsTheChartAndTheTrail() async throws {
        try await ServerHarness.with { h in
            let url = h.server.baseURL + "/?ticker=AAPL&days=30"
            let dom = try await Self.browse(url, ["--dump-dom"])
            #expect(dom.status == 0)
            let html = dom.stdout
            #expect(html.contains("AAPL: "), "status line: \(html.prefix(400))")
            #expect(html.contains("via polygon (simulated)"))
            let points = html.components(separatedBy: #"<polyline id="close" points=""#).dropFirst().first?
                .prefix { $0 != "\"" }
            let pairs = points?.split(separator: " ") ?? []
            #expect(pairs.count >= 15 && pairs.allSatisfy { $0.split(separator: ",").count == 2 })
            #expect(html.contains(#"<td>polygon</td><td class="ok">ok</td><td>200</td>"#))
            #expect(html.contains("Quality: ") && html.contains("trading days"))
            #expect(html.contains(#"href="/v1/candles/AAPL?days=30&amp;basis=split""#))
            // Its script ran under the page's Content-Security-Policy, without an error.
            #expect(
                !dom.stderr.contains("Content Security Policy") && !dom.stderr.contains("Uncaught"), "\(dom.stderr)")
            let png = FileManager.default.temporaryDirectory.appendingPathComponent("quantum-serve-page.png").path
            let shot = try await Self.browse(url, ["--screenshot=\(png)"])
            #expect(shot.status == 0)
            let size = (try? FileManager.default.attributesOfItem(atPath: png)[.size] as? Int) ?? 0
            #expect(size > 10_000)
        }
    }

    @Test(.enabled(if: chromium != nil, "chromium is not installed (scripts/prerequisites installs it)"))
    func severalTickersAreOverlaidOnAPhonesWidth() async throws {
        try await ServerHarness.with { h in
            let dom = try await Self.browse(
                h.server.baseURL + "/?ticker=AAPL,MSFT&days=90", ["--window-size=390,844", "--dump-dom"])
            #expect(dom.status == 0)
            let html = dom.stdout
            #expect(html.contains(#"<polyline id="close""#) && html.contains(#"<polyline id="close-1""#))
            #expect(html.contains("AAPL (100 = close of ") && html.contains("MSFT (100 = close of "))
            #expect(html.contains("Quality (AAPL): ") && html.contains("Quality (MSFT): "))
            // Drawn for the width it has, not scaled down from a desktop's.
            let width = html.components(separatedBy: #"viewBox="0 0 "#).dropFirst().first?.prefix { $0 != " " }
            #expect((Int(width ?? "") ?? 999) < 820, "viewBox width \(width ?? "none")")
            #expect(!dom.stderr.contains("Uncaught"), "\(dom.stderr)")
        }
    }
}
