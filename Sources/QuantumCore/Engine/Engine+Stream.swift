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
        _ tickers: [String], like template: FetchRequest, concurrency: Int? = nil, exportingTo path: String,
        format: ExportFormat, progress: @escaping @Sendable (BatchProgress) -> Void = { _ in }
    ) async throws(ExportError) -> StreamedBatch {
        let stream = try ExportStream(path: path, format: format)
        let inMemory = cacheEnabled && cache?.store.holdsInMemory == true
        let orchestrator =
            inMemory
            ? Self.orchestrator(
                parts, settings: settings, governor: governor, cache: nil, unknownTickers: unknownTickers)
            : self.orchestrator
        let started = parts.time.now()
        let rate = allowedRate(pinned: template.pinned)
        let inFlight = max(1, concurrency ?? self.concurrency)
        // A ticker named again is written (and listed in the manifest) once, at its first place.
        let repeated = Self.repeatedPlaces(tickers)
        var summaries: [TickerSummary] = []
        summaries.reserveCapacity(tickers.count)
        var failure: String?
        await orchestrator.batch(
            count: tickers.count, request: { StreamedBatch.request(tickers[$0], like: template) },
            concurrency: inFlight, window: inFlight * StreamedBatch.windowPerTicker,
            progress: { event in
                var event = event
                event.allowedRate = rate
                progress(event)
            }
        ) { index, result in
            summaries.append(TickerSummary(result))
            if summaries.count % Self.trimEvery == 0 { ReturnFreeMemory.now() }
            // After a write failed, the rest are only counted (those in flight finish cancelled).
            guard failure == nil, !repeated.contains(index) else { return failure == nil }
            do throws(ExportError) {
                try stream.append(result)
                return true
            } catch {
                failure = error.description
                return false
            }
        }
        var report = StreamedBatch(
            summaries: summaries, requests: template, elapsed: started.duration(to: parts.time.now()))
        if inMemory {
            report.notes.append("the in-memory cache was not used: a streamed batch keeps no candles in memory")
        }
        if let failure {
            stream.abandon()
            report.exportError = failure + "; the batch stopped and \(path) was not written"
        } else if report.cancelled > 0 {
            stream.abandon()
            report.exportError = "the batch was cancelled: \(path) was not written (its temporary file was removed)"
        } else {
            do {
                let range = (template.from, template.to)
                report.export = try stream.finish(
                    series: summaries.indices.lazy.filter { !repeated.contains($0) }.map {
                        ExportManifest.Series(summaries[$0], requested: range)
                    },
                    simulated: simulated, created: now())
            } catch {
                report.exportError = error.description
            }
        }
        return report
    }

    /// Tickers between two returns of freed memory to the system (see `ReturnFreeMemory`).
    static let trimEvery = 1024

    /// The places of tickers named before (usually none).
    static func repeatedPlaces(_ tickers: [String]) -> Set<Int> {
        var seen: Set<String> = []
        var repeated: Set<Int> = []
        for (index, ticker) in tickers.enumerated() where !seen.insert(ticker).inserted { repeated.insert(index) }
        return repeated
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
        template.map { Self.request(ticker, like: $0) }
    }

    /// `template` for another ticker.
    static func request(_ ticker: String, like template: FetchRequest) -> FetchRequest {
        FetchRequest(
            ticker: ticker, from: template.from, to: template.to, basis: template.basis, pinned: template.pinned,
            readsCache: template.readsCache, keepsUnfinished: template.keepsUnfinished)
    }

    // Counted in place: a filtered copy of tens of thousands of summaries would be the batch's
    // largest allocation.
    public var ok: Int { summaries.count { $0.ok && !$0.wasCancelled } }
    public var cancelled: Int { summaries.count(where: \.wasCancelled) }
    public var failed: Int { summaries.count - ok - cancelled }
    public var fallbacks: Int { summaries.count(where: \.isFallback) }
    public var rows: Int { summaries.reduce(0) { $0 + $1.rows } }
}
