/// The type of a column: its Parquet physical type plus, where needed, its logical type.
public enum ParquetColumnType: Sendable, Hashable {
    /// UTF-8 text: physical `BYTE_ARRAY`, logical type `STRING` (converted type `UTF8`).
    case string
    /// Calendar date: physical `INT32`, logical type `DATE` (converted type `DATE`), in days since 1970-01-01.
    case date
    /// IEEE 754 binary64: physical `DOUBLE`.
    case double
    /// Signed 64-bit integer: physical `INT64`.
    case int64
}

/// One top-level column of a flat schema.
public struct ParquetColumn: Sendable, Hashable {
    /// Column name, stored as the schema element name and the column's `path_in_schema`.
    public var name: String
    /// The column's type.
    public var type: ParquetColumnType
    /// `true` for repetition `OPTIONAL` (values may be `.null`), `false` for `REQUIRED`.
    public var optional: Bool

    public init(name: String, type: ParquetColumnType, optional: Bool = false) {
        self.name = name
        self.type = type
        self.optional = optional
    }
}

/// One cell value. The case must match the column's `ParquetColumnType`; `.null` is allowed only in optional columns.
public enum ParquetValue: Sendable, Equatable {
    /// Text for a `.string` column.
    case string(String)
    /// Days since 1970-01-01 (negative before it) for a `.date` column.
    case date(Int32)
    /// A value for a `.double` column (NaN and infinities allowed; NaN is left out of min/max statistics).
    case double(Double)
    /// A value for an `.int64` column.
    case int64(Int64)
    /// A missing value in an optional column.
    case null
}

/// Errors thrown by `ParquetWriter.rowGroup(_:)`; the writer is left unchanged when one is thrown.
public enum ParquetError: Error, Sendable, Equatable {
    /// The row group had no rows.
    case emptyRowGroup
    /// Row `row` (0-based within the row group) had `count` values but the schema has `expected` columns.
    case wrongValueCount(row: Int, count: Int, expected: Int)
    /// Row `row` of column `column` held a value whose case does not match the column's type.
    case typeMismatch(row: Int, column: String, expected: ParquetColumnType, value: ParquetValue)
    /// Row `row` of the required (non-optional) column `column` was `.null`.
    case nullInRequiredColumn(row: Int, column: String)
    /// The data page of column `column` would exceed the format's limit of `Int32.max` bytes or values.
    case pageTooLarge(column: String)
}
