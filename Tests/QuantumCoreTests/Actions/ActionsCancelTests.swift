import QuantumTestSupport
import Testing
@testable import QuantumCore

/// Ctrl-C while a source has not answered: the result says it was cancelled and which source's
/// report it lacks; it is never a ledger that looks whole.
struct ActionsCancelTests {
    /// Polygon answers at once; EODHD says it started, then waits until cancelled.
    struct HeldTransport: HTTPTransport {
        let started: AsyncStream<Void>.Continuation

        func get(_ request: ProviderRequest, timeout: Duration) async throws(TransportError) -> ProviderResponse {
            guard request.url.contains("/api/") else { return DerivedBasisTests.answer(request) }
            started.yield()
            do {
                try await Task.sleep(for: .seconds(3600))
            } catch {
                throw .cancelled
            }
            return ProviderResponse(status: 500, text: "never")
        }
    }

    @Test func aCancelledLedgerSaysWhatItLacks() async {
        let (signals, started) = AsyncStream<Void>.makeStream()
        let orchestrator = Orchestrator(
            sources: [PolygonSource() as any DataSource, EODHDSource()].map {
                ConfiguredSource(source: $0, endpoint: SourceEndpoint(baseURL: "http://test.invalid", key: "k"))
            },
            fetcher: SourceFetcher(transport: HeldTransport(started: started), redactor: Redactor(secrets: ["k"])))
        let task = Task { await orchestrator.actions("XYZ") }
        var waiting = signals.makeAsyncIterator()
        _ = await waiting.next()
        task.cancel()
        let result = await task.value
        #expect(result.failure?.kind == .cancelled)
        #expect(
            result.failure?.message.contains("cancelled before eodhd answered") == true,
            "\(result.failure?.message ?? "")")
        #expect(result.answered == [.polygon])
    }
}
