extension Engine {
    /// A ticker's corporate actions from every usable source (or only `sources`), merged into one
    /// ledger; see `Orchestrator.actions(_:only:)`. What was read is kept: in the cache (a fetch
    /// then knows the ticker's symbol changes without asking — a renamed ticker's earlier days, a
    /// ticker no source knows any more — and its ledger from every source), and for this process
    /// in place of the one source's ledger a derived basis read. Never throws: a ticker no source
    /// reported actions for is a result with a `failure`.
    public func actions(_ ticker: String, sources: [SourceID]? = nil) async -> ActionsResult {
        let orchestrator = orchestrator
        var result = await orchestrator.actions(ticker, only: sources)
        guard result.failure?.kind != .cancelled else { return result }
        if let doubt = result.unknownTickerDoubt { result.warnings.append(doubt) }
        let readAt = orchestrator.time.wallNow()
        if result.failure == nil {
            if sources == nil {
                for feeds: Set<ActionFeed> in [[.splits], [.splits, .dividends]] {
                    orchestrator.ledgers.replace(
                        Orchestrator.ledgerKey(result.ticker, feeds: feeds), with: result, now: orchestrator.time.now())
                }
            }
            await orchestrator.cache?.keep(
                result.reports, ticker: result.ticker, feeds: Set(ActionFeed.allCases), readAt: readAt)
        } else if result.reports.contains(where: { $0.feeds.contains(.symbolChanges) }) {
            // No splits and dividends to trust, but the symbol changes answered stand on their own.
            let renames = result.reports.filter { $0.feeds.contains(.symbolChanges) }.map {
                ActionReport(
                    source: $0.source, feeds: [.symbolChanges], actions: $0.actions.filter { $0.kind == .symbolChange })
            }
            await orchestrator.cache?.keep(renames, ticker: result.ticker, feeds: [.symbolChanges], readAt: readAt)
        }
        return result
    }
}
