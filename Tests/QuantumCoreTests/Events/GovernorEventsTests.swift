import Clocks
import Foundation
import QuantumTestSupport
import Testing
@testable import QuantumCore

/// What the governor emits as a source's circuit opens and closes again.
@Suite struct GovernorEventsTests {
    @Test func aCircuitOpensAndAnAnsweredProbeClosesIt() async throws {
        let clock = TestClock()
        let governor = SourceGovernor(
            limits: [.polygon: []], time: TimeSource(clock),
            breaker: CircuitBreaker(threshold: 2, cooldown: .seconds(10)))
        let heard = HeardEvents(governor.events)
        for _ in 0..<2 {
            let reservation = try await governor.reserve([.polygon])
            await governor.report(.polygon, ticket: reservation.ticket, outcome: .serverError)
        }
        #expect(heard.all == [.circuitOpened(.polygon, cooldown: .seconds(10), failures: 2)])
        #expect(
            heard.messages == ["polygon: circuit open for 10s after 2 failures in a row; other sources serve meanwhile"]
        )
        #expect(try await governor.reserve([.polygon], wait: false).source == nil)
        await clock.advance(by: .seconds(10))
        let probe = try await governor.reserve([.polygon], wait: false)
        #expect(probe.source == .polygon)
        await governor.report(.polygon, ticket: probe.ticket, outcome: .ok)
        #expect(heard.all.last == .circuitClosed(.polygon))
        #expect(await governor.status().first?.breaker == .closed)
    }

    @Test func aSuccessWhileClosedSaysNothing() async throws {
        let governor = SourceGovernor(limits: [.polygon: []])
        let heard = HeardEvents(governor.events)
        let reservation = try await governor.reserve([.polygon])
        await governor.report(.polygon, ticket: reservation.ticket, outcome: .ok)
        #expect(heard.all.isEmpty)
    }
}
