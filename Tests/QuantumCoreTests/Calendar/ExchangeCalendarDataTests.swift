import Foundation
import Testing
@testable import QuantumCore

/// The calendar data the binary carries (generated from exchange_calendars): every record reads,
/// the exchanges the issue names are there, and real closures are where history puts them.
@Suite struct ExchangeCalendarDataTests {
    static func day(_ text: String) -> TradingDate { TradingDate(text)! }

    @Test func everyRecordReadsAndAtLeastFiftyExchangesAreThere() throws {
        let checked = try ExchangeCalendars(text: ExchangeCalendarData.text, origin: "test")
        #expect(checked.mics.count >= 50)
        for mic in checked.mics { #expect(checked.calendar(mic) != nil, "\(mic)") }
        for mic in [
            "XNYS", "XNAS", "XLON", "XETR", "XFRA", "XPAR", "XAMS", "XSWX", "XMIL", "XMAD", "XSTO", "XTSE", "XTSX",
            "XASX", "XHKG", "XTKS", "XKRX", "XSHG", "XSHE", "XBOM", "XNSE", "BVMF", "XJSE",
        ] {
            #expect(checked.mics.contains(mic), "\(mic)")
        }
        #expect(checked.provenance.hasPrefix("exchange_calendars 4.13.2"))
    }

    @Test func nyseReachesBackTo1885() throws {
        let nyse = try #require(ExchangeCalendars.builtIn.calendar("XNYS"))
        #expect(nyse.first == Self.day("1885-01-01") && nyse.timeZone == "America/New_York")
    }

    /// NYSE closures before 2001 that the rules of today do not know.
    @Test(arguments: [
        "1985-09-27",  // Hurricane Gloria
        "1994-04-27",  // President Nixon's funeral
        "1977-07-14",  // the New York City blackout
        "1963-11-25",  // President Kennedy's funeral
        "1968-02-12",  // Lincoln's Birthday, a holiday until 1953 and in 1968
        "1972-11-07",  // Election Day, a holiday until 1968, then in presidential years until 1980
        "1963-11-28",  // Thanksgiving, in a year before the rules of today
        "1950-12-25", "1885-07-04", "1968-11-05",  // Christmas, Independence Day, Election Day of old
        "2001-09-11", "2012-10-29", "2025-01-09",
    ])
    func nyseClosures(_ date: String) {
        #expect(!NYSECalendar.isTradingDay(Self.day(date)))
        #expect(!ListingCalendar.nyse.mayTrade(Self.day(date)))
    }

    /// Saturday sessions before 1952, and the early close of 1963-11-22 (President Kennedy shot).
    @Test func nyseSaturdaysAndOldEarlyCloses() {
        #expect(
            NYSECalendar.isTradingDay(Self.day("1890-01-04")) && ListingCalendar.nyse.mayTrade(Self.day("1890-01-04")))
        #expect(NYSECalendar.tradingDays(from: Self.day("1890-01-01"), through: Self.day("1890-01-07")).count == 5)
        #expect(NYSECalendar.closeMinutes(Self.day("1890-01-04")) == 12 * 60)
        #expect(NYSECalendar.closeMinutes(Self.day("1963-11-22")) == 14 * 60 + 7)
        #expect(NYSECalendar.closeMinutes(Self.day("1963-11-26")) == 15 * 60 + 30)
        #expect(!NYSECalendar.isTradingDay(Self.day("1953-01-03")))
    }

    @Test func nyseSessionsAroundClosuresAreKept() {
        #expect(NYSECalendar.tradingDays(from: Self.day("1985-09-23"), through: Self.day("1985-09-30")).count == 5)
        #expect(NYSECalendar.isTradingDay(Self.day("1985-09-26")) && NYSECalendar.isTradingDay(Self.day("1994-04-28")))
    }

    /// Other exchanges' holidays and closures, by their own calendars.
    @Test(arguments: [
        ("XFRA", "2024-12-24", false), ("XFRA", "2024-12-31", false), ("XFRA", "2024-12-27", true),
        ("XHKG", "2024-02-12", false), ("XHKG", "2024-02-13", false), ("XHKG", "2024-02-14", true),
        ("XLON", "2022-09-19", false),  // Queen Elizabeth II's funeral
        ("XLON", "2023-05-08", false),  // the King's coronation
        ("XTSE", "2024-07-01", false), ("XASX", "2020-11-26", true), ("XTKS", "2024-01-02", false),
        ("XNAS", "1985-09-27", false), ("XSHE", "2024-02-12", false),
        ("XHKG", "2023-09-01", false),  // Typhoon Saola
        ("XHKG", "2023-09-08", false),  // black rainstorm
        ("XTKS", "1998-05-06", true),  // an ordinary Wednesday
        ("XSAU", "2026-11-29", true), ("XSAU", "2026-11-27", false),  // Sunday to Thursday
    ])
    func otherExchangesClosures(_ mic: String, _ date: String, _ trades: Bool) throws {
        let calendar = ListingCalendar.exchange(mic)
        #expect(calendar.mayTrade(Self.day(date)) == trades, "\(mic) \(date)")
    }

