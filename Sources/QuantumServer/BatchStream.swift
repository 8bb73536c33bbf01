import Hummingbird
import NIOCore
import QuantumCore
import ServiceLifecycle

/// The body of `POST /v1/batch`: NDJSON, one fetch object per line as each ticker finishes (not
/// in input order), then `{"summary": {...}, "elapsed_ms": N}`.
///
/// It always ends with the summary unless the client is gone: when the server shuts down
/// (SIGTERM/SIGINT) the batch is cancelled at once, so every ticker not finished is written with
/// the outcome `cancelled` (as the CLI batch marks them) and the chunked body ends properly. A
/// client that goes away cancels the work when its connection closes, even while no line is being
/// written (all tickers waiting for a rate-limit slot), not only at the next write.
struct BatchStream: Sendable {
    let engine: Engine
    let requests: [FetchRequest]
    let metrics: ServerMetrics
    /// The client's connection, watched for its closing.
    let channel: any Channel

    func write(to writer: inout any ResponseBodyWriter) async throws {
        let (finished, continuation) = AsyncStream<BatchProgress>.makeStream()
        let (engine, requests) = (engine, requests)
        let work = Task {
            let report = await engine.batch(requests) { continuation.yield($0) }
            continuation.finish()
            return report
        }
        let watcher = await PeerGoneHandler.watch(channel) { work.cancel() }
        defer { watcher?.stop(channel) }
        try await withTaskCancellationHandler {
            try await withGracefulShutdownHandler {
                var written = Set<Int>()
                do {
                    for await event in finished {
                        metrics.record(event.result)
                        try await writer.write(line(event.result))
                        written.insert(event.index)
                    }
                } catch {
                    // The client went away (the line could not be written): stop the work.
                    work.cancel()
                    _ = await work.value
                    throw error
                }
                let report = await work.value
                // Tickers a cancelled batch never started come back only in the report.
                for (index, result) in report.results.enumerated() where !written.contains(index) {
                    metrics.record(result)
                    try await writer.write(line(result))
                }
                let summary = JSONWriter.object([
                    ("summary", ResultJSON.batchSummary(report)),
                    ("elapsed_ms", String(ResultJSON.milliseconds(report.elapsed))),
                ])
                try await writer.write(ByteBuffer(string: summary + "\n"))
                try await writer.finish(nil)
            } onGracefulShutdown: {
                work.cancel()
            }
        } onCancel: {
            work.cancel()
        }
    }

    /// A fetch object with its quality report, as `GET /v1/candles` answers one.
    private func line(_ result: FetchResult) -> ByteBuffer {
        ByteBuffer(string: JSONWriter.object(ResultJSON.fetch(result, quality: engine.quality(of: result))) + "\n")
    }
}
