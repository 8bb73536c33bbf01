/// The file formats `export` writes: data columns only (ticker, date, open, high, low, close,
/// volume, source, basis, factor), so identical data gives identical bytes. `factor` is the
/// row's price factor against the bar as traded (adjusted ÷ raw: 1 on `raw`; empty or null where
/// the basis was served unchecked, without a ledger). Parquet's typed columns are
/// `ExportEncoder`'s.
public enum ExportFormat: String, Sendable, CaseIterable {
    case csv, json, ndjson, parquet

    static let columns = ["ticker", "date", "open", "high", "low", "close", "volume", "source", "basis", "factor"]

    /// The format a file name's extension names (`.csv`, `.json`, `.ndjson`, `.jsonl` or
    /// `.parquet`), if any.
    public init?(extensionOf path: String) {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        switch path[path.index(after: dot)...].lowercased() {
        case "csv": self = .csv
        case "json": self = .json
        case "ndjson", "jsonl": self = .ndjson
        case "parquet": self = .parquet
        default: return nil
        }
    }

    /// The file's bytes for the served candles of `results`, in the order given.
    public func encode(_ results: [FetchResult]) -> [UInt8] {
        var encoder = ExportEncoder(format: self)
        var out = encoder.header()
        for result in results { out += encoder.rows(of: result) }
        return out + encoder.finish()
    }

    /// What a text file starts with, before any row.
    var header: String {
        switch self {
        case .csv: Self.columns.joined(separator: ",") + "\n"
        case .json: "[\n"
        case .ndjson, .parquet: ""
        }
    }

    /// What the file ends with, after `rows` rows.
    func footer(rows: Int) -> String {
        self == .json ? (rows == 0 ? "]\n" : "\n]\n") : ""
    }

    /// The rows of one result's served candles (none for a failed result), each followed (CSV,
    /// NDJSON) or, after the file's first row, preceded (JSON) by its separator; `written`
    /// counts the rows of the file so far.
    func rows(of result: FetchResult, after written: inout Int) -> String {
        var out = ""
        Self.eachRow(of: result) { candle, source, factor in
            let values = values(result, candle, source, factor: factor)
            switch self {
            case .csv:
                out += values.map { $0.text }.joined(separator: ",") + "\n"
            case .json, .ndjson:
                let object = JSONWriter.object(
                    zip(Self.columns, values).map { name, value in
                        (
                            name,
                            value.isNumber ? (value.text.isEmpty ? "null" : value.text) : JSONWriter.string(value.text)
                        )
                    })
                out += self == .ndjson ? object + "\n" : (written == 0 ? "" : ",\n") + object
            case .parquet:
                preconditionFailure("Parquet rows are ExportEncoder's")
            }
            written += 1
        }
        return out
    }

    /// Each row of a result's served candles (none for a failed result): the candle, the source
    /// that served it and its price factor (nil without a ledger).
    static func eachRow(of result: FetchResult, _ body: (Candle, SourceID?, Double?) -> Void) {
        guard result.ok else { return }
        let factors = result.adjustment?.factors
        for (i, (candle, source)) in zip(result.candles, result.candleSources).enumerated() {
            body(candle, source, factors.flatMap { i < $0.count ? $0[i] : nil })
        }
    }

    private func values(_ r: FetchResult, _ c: Candle, _ source: SourceID?, factor: Double?) -> [(
        text: String, isNumber: Bool
    )] {
        [
            (r.ticker, false), (c.date.description, false),
            (NumberText.shortest(c.open), true), (NumberText.shortest(c.high), true),
            (NumberText.shortest(c.low), true),
            (NumberText.shortest(c.close), true), (NumberText.shortest(c.volume), true),
            (source?.rawValue ?? "", false), (r.basis?.rawValue ?? "", false),
            (factor.map(NumberText.shortest) ?? "", true),
        ]
    }
}
