import Testing
@testable import QuantumCore

@Suite struct NYSECalendarTests {
    func date(_ text: String) -> TradingDate { TradingDate(text)! }

    @Test(arguments: [
        "2023-01-02", "2023-01-16", "2023-02-20", "2023-04-07", "2023-05-29", "2023-06-19", "2023-07-04",
        "2023-09-04", "2023-11-23", "2023-12-25",
        "2024-01-01", "2024-01-15", "2024-02-19", "2024-03-29", "2024-05-27", "2024-06-19", "2024-07-04",
        "2024-09-02", "2024-11-28", "2024-12-25",
        "2025-01-01", "2025-01-09", "2022-06-20", "2025-04-18", "2026-07-03", "2021-12-24", "2012-10-29", "2001-09-11",
    ])
    func holidaysAreClosed(_ text: String) {
        #expect(!NYSECalendar.isTradingDay(date(text)))
    }

    /// New Year's Day 2022 fell on a Saturday and was not observed on Friday 2021-12-31;
    /// Juneteenth was first observed in 2022, so 2021-06-18 traded.
    @Test(arguments: ["2021-12-31", "2023-01-03", "2021-06-18", "2024-11-29", "2023-04-10"])
    func ordinaryDaysTrade(_ text: String) {
        #expect(NYSECalendar.isTradingDay(date(text)))
    }

    @Test func yearCountsMatchTheExchange() {
        #expect(NYSECalendar.tradingDays(from: date("2023-01-01"), through: date("2023-12-31")).count == 250)
        #expect(NYSECalendar.tradingDays(from: date("2024-01-01"), through: date("2024-12-31")).count == 252)
        #expect(NYSECalendar.tradingDays(from: date("2019-01-01"), through: date("2019-12-31")).count == 252)
    }

    @Test func countsSessionsBackwards() {
        #expect(NYSECalendar.tradingDay(0, before: date("2023-01-08")) == date("2023-01-06"))  // Sunday → Friday
        // over New Year's observed
        #expect(NYSECalendar.tradingDay(1, before: date("2023-01-03")) == date("2022-12-30"))
        #expect(NYSECalendar.tradingDay(5, before: date("2023-01-10")) == date("2023-01-03"))
    }
}
