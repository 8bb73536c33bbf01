/// The results an export holds, each (ticker, date, source, basis) once: a ticker named twice
/// (`batch AAPL aapl`, `export … $1 $2` over overlapping results) gives its rows once, in the
/// order first given; the same days on two bases (a raw and a split-adjusted fetch) are two
/// series, both kept.
enum ExportRows {
    static func unique(_ results: [FetchResult]) -> [FetchResult] {
        struct Row: Hashable {
            var ticker: String
            var date: TradingDate
            var source: SourceID?
            var basis: PriceBasis?
        }
        var seen: Set<Row> = []
        var failedTickers: Set<String> = []
        var unique: [FetchResult] = []
        for result in results {
            guard result.ok else {
                if failedTickers.insert(result.ticker).inserted { unique.append(result) }
                continue
            }
            var kept = result
            let sources = result.candleSources
            kept.candles = result.candles.indices.filter { i in
                seen.insert(
                    Row(ticker: result.ticker, date: result.candles[i].date, source: sources[i], basis: result.basis)
                )
                .inserted
            }.map { result.candles[$0] }
            if !kept.candles.isEmpty { unique.append(kept) }
        }
        return unique
    }
}
