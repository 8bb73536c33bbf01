import QuantumParquet

/// The field a wide export puts side by side (`export csv|json|ndjson|parquet PATH --wide close`).
public enum WideField: String, Sendable, CaseIterable {
    case open, high, low, close, volume

    func value(of candle: Candle) -> Double {
        switch self {
        case .open: candle.open
        case .high: candle.high
        case .low: candle.low
        case .close: candle.close
        case .volume: candle.volume
        }
    }
}

/// Results laid out wide: one row per date (ascending, every date any of them has a bar on), a
/// `date` column, then one column per ticker with bars, in the order given, holding `field` or nothing
/// where that ticker has no bar that day (empty in CSV, null in JSON and Parquet). The tickers
/// must share one basis — columns on two scales side by side would look comparable and are not.
struct WideTable {
    var field: WideField
    var tickers: [String]
    var dates: [TradingDate]
    /// Per date, per ticker.
    var cells: [[Double?]]

    /// Throws when the results do not fit one table: a ticker on two bases, or tickers on
    /// different ones (`path` names the export in the error).
    init(_ results: [FetchResult], field: WideField, path: String) throws(ExportError) {
        self.field = field
        var tickers: [String] = []
        var basisOf: [String: PriceBasis] = [:]
        var values: [String: [TradingDate: Double]] = [:]
        for result in results {
            // A ticker without bars has no column (the manifest says why).
            guard result.ok, let basis = result.basis, !result.candles.isEmpty else { continue }
            if !tickers.contains(result.ticker) { tickers.append(result.ticker) }
            if let other = basisOf[result.ticker], other != basis {
                throw ExportError(
                    path: path,
                    reason: "--wide puts one series per ticker side by side: \(result.ticker) is named on "
                        + "\(other.rawValue) and on \(basis.rawValue); export one of them")
            }
            basisOf[result.ticker] = basis
            for candle in result.candles where values[result.ticker]?[candle.date] == nil {
                values[result.ticker, default: [:]][candle.date] = field.value(of: candle)
            }
        }
        let bases = Set(basisOf.values)
        if bases.count > 1 {
            let each = tickers.compactMap { ticker in basisOf[ticker].map { "\(ticker) \($0.rawValue)" } }
            throw ExportError(
                path: path,
                reason: "--wide puts the tickers side by side on one basis, and these are on "
                    + "\(bases.count): \(each.joined(separator: ", ")); fetch them with one --basis")
        }
        self.tickers = tickers
        dates = Set(values.values.flatMap(\.keys)).sorted()
        cells = dates.map { date in tickers.map { values[$0]?[date] } }
    }

    var columns: [String] { ["date"] + tickers }

    /// The file's bytes in `format`.
    func encode(_ format: ExportFormat) -> [UInt8] {
        switch format {
        case .csv:
            var out = columns.joined(separator: ",") + "\n"
            for (date, row) in zip(dates, cells) {
                out += ([date.description] + row.map { $0.map(NumberText.shortest) ?? "" }).joined(separator: ",")
                out += "\n"
            }
            return Array(out.utf8)
        case .json, .ndjson:
            let objects = zip(dates, cells).map { date, row in
                JSONWriter.object(
                    [("date", JSONWriter.string(date.description))]
                        + zip(tickers, row).map { ($0, $1.map(JSONWriter.number) ?? "null") })
            }
            if format == .ndjson { return Array(objects.map { $0 + "\n" }.joined().utf8) }
            return Array((objects.isEmpty ? "[]\n" : "[\n" + objects.joined(separator: ",\n") + "\n]\n").utf8)
        case .parquet:
            return parquet()
        }
    }

    /// `date` a date column, each ticker's an optional float64 (int64 for volume).
    private func parquet() -> [UInt8] {
        let type: ParquetColumnType = field == .volume ? .int64 : .double
        var writer = ParquetWriter(
            columns: [ParquetColumn(name: "date", type: .date)]
                + tickers.map { ParquetColumn(name: $0, type: type, optional: true) },
            createdBy: "quantum \(QuantumVersion.current)")
        var out = writer.header()
        var start = 0
        while start < dates.count {
            let end = min(start + ExportEncoder.rowGroupRows, dates.count)
            let rows = (start..<end).map { i -> [ParquetValue] in
                [.date(dates[i].daysSinceEpoch)]
                    + cells[i].map { value in
                        guard let value else { return .null }
                        return field == .volume ? .int64(Int64(exactly: value.rounded()) ?? 0) : .double(value)
                    }
            }
            guard let bytes = try? writer.rowGroup(rows) else {
                preconditionFailure("a row group of the wide export's own schema was refused")
            }
            out += bytes
            start = end
        }
        return out + writer.footer()
    }
}
