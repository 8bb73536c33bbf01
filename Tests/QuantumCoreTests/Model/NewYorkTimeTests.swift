import Foundation
import Testing
@testable import QuantumCore

@Suite struct NewYorkTimeTests {
    @Test func recordedPolygonStampsMapToNewYorkDates() {
        #expect(NewYorkTime.date(epochMilliseconds: 1_673_326_800_000).description == "2023-01-10")  // 05:00Z, EST
        #expect(NewYorkTime.date(epochMilliseconds: 1_112_331_600_000).description == "2005-04-01")  // 05:00Z, EST
        #expect(NewYorkTime.date(epochMilliseconds: 1_112_587_200_000).description == "2005-04-04")  // 04:00Z, EDT
        #expect(NewYorkTime.date(epochMilliseconds: 1_651_003_200_000).description == "2022-04-26")  // 16:00 ET (/prev)
    }

    @Test func lateEveningInNewYorkIsNotTheNextUTCDay() {
        // 2023-07-03 23:30 EDT = 2023-07-04 03:30Z.
        #expect(NewYorkTime.date(epochMilliseconds: 1_688_441_400_000).description == "2023-07-03")
    }

    @Test func offsetsAgreeWithTheTimeZoneDatabaseAcrossDaylightSaving() throws {
        let zone = try #require(TimeZone(identifier: "America/New_York"))
        // Every 3 hours from 1985 to 2040 crosses every transition on both rule sets.
        var s: Int64 = 473_385_600
        while s < 2_208_988_800 {
            let expected = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(s)))
            #expect(NewYorkTime.utcOffsetSeconds(atEpochSeconds: s) == expected, "at \(s)")
            s += 3 * 3600
        }
    }

    /// Hourly from 1987 to 2200 and every minute of the hours around each change: the offset
    /// looked up by year agrees with the rules applied to the instant's own UTC year.
    @Test func offsetsLookedUpByYearAgreeWithTheRules() {
        func rules(_ s: Int64) -> Int {
            let year = TradingDate(daysSinceEpoch: Int32(s.floorDivided(by: 86_400))).parts.year
            let (start, end) = NewYorkTime.daylightSavingBounds(year: year)
            return s >= start && s < end ? -14_400 : -18_000
        }
        var mismatches: [Int64] = []
        var s: Int64 = 536_457_600  // 1987-01-01
        while s < 7_258_118_400 {  // 2200-01-01
            if NewYorkTime.utcOffsetSeconds(atEpochSeconds: s) != rules(s) { mismatches.append(s) }
            s += 3600
        }
        for year in 1987...2199 {
            let (start, end) = NewYorkTime.daylightSavingBounds(year: year)
            for change in [start, end] {
                for s in stride(from: change - 3600, through: change + 3600, by: 60)
                where NewYorkTime.utcOffsetSeconds(atEpochSeconds: s) != rules(s) {
                    mismatches.append(s)
                }
            }
        }
        #expect(mismatches.isEmpty)
    }

    @Test func everyNewYorkMidnightMapsToItsOwnDate() throws {
        let zone = try #require(TimeZone(identifier: "America/New_York"))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        var day = try #require(calendar.date(from: DateComponents(year: 1990, month: 1, day: 1)))
        let end = try #require(calendar.date(from: DateComponents(year: 2035, month: 1, day: 1)))
        while day < end {
            let parts = calendar.dateComponents([.year, .month, .day], from: day)
            let expected = try #require(TradingDate(year: parts.year!, month: parts.month!, day: parts.day!))
            #expect(NewYorkTime.date(epochMilliseconds: Int64(day.timeIntervalSince1970 * 1000)) == expected)
            day = try #require(calendar.date(byAdding: .day, value: 1, to: day))
        }
    }
}
