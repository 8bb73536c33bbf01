extension Engine {
    /// A ticker's corporate actions from every usable source (or only `sources`), merged into one
    /// ledger; see `Orchestrator.actions(_:only:)`. Never throws: a ticker no source reported
    /// actions for is a result with a `failure`.
    public func actions(_ ticker: String, sources: [SourceID]? = nil) async -> ActionsResult {
        let orchestrator = orchestrator
        return await orchestrator.actions(ticker, only: sources)
    }
}
