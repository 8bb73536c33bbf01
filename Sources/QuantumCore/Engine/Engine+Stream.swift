extension Engine {
    /// Many tickers, each written to `path` as soon as it and every ticker before it are served
    /// (see `ExportStream`: a temporary file renamed into place at the end, the manifest last),
    /// keeping only a summary per ticker. At most `concurrency` (default: the engine's) are in
    /// flight and at most `window` finished ones wait for an earlier ticker, so memory is bounded
    /// by those, not by the number of tickers. An in-memory cache is neither read nor written
    /// (it would hold the whole pull); a cache on disk is used as by `batch`. When the task is
    /// cancelled, or a write fails, the batch stops and the file is not put in place. Throws
    /// only when the file cannot be started, before anything is fetched.
    public func batch(
        _ requests: [FetchRequest], concurrency: Int? = nil, exportingTo path: String, format: ExportFormat,
        progress: @escaping @Sendable (BatchProgress) -> Void = { _ in }
    ) async throws(ExportError) -> StreamedBatch {
        let stream = try ExportStream(path: path, format: format)
        let inMemory = cacheEnabled && cache?.store.holdsInMemory == true
        let orchestrator =
            inMemory
            ? Self.orchestrator(parts, settings: settings, governor: governor, cache: nil, history: history)
            : self.orchestrator
        let started = parts.time.now()
        let rate = allowedRate(pinned: requests.first?.pinned)
        let inFlight = max(1, concurrency ?? self.concurrency)
        var summaries: [TickerSummary] = []
        summaries.reserveCapacity(requests.count)
        var failure: String?
        await orchestrator.batch(
            requests, concurrency: inFlight, window: inFlight * StreamedBatch.windowPerTicker,
            progress: { event in
                var event = event
                event.allowedRate = rate
                progress(event)
            }
        ) { _, result in
            summaries.append(TickerSummary(result))
            do throws(ExportError) {
                try stream.append(result)
                return true
            } catch {
                failure = error.description
                return false
            }
        }
        let range = requests.first.map { ($0.from, $0.to) }
        var report = StreamedBatch(
            summaries: summaries, requests: requests.first, elapsed: started.duration(to: parts.time.now()))
        if inMemory {
            report.notes.append("the in-memory cache was not used: a streamed batch keeps no candles in memory")
        }
        if let failure {
            stream.abandon()
            report.exportError = failure + "; the batch stopped and \(path) was not written"
        } else if report.cancelled > 0 {
            stream.abandon()
            report.exportError = "the batch was cancelled: \(path) was not written (its temporary file was removed)"
        } else if let range {
            do {
                report.export = try stream.finish(
                    series: summaries.lazy.map { ExportManifest.Series($0, requested: range) }, simulated: simulated,
                    created: now())
            } catch {
                report.exportError = error.description
            }
        }
        return report
    }
}

/// A batch written to a file as it went: one summary per ticker in input order, and the file
/// (or why it was not put in place).
public struct StreamedBatch: Sendable {
    /// Finished tickers waiting for an earlier one, per ticker in flight, at most.
    public static let windowPerTicker = 4

    public var summaries: [TickerSummary]
    /// The first ticker's request: every ticker of a batch has the same range and options.
    public var template: FetchRequest?
    public var elapsed: Duration
    /// The file in place; nil when it was not written (see `exportError`).
    public var export: StreamedExport?
    public var exportError: String?
    /// Things to know about the batch as a whole.
    public var notes: [String] = []

    public init(summaries: [TickerSummary], requests template: FetchRequest?, elapsed: Duration) {
        self.summaries = summaries
        self.template = template
        self.elapsed = elapsed
    }

    /// The request the batch made for `ticker`.
    public func request(for ticker: String) -> FetchRequest? {
        template.map {
            FetchRequest(
                ticker: ticker, from: $0.from, to: $0.to, basis: $0.basis, pinned: $0.pinned, readsCache: $0.readsCache,
                keepsUnfinished: $0.keepsUnfinished)
        }
    }

    public var ok: Int { summaries.filter(\.ok).count }
    public var cancelled: Int { summaries.filter(\.wasCancelled).count }
    public var failed: Int { summaries.count - ok - cancelled }
    public var fallbacks: Int { summaries.filter(\.isFallback).count }
    public var rows: Int { summaries.reduce(0) { $0 + $1.rows } }
}
