import QuantumCore

/// A reference that names no result, and why.
struct RefError: Error {
    var message: String
}

/// What a reference names: results held in a cell, or tickers of a streamed batch (their candles
/// in its file) and the number of the batch's cell.
enum Named {
    case results([FetchResult])
    case streamed(StreamedBatch, [TickerSummary], cell: Int)
}

extension Session {
    /// Tickers of a streamed batch whose candles are read back from its file at most at once
    /// (name a ticker for more).
    static let readBackTickers = 100

    /// The results a reference names from cell `current`: `$N` (cell N's fetch or batch), `$-N`
    /// (the cell N before `current`), `$_` or nil (the last result), or a ticker (its most
    /// recent fetch or batch result; a compare's per-source series are reached through its
    /// cell). A streamed batch's candles are read back from its file.
    func results(_ ref: Ref?, from current: Int) throws(RefError) -> [FetchResult] {
        switch try named(ref, from: current) {
        case .results(let results): return results
        case .streamed(let batch, let summaries, let number):
            return try readBack(batch, summaries, ref: ref, cell: number)
        }
    }

    /// What a reference names, without reading a streamed batch's file.
    func named(_ ref: Ref?, from current: Int) throws(RefError) -> Named {
        func held(_ cell: Cell) -> Named? {
            if let results = cell.output.results { return .results(results) }
            return cell.output.streamed.map { .streamed($0, $0.summaries, cell: cell.number) }
        }
        switch ref {
        case .back(let n):
            guard current - n >= 1 else {
                throw RefError(message: "no cell $-\(n): this is cell $\(current)")
            }
            return try named(.cell(current - n), from: current)
        case nil, .last:
            guard let named = cells.last(where: { $0.output.holdsResults }).flatMap(held) else {
                throw RefError(message: "no result yet: fetch or batch something first")
            }
            return named
        case .cell(let n):
            guard let cell = cell(n) else {
                throw RefError(
                    message: cells.isEmpty
                        ? "no cell $\(n): nothing has run yet" : "no cell $\(n): cells so far are $1…$\(cells.count)")
            }
            guard let named = held(cell) else {
                throw RefError(message: "$\(n) is '\(cell.input)', which holds no fetch or batch result")
            }
            return named
        case .ticker(let ticker):
            var compared: Int?
            for cell in cells.reversed() {
                // A compare's per-source series are its cell's ($N), not the ticker's result.
                if case .compare(let comparison) = cell.output {
                    if compared == nil, comparison.results.contains(where: { $0.ticker == ticker }) {
                        compared = cell.number
                    }
                    continue
                }
                if let result = cell.output.results?.last(where: { $0.ticker == ticker }) { return .results([result]) }
                if let batch = cell.output.streamed, let summary = batch.summaries.last(where: { $0.ticker == ticker })
                {
                    return .streamed(batch, [summary], cell: cell.number)
                }
            }
            throw RefError(
                message: "no result for \(ticker) yet: fetch \(ticker) first"
                    + (compared.map { " (compare's series of each source are $\($0))" } ?? ""))
        }
    }

    /// The summaries' results with their candles read back from the batch's file (cell `number`).
    private func readBack(_ batch: StreamedBatch, _ summaries: [TickerSummary], ref: Ref?, cell number: Int)
        throws(RefError) -> [FetchResult]
    {
        let what = ref.map { "\($0)" } ?? "the last result"
        guard let export = batch.export else {
            throw RefError(
                message: "\(what) is a streamed batch whose file was not written (\(batch.exportError ?? "no file")); "
                    + "its candles were not kept")
        }
        guard summaries.count <= Self.readBackTickers else {
            throw RefError(
                message: "\(what) is a streamed batch of \(summaries.count) tickers, its candles in \(export.path); "
                    + "name tickers to read them back (e.g. \(summaries[0].ticker)), at most "
                    + "\(Self.readBackTickers) at once")
        }
        let candles: [String: [Candle]]
        do {
            candles = try ExportReader.candles(in: export, tickers: Set(summaries.map(\.ticker)))
        } catch {
            throw Self.fileError(error, ref: ref, cell: number)
        }
        return summaries.compactMap { summary in
            batch.request(for: summary.ticker).map {
                summary.result(request: $0, candles: summary.ok ? candles[summary.ticker] ?? [] : [])
            }
        }
    }

