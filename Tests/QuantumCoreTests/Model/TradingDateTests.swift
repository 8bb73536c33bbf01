import Foundation
import Testing
@testable import QuantumCore

@Suite struct TradingDateTests {
    @Test func parsesAndFormatsRoundTrip() throws {
        for text in ["1970-01-01", "1969-12-31", "2000-02-29", "2023-01-10", "2038-01-19", "1993-04-01"] {
            let date = try #require(TradingDate(text))
            #expect(date.description == text)
        }
        #expect(TradingDate("1970-01-02")?.daysSinceEpoch == 1)
        #expect(TradingDate("1969-12-31")?.daysSinceEpoch == -1)
    }

    @Test(arguments: [
        "2023-02-29", "2023-13-01", "2023-00-10", "2023-1-10", "20230110", "2023-01-1x", "", "2023-01-32",
    ])
    func rejectsInvalidDates(_ text: String) {
        #expect(TradingDate(text) == nil)
    }

    @Test func weekdaysAreRight() throws {
        #expect(try #require(TradingDate("2023-01-10")).weekday == 2)  // a Tuesday
        #expect(try #require(TradingDate("2026-11-28")).isWeekend)  // a Saturday
        #expect(try #require(TradingDate("1969-12-28")).weekday == 0)  // a Sunday before the epoch
    }

    @Test func agreesWithFoundationOverCenturies() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for days in stride(from: -40_000, through: 40_000, by: 37) {
            let date = TradingDate(daysSinceEpoch: Int32(days))
            let parts = calendar.dateComponents(
                [.year, .month, .day], from: Date(timeIntervalSince1970: Double(days) * 86_400))
            #expect(date.parts.year == parts.year && date.parts.month == parts.month && date.parts.day == parts.day)
        }
    }
}