    /// Early closes, in the exchange's own time.
    @Test func earlyClosesAreTheExchangesOwn() throws {
        #expect(NYSECalendar.closeMinutes(Self.day("2024-11-29")) == 13 * 60)
        #expect(NYSECalendar.closeMinutes(Self.day("2024-11-27")) == 16 * 60)
        #expect(ListingCalendar.exchange("XLON").closeMinutes(Self.day("2024-12-24")) == 12 * 60 + 30)
        #expect(ListingCalendar.exchange("XLON").closeMinutes(Self.day("2024-12-23")) == 16 * 60 + 30)
        #expect(ListingCalendar.exchange("XHKG").closeMinutes(Self.day("2024-02-09")) == 12 * 60)
    }

    /// Today's bar is due after the exchange's own close in its own time zone.
    @Test func aSessionIsOverAtTheExchangesCloseInItsTimeZone() {
        let london = ListingCalendar.exchange("XLON")
        let day = Self.day("2024-07-01")
        // 16:29 and 16:31 London (BST, UTC+1) are 15:29 and 15:31 UTC.
        let before = Date(timeIntervalSince1970: Double(day.daysSinceEpoch) * 86_400 + 15 * 3600 + 29 * 60)
        let after = before.addingTimeInterval(120)
        #expect(!london.sessionIsOver(day, at: before) && london.sessionIsOver(day, at: after))
        // Tokyo closes (15:30 JST, 06:30 UTC) before New York opens.
        let tokyo = ListingCalendar.exchange("XTKS")
        let tokyoDay = Self.day("2025-07-01")
        let morningUTC = Date(timeIntervalSince1970: Double(tokyoDay.daysSinceEpoch) * 86_400 + 7 * 3600)
        #expect(tokyo.sessionIsOver(tokyoDay, at: morningUTC))
        #expect(!ListingCalendar.nyse.sessionIsOver(tokyoDay, at: morningUTC))
    }

    /// A range outside an exchange's data is not judged; NYSE's rules reach past its data.
    @Test func rangesOutsideTheDataAreNotJudged() {
        let london = ListingCalendar.exchange("XLON")
        #expect(london.judges(from: Self.day("2024-01-01"), through: Self.day("2024-12-31")))
        #expect(!london.judges(from: Self.day("1985-01-01"), through: Self.day("1985-12-31")))
        #expect(
            london.whyNotJudged(from: Self.day("1985-01-01"), through: Self.day("1985-12-31"))?.contains("XLON") == true
        )
        #expect(ListingCalendar.nyse.judges(from: Self.day("1850-01-01"), through: Self.day("2040-12-31")))
    }

    @Test func aFileThatDoesNotReadIsRefusedWithItsLine() {
        #expect(throws: ExchangeCalendars.FormatError.self) {
            try ExchangeCalendars(text: "# quantum exchange calendars v1\nX|XNYS|broken\n", origin: "t")
        }
        #expect(throws: ExchangeCalendars.FormatError.self) {
            try ExchangeCalendars(text: "X|XNYS|a|b|c|d|e|f|g|h|i\n", origin: "t")
        }
    }

    /// A newer file is checked and installed in the config folder, where later processes find it.
    /// (Using it changes every listing's calendar in the process, so tests, which run at once,
    /// read it without using it.)
    @Test func aNewerFileIsInstalledInTheConfigFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cal-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        // The built-in data with 2024-07-05 (a Friday) made a closure of XNYS.
        let nyse = try #require(ExchangeCalendars.builtIn.calendar("XNYS"))
        let closures = nyse.closures(from: nyse.first, through: nyse.last) + [Self.day("2024-07-05")]
        var gaps: [String] = []
        var previous = nyse.first.adding(days: -1)
        for day in closures.sorted() {
            gaps.append(String(previous.days(to: day), radix: 36))
            previous = day
        }
        let lines = ExchangeCalendarData.text.split(separator: "\n").map { line -> String in
            if line.hasPrefix("# source: ") { return "# source: a test file" }
            guard line.hasPrefix("X|XNYS|") else { return String(line) }
            var fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            fields[8] = gaps.joined(separator: ",")
            return fields.joined(separator: "|")
        }
        let text = lines.joined(separator: "\n") + "\n"
        let source = folder.appendingPathComponent("new.txt")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try text.write(to: source, atomically: true, encoding: .utf8)
        #expect(NYSECalendar.isTradingDay(Self.day("2024-07-05")))
        let installed = try ExchangeCalendars.install(
            from: source.path, environment: ["XDG_CONFIG_HOME": folder.path])
        #expect(installed.origin == folder.path + "/quantum/calendars.txt" && installed.provenance == "a test file")
        #expect(installed.calendar("XNYS")?.isSession(Self.day("2024-07-05")) == false)
        let found = try ExchangeCalendars.userFile(environment: ["XDG_CONFIG_HOME": folder.path]).get()
        #expect(found?.calendar("XNYS")?.isSession(Self.day("2024-07-05")) == false)
        #expect(found?.calendar("XNYS")?.isSession(Self.day("2024-07-03")) == true)
        // A broken file is refused, and the data in use stays.
        try "X|XNYS|broken\n".write(to: source, atomically: true, encoding: .utf8)
        #expect(throws: ExchangeCalendars.FormatError.self) {
            try ExchangeCalendars.install(from: source.path, environment: ["XDG_CONFIG_HOME": folder.path])
        }
        #expect(ExchangeCalendars.current.origin == "built in")
    }
}
