import Testing
@testable import QuantumCore

/// The ledgers a process holds for derived bases stay bounded however many tickers a batch has.
struct ActionLedgersTests {
    static func read(_ ticker: String) -> ActionsResult {
        ActionsResult(kept: [], ticker: ticker, simulated: true)
    }

    @Test func atCapacityTheLedgersReadAreDroppedAndAReadUnderWayStays() async {
        let ledgers = ActionLedgers(capacity: 3)
        for ticker in ["A", "B"] {
            _ = await ledgers.ledger(ticker, now: .zero) { Self.read(ticker) }
        }
        // A read under way when the capacity is reached.
        let (started, began) = AsyncStream.makeStream(of: Void.self)
        let (release, go) = AsyncStream.makeStream(of: Void.self)
        let slow = Task {
            await ledgers.ledger("C", now: .zero) {
                began.yield()
                for await _ in release { break }
                return Self.read("C")
            }
        }
        for await _ in started { break }
        // The fourth key finds three held: "A" and "B" (read) go, "C" (under way) stays.
        _ = await ledgers.ledger("D", now: .zero) { Self.read("D") }
        #expect(ledgers.alreadyRead("A", now: .zero) == nil)
        #expect(ledgers.alreadyRead("B", now: .zero) == nil)
        #expect(ledgers.alreadyRead("D", now: .zero)?.ticker == "D")
        go.yield()
        #expect(await slow.value.ticker == "C")
        #expect(ledgers.alreadyRead("C", now: .zero)?.ticker == "C")
        // A ledger dropped is read again when asked.
        #expect(await ledgers.ledger("A", now: .zero) { Self.read("A read again") }.ticker == "A read again")
    }
}
