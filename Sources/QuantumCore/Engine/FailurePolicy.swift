/// When a command that ran still failed: the one place `--strict`, "no ticker was served", a
/// cancelled batch and a compare without two sources are decided. The sentence returned is the
/// command's failure (scripts exit with status 3 for it); nil when it did not fail.
public enum FailurePolicy {
    /// One ticker: its own failure (no source served it, cancelled), or with `strict` a served
    /// series that misses trading days.
    public static func failure(of result: FetchResult, strict: Bool) -> String? {
        if let error = result.error { return error }
        guard strict, result.ok, let first = result.missing.first else { return nil }
        return "\(result.ticker) misses \(result.missing.count) trading day(s) (first \(first)) (--strict)"
    }

    /// A batch held in memory.
    public static func failure(of report: BatchReport, strict: Bool) -> String? {
        failure(
            tickers: report.results.count, failed: report.failed,
            incomplete: report.results.count { $0.ok && !$0.isComplete },
            anyServed: report.results.contains(where: \.ok),
            cancelled: report.results.contains(where: \.wasCancelled), strict: strict)
    }

    /// A batch written to its file as it went (`--export`); a file not written is its failure too.
    public static func failure(of batch: StreamedBatch, strict: Bool) -> String? {
        let decided = failure(
            tickers: batch.summaries.count, failed: batch.failed,
            incomplete: batch.summaries.count { $0.ok && !$0.isComplete },
            // A cancelled streamed batch's file is not written: its export error says so.
            anyServed: batch.summaries.contains(where: \.ok), cancelled: false, strict: strict)
        guard let problem = batch.exportError else { return decided }
        return decided.map { $0 + "; " + problem } ?? problem
    }

    /// With `strict`, any ticker not served or missing days fails the batch; without, only a
    /// batch that served none. A cancelled batch fails either way.
    static func failure(
        tickers: Int, failed: Int, incomplete: Int, anyServed: Bool, cancelled: Bool, strict: Bool
    ) -> String? {
        if strict, failed > 0 { return "\(failed) of \(tickers) tickers could not be served (--strict)" }
        if strict, incomplete > 0 { return "\(incomplete) of \(tickers) tickers miss trading days (--strict)" }
        if failed > 0, !anyServed { return "no ticker was served: \(failed) of \(tickers) failed" }
        return cancelled ? "the batch was cancelled" : nil
    }

    /// A comparison: cancelled, served by no source (unless no day of the range had a session),
    /// or by one source only (nothing to compare it with).
    public static func failure(of comparison: Comparison, ticker: String, from: TradingDate, to: TradingDate)
        -> String?
    {
        if comparison.cancelled { return "compare was cancelled: \(ticker) was not compared" }
        if comparison.reference == nil, !comparison.results.allSatisfy(\.noSession) {
            return "no source served \(ticker) between \(from) and \(to)"
        }
        if let only = comparison.reference, !comparison.judged {
            return
                "compare needs bars from two sources: only \(only.rawValue) served \(ticker) between \(from) and \(to)"
        }
        return nil
    }
}
