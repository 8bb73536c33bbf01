import Foundation
import QuantumTestSupport
import Testing
@testable import QuantumCore
import QuantumHTTP
@testable import QuantumScript
@testable import QuantumSimulator

/// `actions` and `--basis split+dividend` in the interpreter, against the simulator over loopback.
@Suite struct ActionsCommandTests {
    static let today = TradingDate("2026-11-25")!

    func cells(_ text: String) async throws -> (RunStatus, [Cell]) {
        let server = try await SimulatorServer.start(Simulator(options: SimulatorOptions(today: Self.today)))
        var cells: [Cell] = []
        var status = RunStatus.ok
        try await AsyncHTTPTransport.with { transport in
            let session = Session(
                engine: TestEngines.simulated(server, transport: transport, cacheEnabled: false, today: Self.today))
            status = await ScriptRunner().run(try ScriptRunner.parse(text, origin: "t"), in: session) {
                cells.append($0)
            }
        }
        await server.stop()
        return (status, cells)
    }

    /// AAPL's 4-for-1 split and its dividends, each listed with the four sources; the JSON as
    /// README documents it.
    @Test func actionsListsEveryEventWithItsSources() async throws {
        let (status, cells) = try await cells("actions AAPL --from 2020-08-01 --to 2020-09-30")
        #expect(status == .ok)
        let json = try #require(
            JSONSerialization.jsonObject(with: Data(JSONRenderer.render(cells[0]).utf8)) as? [String: Any])
        let events = try #require(json["events"] as? [[String: Any]])
        #expect(events.map { $0["kind"] as? String } == ["dividend", "split"])
        #expect(events[1]["date"] as? String == "2020-08-31" && events[1]["ratio"] as? Double == 4)
        #expect(events[1]["ratio_text"] as? String == "4-for-1")
        #expect(events[0]["date"] as? String == "2020-08-10" && events[0]["currency"] as? String == "USD")
        #expect(events.allSatisfy { ($0["sources"] as? [String])?.count == 4 })
        #expect((json["disagreements"] as? [Any])?.isEmpty == true && json["error"] is NSNull)
        let text = TextRenderer.render(cells[0], style: .plain)
        #expect(text.hasPrefix("AAPL  2 events · 2020-08-01 … 2020-09-30 · 4 sources"), "\(text)")
        #expect(text.contains("2020-08-31  split     4-for-1"), "\(text)")
    }

    /// A symbol two providers say they do not know, which the other two answer with no events
    /// (as Polygon and FMP answer a filter for any symbol), is not shown as a ticker with no
    /// corporate actions: the doubt is said. A ticker every source knows has no such line.
    @Test func anEmptyLedgerSomeSourcesDoNotKnowIsSaidInDoubt() async throws {
        let (status, cells) = try await cells("actions NOPEX; actions AAPL")
        #expect(status == .ok)
        let text = TextRenderer.render(cells[0], style: .plain)
        #expect(
            text.contains(
                "alphavantage and eodhd do not know NOPEX, and polygon and fmp reported no events — which a vendor "
                    + "also answers for a symbol it does not know: check the symbol (`fetch NOPEX` says whether any "
                    + "source has its bars)"), "\(text)")
        let json = try #require(
            JSONSerialization.jsonObject(with: Data(JSONRenderer.render(cells[0]).utf8)) as? [String: Any])
        #expect((json["warnings"] as? [String])?.contains { $0.contains("do not know NOPEX") } == true, "\(json)")
        #expect(!TextRenderer.render(cells[1], style: .plain).contains("do not know"))
    }

    /// Every ticker of a batch comes back on split+dividend, whichever source served it, and a
    /// series across the split has no cliff.
    @Test func aBatchOnSplitDividendIsOneBasis() async throws {
        let (status, cells) = try await cells(
            "batch AAPL MSFT NVDA --from 2020-08-24 --to 2020-09-04 --basis split+dividend")
        #expect(status == .ok)
        guard case .batch(let report) = cells[0].output else { Issue.record("not a batch"); return }
        #expect(report.results.allSatisfy { $0.basis == .splitDividend && $0.adjustment != nil })
        let aapl = try #require(report.results.first)
        let closes = aapl.candles.map(\.close)
        #expect(zip(closes, closes.dropFirst()).allSatisfy { abs($1 / $0 - 1) < 0.5 }, "\(closes)")
    }
}
