import Foundation
import QuantumTestSupport
import Testing
@testable import QuantumCore
import QuantumHTTP
@testable import QuantumScript
@testable import QuantumSimulator

/// `calendar`: what a user reads to see why a day was or was not expected.
@Suite struct CalendarCommandTests {
    static let today = TradingDate("2026-11-25")!

    func cells(_ text: String) async throws -> [Cell] {
        let server = try await SimulatorServer.start(Simulator(options: SimulatorOptions(today: Self.today)))
        var cells: [Cell] = []
        try await AsyncHTTPTransport.with { transport in
            let session = Session(
                engine: TestEngines.simulated(server, transport: transport, cacheEnabled: false, today: Self.today))
            _ = await ScriptRunner().run(try ScriptRunner.parse(text, origin: "t"), in: session) { cells.append($0) }
        }
        await server.stop()
        return cells
    }

    @Test func anExchangesDaysSayWhyEachWasExpectedOrNot() async throws {
        let cell = try #require(try await cells("calendar XNYS --from 1985-09-23 --to 1985-09-30").first)
        let text = TextRenderer.render(cell)
        #expect(text.hasPrefix("XNYS · New York Stock Exchange · America/New_York · closes 16:00"), "\(text)")
        #expect(text.contains("1985-09-23 … 1985-09-30: 5 sessions, closed on 1 weekday of 6"))
        #expect(text.contains("1985-09-27  Fri  closed"))
        #expect(text.contains("calendar data: 1885-01-01 … 2030-12-31 from pandas_market_calendars 5.5.0 NYSE"))
        let json = JSONRenderer.render(cell)
        #expect(json.contains(#""closures":["1985-09-27"]"#) && json.contains(#""exchange":"NYSE""#), "\(json)")
    }

    @Test func aTickerShowsItsExchangesCalendarWithEarlyCloses() async throws {
        let cell = try #require(try await cells("calendar SAP.F --from 2024-12-20 --to 2025-01-03").first)
        let text = TextRenderer.render(cell)
        #expect(text.hasPrefix("SAP.F: XFRA · Frankfurt Stock Exchange · Europe/Berlin"), "\(text)")
        #expect(text.contains("2024-12-24  Tue  closed") && text.contains("2024-12-30  Mon  session, closes 14:00"))
    }

    @Test func anUnknownExchangeIsSaidToBeUnknown() async throws {
        let cell = try #require(try await cells("calendar ABC.BE --from 2024-12-23 --to 2024-12-27").first)
        let text = TextRenderer.render(cell)
        #expect(text.contains("unknown (BE)") && text.contains("missing days are not judged"), "\(text)")
    }

    @Test func theListNamesEveryExchangeAndTheData() async throws {
        let cell = try #require(try await cells("calendar").first)
        let text = TextRenderer.render(cell)
        #expect(text.contains("XLON  LSE") && text.contains("XNAS") && text.contains("(on XNYS's sessions)"), "\(text)")
        #expect(text.contains("calendar data: exchange_calendars 4.13.2") && text.contains("(built in)"))
    }

    @Test(arguments: [
        ("calendar update", "calendar update needs a file"),
        ("calendar --days 5", "calendar needs an exchange or a ticker for a range"),
        ("calendar XNYS extra", "calendar takes one exchange or ticker"),
    ])
    func mistakesAreUsageErrors(_ line: String, _ said: String) {
        #expect(throws: ScriptError.self) { try ScriptRunner.parse(line, origin: "t") }
        do {
            _ = try ScriptRunner.parse(line, origin: "t")
        } catch {
            #expect("\(error)".contains(said), "\(error)")
        }
    }

    @Test func aMistypedMICIsSaid() async throws {
        let cell = try #require(try await cells("calendar XLOM --from 2024-01-01 --to 2024-01-03").first)
        #expect(TextRenderer.render(cell).contains("note: XLOM is no exchange's MIC in the calendar data"))
    }

    @Test(arguments: [
        ("# quantum exchange calendars v1\n", "it has no XNYS record"),
        ("", "the first line is"),
    ])
    func aFileWithoutTheExchangesIsRefused(_ text: String, _ said: String) async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cal-\(UUID().uuidString).txt")
        try text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let cell = try #require(try await cells("calendar update \(file.path)").first)
        #expect(cell.failure?.contains(said) == true, "\(cell.failure ?? "")")
        #expect(ExchangeCalendars.current.origin == "built in")
    }

    @Test func aMissingFileIsSaidInOneLine() async throws {
        let cell = try #require(try await cells("calendar update /nonexistent/calendars.txt").first)
        #expect(cell.failure == "calendar update /nonexistent/calendars.txt: no such file")
    }

    @Test func aBrokenCalendarFileIsRefusedAndTheDataInUseStays() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cal-\(UUID().uuidString).txt")
        try "not a calendar\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let cell = try #require(try await cells("calendar update \(file.path)").first)
        #expect(cell.failure?.contains("a record starts with X or A") == true, "\(cell.failure ?? "")")
        #expect(ExchangeCalendars.current.origin == "built in")
    }
}
