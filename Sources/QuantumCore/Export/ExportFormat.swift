/// The file formats `export` writes: data columns only (ticker, date, open, high, low, close,
/// volume, source, basis), so identical data gives identical bytes.
public enum ExportFormat: String, Sendable, CaseIterable {
    case csv, json, ndjson

    static let columns = ["ticker", "date", "open", "high", "low", "close", "volume", "source", "basis"]

    /// The file's bytes for the served candles of `results`, in the order given.
    func encode(_ results: [FetchResult]) -> [UInt8] {
        var out = ""
        switch self {
        case .csv:
            out += Self.columns.joined(separator: ",") + "\n"
            for (result, candle, source) in rows(results) {
                out += values(result, candle, source).map { $0.text }.joined(separator: ",") + "\n"
            }
        case .json, .ndjson:
            let objects = rows(results).map { result, candle, source in
                JSONWriter.object(
                    zip(Self.columns, values(result, candle, source)).map { name, value in
                        (name, value.isNumber ? value.text : JSONWriter.string(value.text))
                    })
            }
            out =
                self == .ndjson
                ? objects.map { $0 + "\n" }.joined()
                : "[\n" + objects.joined(separator: ",\n") + (objects.isEmpty ? "]\n" : "\n]\n")
        }
        return Array(out.utf8)
    }

    /// Each served candle with its result and the source that served it (a day another source
    /// filled names that source).
    private func rows(_ results: [FetchResult]) -> [(FetchResult, Candle, SourceID?)] {
        results.filter(\.ok).flatMap { result in zip(result.candles, result.candleSources).map { (result, $0, $1) } }
    }

    private func values(_ r: FetchResult, _ c: Candle, _ source: SourceID?) -> [(text: String, isNumber: Bool)] {
        [
            (r.ticker, false), (c.date.description, false),
            (NumberText.shortest(c.open), true), (NumberText.shortest(c.high), true),
            (NumberText.shortest(c.low), true),
            (NumberText.shortest(c.close), true), (NumberText.shortest(c.volume), true),
            (source?.rawValue ?? "", false), (r.basis?.rawValue ?? "", false),
        ]
    }
}
