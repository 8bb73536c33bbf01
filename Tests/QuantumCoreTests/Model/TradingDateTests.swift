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

    /// Every day from 1900 to 2100 and every 97th from year 1 to 9999 (and one past, where dates
    /// still print): the text is the parts zero-padded, and reads back as the same day.
    @Test func everyDayPrintsItsPartsAndReadsBack() {
        func padded(_ value: Int, _ width: Int) -> String {
            String(repeating: "0", count: width - String(value).count) + String(value)
        }
        let days =
            Array(
                Int32(
                    TradingDate.days(year: 1900, month: 1, day: 1))...Int32(
                        TradingDate.days(year: 2100, month: 12, day: 31)))
            + Array(stride(from: Int32(TradingDate.days(year: 1, month: 1, day: 1)), through: 2_932_896, by: 97))
        var wrong: [Int32] = []
        for n in days {
            let date = TradingDate(daysSinceEpoch: n)
            let (y, m, d) = date.parts
            let text = date.description
            if text != "\(padded(y, 4))-\(padded(m, 2))-\(padded(d, 2))" || TradingDate(text) != date {
                wrong.append(n)
            }
        }
        #expect(wrong.isEmpty)
        #expect(TradingDate(daysSinceEpoch: 2_932_897).description == "10000-01-01")
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
