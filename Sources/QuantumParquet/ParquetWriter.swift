/// Builds a Parquet file incrementally: `header()`, then the bytes of one row group per `rowGroup(_:)` call, then
/// `footer()`, each appended to the output in that order.
///
/// Each row group holds one column chunk per column, in schema order; each chunk is a single uncompressed data
/// page (V1) with PLAIN-encoded values, preceded for optional columns by RLE-encoded definition levels
/// (bit width 1). The schema is flat: there are no repetition levels.
public struct ParquetWriter: Sendable {
    /// The schema, in column order.
    public let columns: [ParquetColumn]
    /// Writer identification stored in the footer's `created_by`, e.g. `"parquet-kit version 0.1.0"`.
    public let createdBy: String

    /// Absolute file offset at which the next row group starts (right after the 4 header bytes at first).
    private var offset: Int64 = 4
    private var rowGroups: [RowGroupInfo] = []

    /// Creates a writer for a flat schema: `columns` in file order (at least one; names unique and non-empty).
    public init(columns: [ParquetColumn], createdBy: String) {
        self.columns = columns
        self.createdBy = createdBy
    }

    /// The 4 magic bytes the file starts with: ASCII `"PAR1"`.
    public func header() -> [UInt8] {
        magic
    }

    /// Encodes one row group and returns its bytes, which must be appended right after everything returned so far.
    ///
    /// - Parameter rows: at least one row; each row holds exactly one value per column, in column order.
    /// - Throws: `ParquetError` on an empty row group, a row of the wrong width, a value whose case does not
    ///   match its column's type, or a `.null` in a required column. The writer is unchanged when it throws.
    public mutating func rowGroup(_ rows: [[ParquetValue]]) throws -> [UInt8] {
        guard !rows.isEmpty else { throw ParquetError.emptyRowGroup }
        for (index, row) in rows.enumerated() where row.count != columns.count {
            throw ParquetError.wrongValueCount(row: index, count: row.count, expected: columns.count)
        }
        var bytes: [UInt8] = []
        var chunks: [ChunkInfo] = []
        for (index, column) in columns.enumerated() {
            let page = try ColumnPage(column: column, values: rows.lazy.map { $0[index] })
            let start = offset + Int64(bytes.count)
            bytes += page.header
            bytes += page.body
            chunks.append(
                ChunkInfo(
                    dataPageOffset: start, size: Int64(page.header.count + page.body.count),
                    statistics: page.statistics))
        }
        rowGroups.append(RowGroupInfo(chunks: chunks, numRows: Int64(rows.count), fileOffset: offset))
        offset += Int64(bytes.count)
        return bytes
    }

    /// The file's tail: the Thrift-compact `FileMetaData`, its byte length as a 4-byte little-endian integer,
    /// and the magic `"PAR1"`.
    public func footer() -> [UInt8] {
        var bytes = fileMetaData()
        bytes.appendLittleEndian(UInt32(bytes.count))
        return bytes + magic
    }

    private var magic: [UInt8] { Array("PAR1".utf8) }

    private func fileMetaData() -> [UInt8] {
        CompactEncoder.encode { meta in
            meta.i32(1, 1)  // version
            let schema: [ParquetColumn?] = [nil] + columns.map(Optional.some)  // nil: the root element
            meta.structList(2, schema) { element, column in
                guard let column else {  // root
                    element.string(4, "schema")
                    element.i32(5, Int32(columns.count))  // num_children
                    return
                }
                element.i32(1, column.type.physicalType)
                element.i32(3, column.optional ? 1 : 0)  // repetition_type: OPTIONAL / REQUIRED
                element.string(4, column.name)
                if let logical = column.type.logicalType {
                    // Both annotations: DuckDB reads a STRING/DATE logicalType without converted_type as BLOB/INTEGER.
                    element.i32(6, logical.convertedType)
                    element.structure(10) { $0.structure(logical.unionField) { _ in } }  // empty StringType/DateType
                }
            }
            meta.i64(3, rowGroups.reduce(0) { $0 + $1.numRows })
            meta.structList(4, rowGroups) { group, info in
                group.structList(1, Array(zip(columns, info.chunks))) { chunk, pair in
                    encodeColumnChunk(&chunk, column: pair.0, info: pair.1, numValues: info.numRows)
                }
                let size = info.chunks.reduce(0) { $0 + $1.size }
                group.i64(2, size)  // total_byte_size
                group.i64(3, info.numRows)
                group.i64(5, info.fileOffset)
                group.i64(6, size)  // total_compressed_size
            }
            meta.string(6, createdBy)
            // column_orders: TYPE_ORDER (an empty TypeDefinedOrder) per column; without it pyarrow ignores
            // the statistics' min_value/max_value.
            meta.structList(7, columns) { order, _ in order.structure(1) { _ in } }
        }
    }

    private func encodeColumnChunk(
        _ chunk: inout CompactEncoder, column: ParquetColumn, info: ChunkInfo, numValues: Int64
    ) {
        chunk.i64(2, 0)  // file_offset: deprecated, 0 as no ColumnMetaData is written outside the footer
        chunk.structure(3) { meta in
            meta.i32(1, column.type.physicalType)
            meta.i32List(2, [Encoding.plain, Encoding.rle])
            meta.stringList(3, [column.name])  // path_in_schema
            meta.i32(4, 0)  // codec: UNCOMPRESSED
            meta.i64(5, numValues)  // includes nulls
            meta.i64(6, info.size)  // total_uncompressed_size, page header included
            meta.i64(7, info.size)  // total_compressed_size
            meta.i64(9, info.dataPageOffset)
            meta.structure(12) { stats in
                stats.i64(3, info.statistics.nullCount)
                if let bounds = info.statistics.encodedBounds(for: column.type) {
                    stats.binary(5, bounds.max)  // max_value
                    stats.binary(6, bounds.min)  // min_value
                }
            }
        }
    }
}

/// Per-row-group metadata remembered for the footer.
private struct RowGroupInfo {
    var chunks: [ChunkInfo]
    var numRows: Int64
    var fileOffset: Int64
}

/// Per-column-chunk metadata remembered for the footer.
private struct ChunkInfo {
    var dataPageOffset: Int64
    var size: Int64
    var statistics: ColumnStatistics
}

/// Parquet `Encoding` enum values used here.
enum Encoding {
    static let plain: Int32 = 0
    static let rle: Int32 = 3
}

extension ParquetColumnType {
    /// Parquet `Type` enum value.
    var physicalType: Int32 {
        switch self {
        case .string: 6  // BYTE_ARRAY
        case .date: 1  // INT32
        case .double: 5  // DOUBLE
        case .int64: 2  // INT64
        }
    }

    /// `ConvertedType` enum value and the `LogicalType` union field id, for types that have one.
    var logicalType: (convertedType: Int32, unionField: Int16)? {
        switch self {
        case .string: (0, 1)  // UTF8, STRING
        case .date: (6, 6)  // DATE, DATE
        case .double, .int64: nil
        }
    }
}

extension [UInt8] {
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
