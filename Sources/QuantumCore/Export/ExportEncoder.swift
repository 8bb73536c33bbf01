import QuantumParquet

/// An export's bytes in order: `header()`, `rows(of:)` for each result, then `finish()`. The
/// text formats give each result's rows at once; Parquet gathers rows into row groups of
/// `rowGroupRows` (a full group is given as it fills, the last one and the footer at `finish`),
/// so at most one row group is ever held.
///
/// Parquet columns (flat schema, PLAIN encoding, uncompressed; written by `QuantumParquet`):
/// `ticker` string, `date` date (days since 1970-01-01), `open` `high` `low` `close` float64,
/// `volume` int64 (whole shares), `source` and `basis` string (null where the text formats leave
/// the cell empty), `factor` float64 (null likewise).
struct ExportEncoder: Sendable {
    let format: ExportFormat
    /// Rows given so far.
    private(set) var rows = 0
    private var parquet: ParquetWriter?
    private var pending: [[ParquetValue]] = []
    /// Rows of one Parquet row group.
    static let rowGroupRows = 32_768

    static let parquetColumns: [ParquetColumn] =
        [ParquetColumn(name: "ticker", type: .string), ParquetColumn(name: "date", type: .date)]
        + ["open", "high", "low", "close"].map { ParquetColumn(name: $0, type: .double) }
        + [
            ParquetColumn(name: "volume", type: .int64),
            ParquetColumn(name: "source", type: .string, optional: true),
            ParquetColumn(name: "basis", type: .string, optional: true),
            ParquetColumn(name: "factor", type: .double, optional: true),
        ]

    init(format: ExportFormat) {
        self.format = format
        if format == .parquet {
            parquet = ParquetWriter(columns: Self.parquetColumns, createdBy: "quantum \(QuantumVersion.current)")
        }
    }

    /// What the file starts with.
    func header() -> [UInt8] {
        parquet?.header() ?? Array(format.header.utf8)
    }

    /// The bytes ready after `result`'s served candles (none for a failed result).
    mutating func rows(of result: FetchResult) -> [UInt8] {
        guard parquet != nil else { return Array(format.rows(of: result, after: &rows).utf8) }
        ExportFormat.eachRow(of: result) { candle, source, factor in
            pending.append(
                [
                    .string(result.ticker), .date(candle.date.daysSinceEpoch), .double(candle.open),
                    .double(candle.high), .double(candle.low), .double(candle.close),
                    .int64(Int64(exactly: candle.volume.rounded()) ?? 0),
                    source.map { .string($0.rawValue) } ?? .null, result.basis.map { .string($0.rawValue) } ?? .null,
                    factor.map { .double($0) } ?? .null,
                ])
            rows += 1
        }
        var out: [UInt8] = []
        while pending.count >= Self.rowGroupRows { out += rowGroup() }
        return out
    }

    /// What the file ends with.
    mutating func finish() -> [UInt8] {
        guard parquet != nil else { return Array(format.footer(rows: rows).utf8) }
        let last = pending.isEmpty ? [] : rowGroup()
        return last + (parquet?.footer() ?? [])
    }

    /// The first `rowGroupRows` rows pending (or all, when fewer) as one row group.
    private mutating func rowGroup() -> [UInt8] {
        let rows = Array(pending.prefix(Self.rowGroupRows))
        pending.removeFirst(rows.count)
        // Every value above matches its column's type and every required one is set: the writer
        // has nothing to refuse.
        guard let bytes = try? parquet?.rowGroup(rows) else {
            preconditionFailure("a row group of the export's own schema was refused")
        }
        return bytes
    }
}
