import Testing

@testable import QuantumParquet

@Suite struct CompactEncoderTests {
    @Test(arguments: [
        (Int64(0), UInt64(0)), (-1, 1), (1, 2), (-2, 3), (2, 4), (63, 126), (-64, 127),
        (2_147_483_647, 4_294_967_294), (-2_147_483_648, 4_294_967_295), (.max, .max - 1), (.min, .max),
    ])
    func zigzag(value: Int64, expected: UInt64) {
        #expect(CompactEncoder.zigzag(value) == expected)
    }

    static let varints: [(UInt64, [UInt8])] = [
        (0, [0x00]), (1, [0x01]), (127, [0x7F]), (128, [0x80, 0x01]), (300, [0xAC, 0x02]),
        (16_384, [0x80, 0x80, 0x01]), (.max, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
    ]

    @Test(arguments: varints)
    func varint(value: UInt64, expected: [UInt8]) {
        var bytes: [UInt8] = []
        CompactEncoder.appendVarint(value, to: &bytes)
        #expect(bytes == expected)
    }

    @Test func zigzagVarintFields() {
        #expect(CompactEncoder.encode { $0.i32(1, -1) } == [0x15, 0x01, 0x00])
        #expect(CompactEncoder.encode { $0.i32(1, 150) } == [0x15, 0xAC, 0x02, 0x00])
        #expect(CompactEncoder.encode { $0.i64(2, -65) } == [0x26, 0x81, 0x01, 0x00])
    }

    @Test func structWithEveryFieldKind() {
        let bytes = CompactEncoder.encode { e in
            e.i32(1, 1)
            e.string(4, "ab")
            e.bool(5, true)
            e.bool(6, false)
            e.i64(40, -3)  // id delta 34 > 15: long-form header
            e.structure(41) { $0.i32(1, 7) }  // nested ids restart at 0; 41 is restored afterwards
            e.i32List(42, [0, 3])
            e.stringList(43, ["x"])
            e.structList(44, [1, 2] as [Int32]) { $0.i32(1, $1) }
        }
        let expected: [UInt8] = [
            0x15, 0x02,  // field 1 i32: zigzag(1)
            0x38, 0x02, 0x61, 0x62,  // field 4 (delta 3) binary: length 2, "ab"
            0x11,  // field 5 bool true
            0x12,  // field 6 bool false
            0x06, 0x50, 0x05,  // i64, field id zigzag(40) = 80, value zigzag(-3) = 5
            0x1C, 0x15, 0x0E, 0x00,  // field 41 struct { 1: i32 7 } STOP
            0x19, 0x25, 0x00, 0x06,  // field 42 list<i32> of 2: 0, 3
            0x19, 0x18, 0x01, 0x78,  // field 43 list<binary> of 1: "x"
            0x19, 0x2C, 0x15, 0x02, 0x00, 0x15, 0x04, 0x00,  // field 44 list<struct> of 2
            0x00,  // STOP
        ]
        #expect(bytes == expected)
    }

    @Test func longListHeader() {
        let bytes = CompactEncoder.encode { $0.i32List(1, [Int32](repeating: -1, count: 15)) }
        #expect(bytes == [0x19, 0xF5, 0x0F] + [UInt8](repeating: 0x01, count: 15) + [0x00])
    }
}

@Suite struct PageTests {
    @Test func requiredInt64Page() throws {
        let page = try ColumnPage(column: ParquetColumn(name: "v", type: .int64, optional: false), values: [.int64(-2)])
        #expect(page.body == [0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        let header: [UInt8] = [
            0x15, 0x00,  // type DATA_PAGE
            0x15, 0x10, 0x15, 0x10,  // uncompressed/compressed size 8
            0x2C,  // field 5 data_page_header
            0x15, 0x02, 0x15, 0x00, 0x15, 0x06, 0x15, 0x06, 0x00,  // 1 value, PLAIN, RLE, RLE
            0x00,
        ]
        #expect(page.header == header)
    }

    @Test func optionalStringPage() throws {
        let column = ParquetColumn(name: "s", type: .string, optional: true)
        let page = try ColumnPage(column: column, values: [.string("é"), .null, .null, .string("")])
        let levels: [UInt8] = [0x02, 0x01, 0x04, 0x00, 0x02, 0x01]  // runs: 1×1, 2×0, 1×1
        let values: [UInt8] = [0x02, 0x00, 0x00, 0x00, 0xC3, 0xA9, 0x00, 0x00, 0x00, 0x00]
        #expect(page.body == [0x06, 0x00, 0x00, 0x00] + levels + values)
        #expect(page.statistics.nullCount == 2)
    }

    @Test func definitionLevelRuns() {
        #expect(ColumnPage.definitionLevels([]) == [])
        #expect(ColumnPage.definitionLevels([true, true, true, false, true]) == [0x06, 0x01, 0x02, 0x00, 0x02, 0x01])
        #expect(ColumnPage.definitionLevels(Array(repeating: true, count: 200)) == [0x90, 0x03, 0x01])
    }

    @Test func doubleStatisticsSignedZeroAndNaN() {
        var stats = ColumnStatistics()
        for value in [0.0, .nan, 0.0] { stats.include(value) }
        let bounds = stats.encodedBounds(for: .double)
        #expect(bounds?.min == [0, 0, 0, 0, 0, 0, 0, 0x80])  // -0.0
        #expect(bounds?.max == [0, 0, 0, 0, 0, 0, 0, 0])  // +0.0
        var onlyNaN = ColumnStatistics()
        onlyNaN.include(Double.nan)
        #expect(onlyNaN.encodedBounds(for: .double) == nil)
    }
}

@Suite struct WriterTests {
    let columns = [
        ParquetColumn(name: "d", type: .date, optional: false),
        ParquetColumn(name: "x", type: .double, optional: true),
    ]

    @Test func headerAndFooterFraming() throws {
        var writer = ParquetWriter(columns: columns, createdBy: "test")
        #expect(writer.header() == Array("PAR1".utf8))
        let group = try writer.rowGroup([[.date(1), .double(2)], [.date(-1), .null]])
        #expect(!group.isEmpty)
        let footer = writer.footer()
        #expect(Array(footer.suffix(4)) == Array("PAR1".utf8))
        let length = footer.dropLast(4).suffix(4).reversed().reduce(0) { $0 << 8 | Int($1) }
        #expect(length == footer.count - 8)
    }

    @Test func invalidRowGroupsThrowAndLeaveTheWriterUnchanged() throws {
        var writer = ParquetWriter(columns: columns, createdBy: "test")
        let before = writer.footer()
        #expect(throws: ParquetError.emptyRowGroup) { try writer.rowGroup([]) }
        #expect(throws: ParquetError.wrongValueCount(row: 1, count: 1, expected: 2)) {
            try writer.rowGroup([[.date(0), .null], [.date(0)]])
        }
        #expect(throws: ParquetError.typeMismatch(row: 0, column: "x", expected: .double, value: .int64(1))) {
            try writer.rowGroup([[.date(0), .int64(1)]])
        }
        #expect(throws: ParquetError.nullInRequiredColumn(row: 1, column: "d")) {
            try writer.rowGroup([[.date(0), .null], [.null, .null]])
        }
        #expect(writer.footer() == before)
    }
}
