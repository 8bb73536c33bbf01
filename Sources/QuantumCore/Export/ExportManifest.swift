import Foundation

/// What an export holds and where every row came from, written beside it as `PATH.manifest.json`.
public struct ExportManifest: Sendable {
    /// One ticker's part of the export.
    public struct Series: Sendable {
        public var ticker: String
        public var source: SourceID?
        public var basis: PriceBasis?
        public var rows: Int
        public var first: TradingDate?
        public var last: TradingDate?
        public var requested: (from: TradingDate, to: TradingDate)
        public var simulated: Bool
        public var cached: Int
        public var attempts: [Attempt]
        public var error: String?
        /// Rows another source filled, per source.
        public var filled: [(source: SourceID, rows: Int)]
        /// Trading days of the range no source had.
        public var missing: [TradingDate]
        /// What the result said of its data (an incomplete range, a changed basis) and beside it
        /// (a partial bar kept by `--partial`, a later source's cached series), as printed.
        public var warnings: [String]
        public var notes: [String]
        /// The corporate actions the basis was computed with, and the sources that report them
        /// (each row's factor is in the file).
        public var events: [LedgerEvent]

        init(_ result: FetchResult) {
            ticker = result.ticker
            source = result.source
            basis = result.basis
            rows = result.ok ? result.candles.count : 0
            first = result.ok ? result.candles.first?.date : nil
            last = result.ok ? result.candles.last?.date : nil
            requested = (result.from, result.to)
            simulated = result.simulated
            cached = result.cached
            attempts = result.attempts
            error = result.error
            filled = result.fills.filter { !$0.dates.isEmpty }.map { ($0.source, $0.dates.count) }
            missing = result.missing
            warnings = result.warnings
            notes = result.notes
            events = result.adjustment?.events ?? []
        }

        /// One ticker of a streamed batch, from its summary.
        init(_ summary: TickerSummary, requested: (from: TradingDate, to: TradingDate)) {
            ticker = summary.ticker
            source = summary.source
            basis = summary.basis
            rows = summary.rows
            first = summary.first
            last = summary.last
            self.requested = requested
            simulated = summary.simulated
            cached = summary.cached
            attempts = summary.attempts
            error = summary.error
            filled = (summary.details?.fills ?? []).filter { !$0.dates.isEmpty }.map { ($0.source, $0.dates.count) }
            missing = summary.missing
            warnings = summary.details?.warnings ?? []
            notes = summary.details?.notes ?? []
            events = summary.details?.adjustmentEvents ?? []
        }
    }

    public var path: String
    public var format: ExportFormat
    public var rows: Int
    public var bytes: Int
    /// Of the data file, hex.
    public var sha256: String
    public var created: Date
    public var series: [Series]
    /// The file's columns: `ExportFormat.columns`, or for a wide export `date` and the tickers.
    public var columns = ExportFormat.columns
    /// The field a wide export lays out (one row per date, one column per ticker); nil for rows
    /// of candles.
    public var wide: WideField?

    /// `PATH.manifest.json`; none for an export to standard output.
    public var manifestPath: String? { toStandardOutput ? nil : path + ".manifest.json" }
    /// Whether the rows went to standard output (`export csv -`).
    public var toStandardOutput: Bool { path == Exporter.standardOutput }
    public var simulated: Bool { series.contains(where: \.simulated) }

    /// The manifest's JSON, pretty enough to read.
    public func json() -> String {
        Self.head(
            path: path, format: format, rows: rows, bytes: bytes, sha256: sha256, simulated: simulated,
            created: created,
            columns: columns, wide: wide)
            + series.map(Self.entry).joined(separator: ",\n") + Self.tail
    }

    /// The manifest up to its first series entry; entries follow, separated by `",\n"`, then `tail`.
    static func head(
        path: String, format: ExportFormat, rows: Int, bytes: Int, sha256: String, simulated: Bool, created: Date,
        columns: [String] = ExportFormat.columns, wide: WideField? = nil
    ) -> String {
        return """
            {
              "tool": "quantum",
              "version": \(JSONWriter.string(QuantumVersion.current)),
              "created": \(JSONWriter.string(ResultJSON.timestamp(created))),
              "file": \(JSONWriter.string(URL(fileURLWithPath: path).lastPathComponent)),
              "format": \(JSONWriter.string(format.rawValue)),
              "columns": \(JSONWriter.array(columns.map(JSONWriter.string))),
              "wide": \(JSONWriter.optional(wide?.rawValue)),
              "rows": \(rows),
              "bytes": \(bytes),
              "sha256": \(JSONWriter.string(sha256)),
              "simulated": \(simulated),
              "note": \(JSONWriter.string(simulated ? "simulated data from quantum's built-in market, not a "
                  + "provider's" : "live data from the providers named per ticker")),
              "series": [

            """
    }

    static let tail = "\n  ]\n}\n"

    /// One series entry, indented, without a separator.
    static func entry(_ s: Series) -> String {
        "    "
            + JSONWriter.object([
                ("ticker", JSONWriter.string(s.ticker)),
                ("source", JSONWriter.optional(s.source?.rawValue)),
                ("basis", JSONWriter.optional(s.basis?.rawValue)),
                ("rows", String(s.rows)),
                ("first", JSONWriter.optional(s.first?.description)),
                ("last", JSONWriter.optional(s.last?.description)),
                (
                    "requested",
                    JSONWriter.object([
                        ("from", JSONWriter.string(s.requested.from.description)),
                        ("to", JSONWriter.string(s.requested.to.description)),
                    ])
                ),
                ("simulated", String(s.simulated)),
                ("from_cache", String(s.cached)),
                ("attempts", JSONWriter.array(s.attempts.map(ResultJSON.attempt))),
                ("error", JSONWriter.optional(s.error)),
                ("complete", String(s.error == nil && s.missing.isEmpty)),
                ("missing", ResultJSON.missing(s.missing, calendar: ListingCalendar(ticker: s.ticker))),
                ("warnings", JSONWriter.array(s.warnings.map(JSONWriter.string))),
                ("notes", JSONWriter.array(s.notes.map(JSONWriter.string))),
                ("adjustment_events", JSONWriter.array(s.events.map(ResultJSON.event))),
                (
                    "filled",
                    JSONWriter.array(
                        s.filled.map {
                            JSONWriter.object([
                                ("source", JSONWriter.string($0.source.rawValue)), ("rows", String($0.rows)),
                            ])
                        })
                ),
            ])
    }
}
