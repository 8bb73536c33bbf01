import Clocks
import Foundation
import QuantumTestSupport
import Synchronization
import Testing
@testable import QuantumCore

/// The one sink of the engine's events: listeners and subscribers hear them, a subscription holds
/// a bounded number, and a command's collector keeps only the events of its own task.
@Suite struct EngineEventsTests {
    static let refused = EngineEvent.keyRefused(.polygon, reason: "Unknown API Key")

    @Test func listenersAndSubscribersHearEachEvent() async throws {
        let events = EngineEvents()
        let heard = HeardEvents(events)
        var stream = events.subscribe().makeAsyncIterator()
        events.emit(Self.refused)
        #expect(heard.all == [Self.refused])
        #expect(await stream.next() == Self.refused)
    }

    @Test func aListenerThatStoppedHearsNothing() {
        let events = EngineEvents()
        let count = Mutex(0)
        let listener = events.listen { _ in count.withLock { $0 += 1 } }
        events.emit(Self.refused)
        events.stopListening(listener)
        events.emit(Self.refused)
        #expect(count.withLock { $0 } == 1)
    }

    @Test func aSubscriberThatFallsBehindKeepsOnlyTheNewest() async throws {
        let events = EngineEvents()
        var stream = events.subscribe(bufferingNewest: 4).makeAsyncIterator()
        for n in 1...100 { events.emit(.waitingForSlot([.polygon], wait: .seconds(n))) }
        // Nobody read: 96 were dropped, not held.
        var read: [EngineEvent] = []
        for _ in 0..<4 { if let event = await stream.next() { read.append(event) } }
        #expect(read == (97...100).map { .waitingForSlot([.polygon], wait: .seconds($0)) })
    }

    @Test func aCollectorKeepsOnlyItsOwnCommandsEvents() async throws {
        let events = EngineEvents()
        let first = EventCollector()
        let second = EventCollector()
        let (started, go) = AsyncStream.makeStream(of: Void.self)
        // Two commands at once, each emitting from its own task (and a task it starts).
        async let one: Void = first.collect {
            events.emit(.keyRefused(.polygon, reason: "first"))
            await Task { events.emit(.circuitOpened(.eodhd, cooldown: .seconds(30), failures: 5)) }.value
            go.yield()
        }
        async let two: Void = second.collect {
            var wait = started.makeAsyncIterator()
            _ = await wait.next()
            events.emit(.keyRefused(.fmp, reason: "second"))
        }
        _ = await (one, two)
        // And one outside any command.
        events.emit(.ledgerUnreadable(reason: "down"))
        #expect(
            first.events == [
                .keyRefused(.polygon, reason: "first"), .circuitOpened(.eodhd, cooldown: .seconds(30), failures: 5),
            ])
        #expect(second.events == [.keyRefused(.fmp, reason: "second")])
    }

    @Test func eachEventSaysItsKindSourceAndMessage() {
        let at = Date(timeIntervalSince1970: 1_764_000_000)
        let until = Date(timeIntervalSince1970: 1_764_028_800)
        let spent = EngineEvent.quotaSpent(.eodhd, reason: "limit reached", until: until, at: at)
        #expect(spent.kind == .quotaSpent && spent.sources == [.eodhd] && spent.isNotice)
        #expect(spent.message == "eodhd: its quota is spent (limit reached); not asked until 00:00 UTC (in 8h 0m)")
        let wait = EngineEvent.waitingForSlot([.eodhd, .fmp], wait: .seconds(41))
        #expect(wait.kind.rawValue == "waiting_for_slot" && !wait.isNotice && wait.isSaidAsItHappens)
        #expect(wait.message == "waiting 41s for a slot at eodhd, fmp (each is at its limit) — Ctrl-C to stop")
        #expect(EngineEvent.ledgerUnreadable(reason: "x").sources.isEmpty)
        #expect(!EngineEvent.circuitClosed(.polygon).isNotice)
    }
}
