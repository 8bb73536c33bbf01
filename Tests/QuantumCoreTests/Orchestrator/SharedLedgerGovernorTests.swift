import Clocks
import Foundation
import Testing
@testable import QuantumCore

/// Governors (one per process) sharing a ledger that counts every window: a second's limit holds
/// across them, each grant counted until its answer, pages included.
@Suite struct SharedLedgerGovernorTests {
    static let origin = Date(timeIntervalSince1970: 1_800_000_000)
    static let limits: [SourceID: [RateWindow]] = [.polygon: [RateWindow(count: 2, length: .seconds(1))]]
    static let key = QuotaKey(provider: .polygon, apiKey: "team")

    func governors(_ ledger: any QuotaLedger, clock: TestClock<Duration>) -> (SourceGovernor, SourceGovernor) {
        let time = TimeSource(clock, wallOrigin: Self.origin)
        return (
            SourceGovernor(limits: Self.limits, time: time, ledger: ledger, quotaKeys: [.polygon: Self.key]),
            SourceGovernor(limits: Self.limits, time: time, ledger: ledger, quotaKeys: [.polygon: Self.key])
        )
    }

    @Test func aSecondsLimitHoldsAcrossProcesses() async throws {
        let ledger = MemoryQuotaLedger(countsEveryWindow: true)
        let clock = TestClock()
        let (a, b) = governors(ledger, clock: clock)
        let first = try await a.reserve([.polygon], wait: false)
        let second = try await b.reserve([.polygon], wait: false)
        #expect(first.source == .polygon && second.source == .polygon)
        // Both in flight: neither process may send a third, though each has sent only one.
        let third = try await a.reserve([.polygon], wait: false)
        #expect(third.source == nil && third.passedOver.first?.message.hasPrefix("at its rate limit") == true)
        await clock.advance(by: .milliseconds(100))
        await a.report(.polygon, ticket: first.ticket, outcome: .ok)
        await b.report(.polygon, ticket: second.ticket, outcome: .ok)
        // Answered at 0.1 s: they stop counting at 1.1 s, not before.
        await clock.advance(by: .milliseconds(950))
        #expect(try await b.reserve([.polygon], wait: false).source == nil)
        await clock.advance(by: .milliseconds(60))
        #expect(try await b.reserve([.polygon], wait: false).source == .polygon)
        #expect(try await ledger.used(Self.key, window: Self.limits[.polygon]![0], now: Self.origin + 1.11) == 1)
    }

    @Test func aNextPageIsAGrantOfItsOwn() async throws {
        let ledger = MemoryQuotaLedger(countsEveryWindow: true)
        let clock = TestClock()
        let (a, b) = governors(ledger, clock: clock)
        let first = try await a.reserve([.polygon], wait: false)
        let page = Task { try await a.continueAt(.polygon, after: first.ticket) }
        _ = try await page.value
        // The first page answered, the second in flight: another process finds no room.
        #expect(try await b.reserve([.polygon], wait: false).source == nil)
        #expect(try await ledger.used(Self.key, window: Self.limits[.polygon]![0], now: Self.origin) == 2)
    }
}
