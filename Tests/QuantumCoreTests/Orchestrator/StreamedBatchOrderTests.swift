import Clocks
import Foundation
import QuantumTestSupport
import Synchronization
import Testing
@testable import QuantumCore

/// The in-order batch a streamed export rides on: input order, and no ticker started more than
/// the window ahead of the first one still unfinished.
@Suite struct StreamedBatchOrderTests {
    /// Answers every ticker at once except `T0`, held until `release` requests have arrived.
    final class HeldFirst: HTTPTransport {
        let release: Int
        private let state = Mutex<(count: Int, waiting: CheckedContinuation<Void, Never>?)>((0, nil))

        init(release: Int) { self.release = release }

        var requests: Int { state.withLock { $0.count } }

        func get(_ request: ProviderRequest, timeout: Duration) async throws(TransportError) -> ProviderResponse {
            let opened: CheckedContinuation<Void, Never>? = state.withLock { s in
                s.count += 1
                guard s.count >= release else { return nil }
                defer { s.waiting = nil }
                return s.waiting
            }
            opened?.resume()
            if request.url.contains("/T0.") {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let now = state.withLock { s -> Bool in
                        if s.count >= release { return true }
                        s.waiting = continuation
                        return false
                    }
                    if now { continuation.resume() }
                }
            }
            return ProviderResponse(status: 200, text: OrchestratorTests.ok)
        }
    }

    @Test func resultsComeInInputOrderAndTheWindowBoundsWhatIsStartedAhead() async throws {
        let transport = HeldFirst(release: 4)
        let engine = stubEngine(
            transport, sources: [.eodhd], time: TimeSource(TestClock()), today: OrchestratorTests.today)
        let requests = (0..<8).map {
            FetchRequest(ticker: "T\($0)", from: TradingDate("2024-07-01")!, to: TradingDate("2024-07-05")!)
        }
        var delivered: [(index: Int, ticker: String, started: Int)] = []
        await engine.orchestrator.batch(
            count: requests.count, request: { requests[$0] }, concurrency: 2, window: 4
        ) { index, result in
            delivered.append((index, result.ticker, transport.requests))
            return true
        }
        #expect(delivered.map(\.index) == Array(0..<8))
        #expect(delivered.map(\.ticker) == requests.map(\.ticker))
        // T0 was held until T1…T3 were asked; with three finished ones waiting, T4 was not started.
        #expect(delivered[0].started == 4)
        #expect(delivered.allSatisfy { $0.started <= $0.index + 4 })
    }

    /// No ticker starts after a refusal, and every one is still delivered (the rest as
    /// `cancelled`), so the batch's tally counts all it was given.
    @Test func aDeliveryThatRefusesStopsTheBatch() async throws {
        let transport = HeldFirst(release: 1)
        let engine = stubEngine(
            transport, sources: [.eodhd], time: TimeSource(TestClock()), today: OrchestratorTests.today)
        let requests = (0..<20).map {
            FetchRequest(ticker: "T\($0)", from: TradingDate("2024-07-01")!, to: TradingDate("2024-07-05")!)
        }
        var delivered: [(index: Int, ok: Bool)] = []
        await engine.orchestrator.batch(
            count: requests.count, request: { requests[$0] }, concurrency: 2, window: 2
        ) { index, result in
            delivered.append((index, result.ok))
            return index < 2
        }
        #expect(delivered.map(\.index) == Array(0..<20))
        #expect(delivered.prefix(3).allSatisfy { $0.ok })
        #expect(transport.requests <= 6)
        #expect(delivered.filter(\.ok).count <= 6)
    }
}
