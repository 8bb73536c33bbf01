import Clocks
import Foundation
import QuantumSQLite
import QuantumTestSupport
import Synchronization
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

    /// Another process's grants leave no room: a fetch that would wait for this source (its cached
    /// series missing days) passes it over at once instead.
    @Test func roomCountsOtherProcessesGrants() async throws {
        let ledger = MemoryQuotaLedger(countsEveryWindow: true)
        let clock = TestClock()
        let (a, b) = governors(ledger, clock: clock)
        #expect(await b.hasRoom(.polygon))
        _ = try await a.reserve([.polygon], wait: false)
        #expect(await b.hasRoom(.polygon))
        _ = try await a.reserve([.polygon], wait: false)
        #expect(await !b.hasRoom(.polygon))
    }

    /// `limits` in a process that sent nothing says when another process's grants leave the window.
    @Test func aFullWindowSaysWhenItResetsInEveryProcess() async throws {
        let ledger = MemoryQuotaLedger(countsEveryWindow: true)
        let clock = TestClock()
        let (a, b) = governors(ledger, clock: clock)
        let first = try await a.reserve([.polygon], wait: false)
        let second = try await a.reserve([.polygon], wait: false)
        await a.report(.polygon, ticket: first.ticket, outcome: .ok)
        await a.report(.polygon, ticket: second.ticket, outcome: .ok)
        await clock.advance(by: .milliseconds(400))
        let window = try #require(await b.status().first { $0.id == .polygon }?.windows.first)
        #expect(window.used == 2 && window.resetsIn == .milliseconds(600), "\(window)")
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

    @Test func aMinutesLimitHoldsAcrossProcessesOnTheMachinesLedger() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-\(UUID().uuidString).sqlite")
            .path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let clock = TestClock()
        let time = TimeSource(clock, wallOrigin: Self.origin)
        let limits: [SourceID: [RateWindow]] = [.polygon: [RateWindow(count: 5, length: .seconds(60))]]
        // Three processes, each with its own connection to the machine's ledger.
        let governors = try (0..<3).map { _ in
            SourceGovernor(
                limits: limits, time: time, ledger: try SQLiteQuotaLedger(path: path), quotaKeys: [.polygon: Self.key])
        }
        var granted = 0
        for round in 0..<3 {
            for governor in governors {
                let reservation = try await governor.reserve([.polygon], wait: false)
                guard reservation.source == .polygon else { continue }
                granted += 1
                await clock.advance(by: .milliseconds(100))
                await governor.report(.polygon, ticket: reservation.ticket, outcome: .ok)
            }
            #expect(granted == min(5, 3 * (round + 1)), "round \(round)")
        }
        // Answered at 0.1 s, 0.2 s, …: the first stops counting a minute after its answer, the
        // second not yet.
        await clock.advance(by: .milliseconds(59_650))
        #expect(try await governors[2].reserve([.polygon], wait: false).source == .polygon)
        #expect(try await governors[0].reserve([.polygon], wait: false).source == nil)
    }

    @Test func aNextPageWaitsOutACoolDownAndIsNotAskedOnceTheQuotaIsSpent() async throws {
        let ledger = MemoryQuotaLedger(countsEveryWindow: true)
        let clock = TestClock()
        let said = Mutex<[String]>([])
        let governor = SourceGovernor(
            limits: [.polygon: [RateWindow(count: 10, length: .seconds(1))]],
            time: TimeSource(clock, wallOrigin: Self.origin), ledger: ledger, quotaKeys: [.polygon: Self.key],
            events: .saying { line in said.withLock { $0.append(line) } })
        let paging = try await governor.reserve([.polygon], wait: false)
        let other = try await governor.reserve([.polygon], wait: false)
        // Another ticker's request is answered 429 while the first is between its pages.
        await governor.report(.polygon, ticket: other.ticket, outcome: .rateLimited, retryAfter: .seconds(3))
        let page = Task { try await governor.continueAt(.polygon, after: paging.ticket) }
        #expect(await eventually { said.withLock { $0.count } == 1 })
        #expect(said.withLock { $0 } == ["waiting 3.0s for a polygon slot — Ctrl-C to stop"])
        #expect(
            try await ledger.used(Self.key, window: RateWindow(count: 10, length: .seconds(1)), now: Self.origin) == 2)
        await clock.advance(by: .seconds(3))
        let next = try await page.value
        // Then a third request says the day's quota is spent: the page after is not asked for.
        let third = try await governor.reserve([.polygon], wait: false)
        await governor.report(
            .polygon, ticket: third.ticket, outcome: .rateLimited, message: "spent", quotaSpent: true)
        await #expect(throws: QuotaSpentBetweenPages.self) {
            _ = try await governor.continueAt(.polygon, after: next)
        }
    }
}
