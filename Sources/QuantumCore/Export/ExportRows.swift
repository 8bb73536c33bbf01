/// The results an export holds, each (ticker, date, source) once: a ticker named twice
/// (`batch AAPL aapl`, `export … $1 $2` over overlapping results) gives its rows once, in the
/// order first given.
enum ExportRows {
    static func unique(_ results: [FetchResult]) -> [FetchResult] {
        struct Row: Hashable {
            var ticker: String
            var date: TradingDate
            var source: SourceID?
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
            kept.candles = result.candles.filter {
                seen.insert(Row(ticker: result.ticker, date: $0.date, source: result.source)).inserted
            }
            if !kept.candles.isEmpty { unique.append(kept) }
        }
        return unique
    }
}