    /// `$3's candles were streamed to pull.csv, which has changed since (…); re-run the batch or
    /// fetch again` (`$3's SYN0001 candles …` when a ticker was named).
    private static func fileError(_ error: ExportReadError, ref: Ref?, cell number: Int) -> RefError {
        var whose = "$\(number)'s"
        if case .ticker(let ticker) = ref { whose += " \(ticker)" }
        return RefError(
            message: "\(whose) candles were streamed to \(error.fileState); re-run the batch or fetch again")
    }

    /// Whether every result satisfies the expectation, and a sentence saying so (naming the first
    /// result that does not).
    func check(_ expectation: Expectation, against results: [FetchResult]) -> (passed: Bool, detail: String) {
        counted(expectation, results.map { (result: $0, candles: $0.candles.count) })
    }

    /// The same check over a reference, a streamed batch's tickers judged by their summaries
    /// (no need to read the file).
    func check(_ expectation: Expectation, from current: Int) throws(RefError) -> (passed: Bool, detail: String) {
        switch try named(expectation.ref, from: current) {
        case .results(let results):
            return check(expectation, against: results)
        case .streamed(let batch, let summaries, let number):
            // Judged on the summaries, which describe the file: only while it is the one written.
            if let export = batch.export {
                do {
                    try ExportReader.verify(export)
                } catch {
                    throw Self.fileError(error, ref: expectation.ref, cell: number)
                }
            }
            return counted(
                expectation,
                summaries.compactMap { s in
                    batch.request(for: s.ticker).map { (result: s.result(request: $0, candles: []), candles: s.rows) }
                })
        }
    }

    /// Each result with its candle count (a streamed batch's results hold none in memory).
    private func counted(_ expectation: Expectation, _ results: [(result: FetchResult, candles: Int)]) -> (
        passed: Bool, detail: String
    ) {
        let what: String
        switch expectation.check {
        case .state(let state): what = state.rawValue
        case .compare(let field, let op, let value): what = "\(field.rawValue) \(op.rawValue) \(value)"
        }
        for (result, candles) in results {
            if let actual = mismatch(expectation.check, result, candles: candles) {
                return (false, "expect \(expectation.ref) \(what) failed: \(result.ticker) \(actual)")
            }
        }
        let subject = results.count == 1 ? results[0].result.ticker : "all \(results.count) tickers"
        return (true, "expect \(expectation.ref) \(what): \(subject) \(results.count == 1 ? "holds" : "hold")")
    }

    /// What the result actually is, when it does not satisfy the check.
    private func mismatch(_ check: Expectation.Check, _ r: FetchResult, candles: Int) -> String? {
        switch check {
        case .state(.ok):
            if r.ok { return nil }
            if r.wasCancelled { return "was cancelled (\(r.error ?? "the batch was cancelled"))" }
            return "failed (\(r.attempts.last.map { "\($0.source.rawValue) \($0.outcome.rawValue)" } ?? "no attempt"))"
        case .state(.failed): return r.ok ? "was served by \(r.source?.rawValue ?? "?")" : nil
        case .state(.fallback):
            if r.isFallback { return nil }
            return r.ok
                ? "was served by \(r.source?.rawValue ?? "?") without a fallback" : "failed, so nothing fell back"
        case .compare(let field, let op, let expected):
            let actual: String
            switch field {
            case .source: actual = r.source?.rawValue ?? "none"
            case .basis: actual = r.basis?.rawValue ?? "none"
            case .candles: actual = String(candles)
            case .attempts: actual = String(r.attempts.count)
            case .cached: actual = String(r.cached)
            }
            let holds: Bool
            if field.isCount, let a = Int(actual), let e = Int(expected) {
                switch op {
                case .equal: holds = a == e
                case .notEqual: holds = a != e
                case .atLeast: holds = a >= e
                case .atMost: holds = a <= e
                case .greater: holds = a > e
                case .less: holds = a < e
                }
            } else {
                holds = op == .equal ? actual == expected : actual != expected
            }
            return holds ? nil : "\(field.rawValue) is \(actual)"
        }
    }
}
