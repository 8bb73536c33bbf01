/// One column chunk's single data page (V1): its Thrift-compact `PageHeader` and its body.
struct ColumnPage {
    var header: [UInt8]
    /// Definition levels (optional columns only: 4-byte little-endian length + RLE runs), then PLAIN values.
    var body: [UInt8]
    var statistics = ColumnStatistics()

    init(column: ParquetColumn, values: some Collection<ParquetValue>) throws {
        var plain: [UInt8] = []
        var defined: [Bool] = []
        defined.reserveCapacity(column.optional ? values.count : 0)
        for (row, value) in values.enumerated() {
            switch (column.type, value) {
            case (_, .null):
                guard column.optional else { throw ParquetError.nullInRequiredColumn(row: row, column: column.name) }
                statistics.nullCount += 1
            case (.string, .string(let text)):
                let utf8 = Array(text.utf8)
                guard let length = UInt32(exactly: utf8.count) else {
                    throw ParquetError.pageTooLarge(column: column.name)
                }
                plain.appendLittleEndian(length)
                plain += utf8
            case (.date, .date(let days)):
                plain.appendLittleEndian(days)
                statistics.include(Int64(days))
            case (.double, .double(let number)):
                plain.appendLittleEndian(number.bitPattern)
                statistics.include(number)
            case (.int64, .int64(let number)):
                plain.appendLittleEndian(number)
                statistics.include(number)
            default:
                throw ParquetError.typeMismatch(row: row, column: column.name, expected: column.type, value: value)
            }
            if column.optional { defined.append(value != .null) }
        }

        body = []
        if column.optional {
            let levels = Self.definitionLevels(defined)
            body.appendLittleEndian(UInt32(levels.count))
            body += levels
        }
        body += plain
        guard let pageSize = Int32(exactly: body.count), let valueCount = Int32(exactly: values.count) else {
            throw ParquetError.pageTooLarge(column: column.name)
        }
        header = CompactEncoder.encode { page in
            page.i32(1, 0)  // type: DATA_PAGE
            page.i32(2, pageSize)  // uncompressed_page_size
            page.i32(3, pageSize)  // compressed_page_size
            page.structure(5) { data in  // data_page_header
                data.i32(1, valueCount)  // num_values, nulls included
                data.i32(2, Encoding.plain)
                data.i32(3, Encoding.rle)  // definition_level_encoding
                data.i32(4, Encoding.rle)  // repetition_level_encoding
            }
        }
    }

    /// Definition levels (1 = value present, 0 = null) in the RLE/bit-packed hybrid encoding with bit width 1,
    /// written as RLE runs only: a ULEB128 header `runLength << 1` followed by the level in one byte.
    static func definitionLevels(_ defined: [Bool]) -> [UInt8] {
        var bytes: [UInt8] = []
        var start = defined.startIndex
        while start < defined.endIndex {
            let level = defined[start]
            let end = defined[start...].firstIndex { $0 != level } ?? defined.endIndex
            CompactEncoder.appendVarint(UInt64(end - start) << 1, to: &bytes)
            bytes.append(level ? 1 : 0)
            start = end
        }
        return bytes
    }
}

/// Running statistics of one column chunk: null count, and min/max of the dates, integers and non-NaN doubles.
struct ColumnStatistics {
    var nullCount: Int64 = 0
    private var integers: (min: Int64, max: Int64)?
    private var doubles: (min: Double, max: Double)?

    mutating func include(_ value: Int64) {
        integers = integers.map { (Swift.min($0.min, value), Swift.max($0.max, value)) } ?? (value, value)
    }

    mutating func include(_ value: Double) {
        guard !value.isNaN else { return }
        doubles = doubles.map { (Swift.min($0.min, value), Swift.max($0.max, value)) } ?? (value, value)
    }

    /// Min and max PLAIN-encoded in the column's physical type, or nil when there are none (or for strings).
    /// Per the spec, a zero double minimum is written as -0.0 and a zero maximum as +0.0.
    func encodedBounds(for type: ParquetColumnType) -> (min: [UInt8], max: [UInt8])? {
        switch type {
        case .date:
            guard let integers else { return nil }
            return (
                Self.plain(Int32(truncatingIfNeeded: integers.min)), Self.plain(Int32(truncatingIfNeeded: integers.max))
            )
        case .int64:
            guard let integers else { return nil }
            return (Self.plain(integers.min), Self.plain(integers.max))
        case .double:
            guard let doubles else { return nil }
            let low = doubles.min == 0 ? -0.0 : doubles.min
            let high = doubles.max == 0 ? 0.0 : doubles.max
            return (Self.plain(low.bitPattern), Self.plain(high.bitPattern))
        case .string:
            return nil
        }
    }

    private static func plain<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.appendLittleEndian(value)
        return bytes
    }
}
