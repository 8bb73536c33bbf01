extension Engine {
    /// The same range from each of `sources` (default: every enabled source with a key), each
    /// fetch pinned to its source, compared on one basis: the days they disagree on beyond
    /// `tolerance` (relative: close, volume) and the days only some have.
    public func compare(
        ticker: String, from: TradingDate, to: TradingDate, sources: [SourceID]? = nil,
        tolerance: (close: Double, volume: Double) = (0.005, 0.05)
    ) async -> Comparison {
        let chosen = sources ?? settings.sources.filter { $0.enabled && $0.key != nil }.map(\.id)
        var asked: [(source: SourceID, result: FetchResult)] = []
        for source in chosen {
            let result = await fetch(FetchRequest(ticker: ticker, from: from, to: to, pinned: source))
            asked.append((source, result))
        }
        return Comparer.compare(asked, tolerance: tolerance)
    }
}
