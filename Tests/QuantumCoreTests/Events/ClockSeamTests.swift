import Clocks
import Foundation
import Testing
@testable import QuantumCore

/// One clock gives now, today and whether a session has closed, all from the same wall time.
@Suite struct ClockSeamTests {
    @Test func todayAndTheCloseFollowATestClocksWallTime() async throws {
        let clock = TestClock()
        // 2026-11-25 20:30 UTC is 15:30 in New York: NYSE's session is still open.
        let time = TimeSource(clock, wallOrigin: Date(timeIntervalSince1970: 1_795_638_600))
        let day = TradingDate("2026-11-25")!
        #expect(time.today() == day)
        #expect(!time.sessionIsOver(day, .nyse) && time.sessionIsOver(TradingDate("2026-11-24")!, .nyse))
        await clock.advance(by: .seconds(30 * 60))
        #expect(time.sessionIsOver(day, .nyse))
        // 04:30 New York the next day.
        await clock.advance(by: .seconds(12 * 3600 + 30 * 60))
        #expect(time.today() == TradingDate("2026-11-26")!)
    }

    @Test func aPinnedTodayKeepsTheRestOfTheClock() async throws {
        let clock = TestClock()
        let time = TimeSource(clock, wallOrigin: Date(timeIntervalSince1970: 1_795_638_600))
            .with(today: { TradingDate("2024-01-15")! })
        #expect(time.today() == TradingDate("2024-01-15")!)
        await clock.advance(by: .seconds(5))
        #expect(time.now() == Moment(.seconds(5)) && time.wallNow() == Date(timeIntervalSince1970: 1_795_638_605))
        #expect(!time.sessionIsOver(TradingDate("2026-11-25")!, .nyse))
    }
}
