/// What one source gave for one query: the attempt as recorded, and the series if it served.
public struct SourceFetch: Sendable {
    public var attempt: Attempt
    public var candles: [Candle]
    public var basis: PriceBasis?
    public var warnings: [String]
    /// What was wrong with the series as it arrived.
    public var issues: SeriesIssues?
    /// The failure as classified, when the attempt did not succeed.
    public var failure: SourceFailure?
}

/// Runs one query against one source: request → transport → decode (following pages) →
/// normalise and validate. Every message it returns has been through the redactor.
public struct SourceFetcher: Sendable {
    public var transport: any HTTPTransport
    public var redactor: Redactor
    public var timeout: Duration
    /// Guards against a provider whose `next_url` never ends.
    public var maxPages = 500

    public init(transport: any HTTPTransport, redactor: Redactor, timeout: Duration = .seconds(15)) {
        self.transport = transport
        self.redactor = redactor
        self.timeout = timeout
    }

    /// Fetches every page of `query` from `source`. `beforeNextPage` runs before each request
    /// after the first (the rate limiter's turn); a failure it returns stops the fetch with it.
    public func fetch(
        _ query: BarQuery, from source: any DataSource, context: RequestContext,
        beforeNextPage: @Sendable () async -> SourceFailure? = { nil }
    ) async -> SourceFetch {
        let clock = ContinuousClock()
        let started = clock.now
        func elapsedMilliseconds() -> Int {
            let elapsed = started.duration(to: clock.now)
            return Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        }
        func failed(_ failure: SourceFailure) -> SourceFetch {
            var failure = failure
            failure.message = redactor(failure.message)
            let attempt = Attempt(
                source: source.id, outcome: failure.outcome, status: failure.status, message: failure.message,
                milliseconds: elapsedMilliseconds())
            return SourceFetch(attempt: attempt, candles: [], basis: nil, warnings: [], issues: nil, failure: failure)
        }

        guard let basis = source.basis(for: query.basis) else {
            return failed(
                SourceFailure(
                    .unsupported, status: nil,
                    message: "\(source.id.rawValue) does not serve \(query.basis.rawValue) prices"))
        }
        // One list per requested piece of the range (pages of a piece join its list).
        var pieces: [[Candle]] = [[]]
        var warnings: [String] = []
        var chunks = Self.chunks(query, cap: source.descriptor.maxBarsPerRequest)
        var next: ProviderRequest? = source.request(for: chunks.removeFirst(), context: context)
        var guardPages = PageGuard(maxPages: maxPages)
        var sent = 0
        var lastStatus: Int?
        while let request = next {
            if let stop = guardPages.stop(before: request) {
                // A guard is never retried: asking again follows the same pages. The bars so far
                // are kept; the days they lack are missing, and the next source is asked for them.
                guard pieces.contains(where: { !$0.isEmpty }) else {
                    var failure = SourceFailure(.badResponse, status: lastStatus, message: stop + "; no bars")
                    failure.retryable = false
                    return failed(failure)
                }
                warnings.append("\(source.id.rawValue): \(stop); the bars read so far are kept")
                next = nil
            } else {
                if sent > 0, let stop = await beforeNextPage() {
                    return failed(SourceFailure(stop.outcome, status: lastStatus, message: stop.message))
                }
                sent += 1
                var response: ProviderResponse
                do {
                    response = try await transport.get(request, timeout: timeout)
                    response.requestURL = request.url
                } catch {
                    return failed(Self.failure(for: error, timeout: timeout))
                }
                lastStatus = response.status
                switch source.interpret(response, for: query, context: context) {
                case .failure(let failure):
                    return failed(failure)
                case .success(let page):
                    warnings.append(contentsOf: page.warnings.map { "\(source.id.rawValue): \(redactor($0))" })
                    next = page.next
                    if let stop = guardPages.read(page.candles, into: &pieces[pieces.count - 1], hasNext: next != nil) {
                        warnings.append("\(source.id.rawValue): \(stop); the bars read so far are kept")
                        next = nil
                    }
                }
            }
            if next == nil, !chunks.isEmpty {
                guardPages = PageGuard(maxPages: maxPages)
                next = source.request(for: chunks.removeFirst(), context: context)
                pieces.append([])
            }
        }
        // Pieces are asked oldest first; a newest-first provider's pieces join newest first, so
        // the series keeps the provider's own order.
        let newestFirst = pieces.allSatisfy { zip($0, $0.dropFirst()).allSatisfy { $0.date >= $1.date } }
        let candles = newestFirst ? pieces.reversed().flatMap { $0 } : pieces.flatMap { $0 }
        let series = CandleSeries.normalize(candles, from: query.from, to: query.to, source: source.id)
        guard !series.candles.isEmpty else {
            return failed(
                SourceFailure(.noData, status: lastStatus, message: "no bars between \(query.from) and \(query.to)"))
        }
        let attempt = Attempt(
            source: source.id, outcome: .ok, status: lastStatus, message: nil, milliseconds: elapsedMilliseconds())
        return SourceFetch(
            attempt: attempt, candles: series.candles, basis: basis, warnings: warnings + series.issues.warnings,
            issues: series.issues, failure: nil)
    }

    /// The query in pieces a provider answers whole: at most `cap` sessions each (counted as
    /// weekdays, which is never fewer than the trading days), oldest first.
    static func chunks(_ query: BarQuery, cap: Int?) -> [BarQuery] {
        guard let cap, cap > 0 else { return [query] }
        var pieces: [BarQuery] = []
        var from = query.from
        while from <= query.to {
            var to = from
            var sessions = from.isWeekend ? 0 : 1
            while to < query.to {
                let next = to.adding(days: 1)
                if !next.isWeekend {
                    if sessions == cap { break }
                    sessions += 1
                }
                to = next
            }
            var piece = query
            piece.from = from
            piece.to = to
            pieces.append(piece)
            from = to.adding(days: 1)
        }
        return pieces.isEmpty ? [query] : pieces
    }

    static func failure(for error: TransportError, timeout: Duration) -> SourceFailure {
        switch error {
        case .timeout:
            SourceFailure(.timeout, status: nil, message: "no response within \(DurationText.human(timeout))")
        case .network(let detail): SourceFailure(.networkError, status: nil, message: detail)
        case .cancelled: SourceFailure(.cancelled, status: nil, message: "cancelled")
        }
    }
}
