extension Engine {
    /// The same range from each of `sources` (default: every enabled source with a key), each
    /// fetch pinned to its source and put on `basis` here from the corporate actions (`native`:
    /// each source's own, put on the first raw one's scale by the ratios the days show): the
    /// days they disagree on beyond `tolerance` (relative: close, volume), the days only some
    /// have, and each source's warnings (its own adjustment against the ledger among them).
    public func compare(
        ticker: String, from: TradingDate, to: TradingDate, sources: [SourceID]? = nil,
        basis: BasisPreference = RequestVocabulary.defaultBasis,
        tolerance: (close: Double, volume: Double) = (0.005, 0.05)
    ) async -> Comparison {
        let chosen = sources ?? settings.sources.filter { $0.enabled && $0.key != nil }.map(\.id)
        var asked: [(source: SourceID, result: FetchResult)] = []
        for source in chosen {
            let result = await fetch(FetchRequest(ticker: ticker, from: from, to: to, basis: basis, pinned: source))
            asked.append((source, result))
        }
        return Comparer.compare(asked, tolerance: tolerance)
    }
}
