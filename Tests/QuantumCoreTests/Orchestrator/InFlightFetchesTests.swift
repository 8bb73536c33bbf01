import Synchronization
import QuantumTestSupport
import Testing

@testable import QuantumCore

/// Identical fetches under way share one run; a shared run is cancelled only when every caller is.
@Suite struct InFlightFetchesTests {
    let request = FetchRequest(ticker: "AAPL", from: TradingDate("2024-01-02")!, to: TradingDate("2024-01-05")!)

    /// A run that counts its starts and finishes only when released (or cancelled).
    final class GatedRun: Sendable {
        let starts = Mutex(0)
        let gate: AsyncStream<Void>
        let open: AsyncStream<Void>.Continuation

        init() {
            (gate, open) = AsyncStream<Void>.makeStream()
        }

        func run(_ request: FetchRequest) async -> FetchResult {
            starts.withLock { $0 += 1 }
            for await _ in gate { break }
            return FetchResult(request: request, cached: Task.isCancelled ? -1 : 7)
        }
    }

    @Test func concurrentIdenticalRequestsShareOneRun() async {
        let inFlight = InFlightFetches()
        let gated = GatedRun()
        let request = request
        await withTaskGroup(of: FetchResult.self) { group in
            for _ in 0..<20 { group.addTask { await inFlight.fetch(request) { await gated.run(request) } } }
            #expect(await eventually { inFlight.waiters(for: request) == 20 })
            gated.open.yield()
            var results: [FetchResult] = []
            for await result in group { results.append(result) }
            #expect(results.count == 20 && results.allSatisfy { $0.cached == 7 })
        }
        #expect(gated.starts.withLock { $0 } == 1)
        #expect(inFlight.shared == 19)
        #expect(inFlight.waiters(for: request) == 0)
    }

    @Test func differentRequestsRunApartAndAFinishedRunIsNotJoined() async {
        let inFlight = InFlightFetches()
        let gated = GatedRun()
        let other = FetchRequest(ticker: "AAPL", from: request.from, to: request.to, pinned: .polygon)
        gated.open.finish()
        _ = await inFlight.fetch(request) { await gated.run(self.request) }
        _ = await inFlight.fetch(request) { await gated.run(self.request) }
        _ = await inFlight.fetch(other) { await gated.run(other) }
        #expect(gated.starts.withLock { $0 } == 3)
        #expect(inFlight.shared == 0)
    }

    @Test func oneCallerCancelledLeavesTheSharedRunToTheOthers() async {
        let inFlight = InFlightFetches()
        let gated = GatedRun()
        let request = request
        let leaving = Task { await inFlight.fetch(request) { await gated.run(request) } }
        let staying = Task { await inFlight.fetch(request) { await gated.run(request) } }
        #expect(await eventually { inFlight.waiters(for: request) == 2 })
        leaving.cancel()
        #expect(await eventually { inFlight.waiters(for: request) == 1 })
        gated.open.yield()
        #expect(await staying.value.cached == 7)
        _ = await leaving.value
    }

    @Test func everyCallerCancelledCancelsTheRun() async {
        let inFlight = InFlightFetches()
        let gated = GatedRun()
        let request = request
        let only = Task { await inFlight.fetch(request) { await gated.run(request) } }
        #expect(await eventually { inFlight.waiters(for: request) == 1 })
        only.cancel()
        #expect(await only.value.cached == -1)
        #expect(inFlight.waiters(for: request) == 0)
    }
}
