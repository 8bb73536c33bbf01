/// A minimal Thrift Compact Protocol encoder: just what Parquet's page headers and footer need.
///
/// A struct is a sequence of fields ended by a STOP byte (0). A field header is the single byte
/// `(id - previousID) << 4 | wireType` when that delta is 1...15, otherwise `wireType` followed by the
/// zigzag varint of the id. Integers are zigzag varints, binaries are a varint length plus the bytes,
/// and booleans live in the field header's wire type (1 = true, 2 = false).
struct CompactEncoder {
    /// The 4-bit wire types of the compact protocol that Parquet metadata uses here.
    enum WireType: UInt8 {
        case boolTrue = 1
        case boolFalse = 2
        case i32 = 5
        case i64 = 6
        case binary = 8
        case list = 9
        case structure = 12
    }

    private(set) var bytes: [UInt8] = []
    private var lastFieldID: Int16 = 0

    /// Encodes one top-level struct whose fields `body` writes, including its closing STOP byte.
    static func encode(_ body: (inout CompactEncoder) -> Void) -> [UInt8] {
        var encoder = CompactEncoder()
        encoder.structBody(body)
        return encoder.bytes
    }

    /// Maps signed to unsigned so small magnitudes stay small: 0, -1, 1, -2, ... become 0, 1, 2, 3, ...
    static func zigzag(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }

    /// Appends `value` as an unsigned LEB128 varint (7 bits per byte, least significant group first).
    static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func i32(_ id: Int16, _ value: Int32) {
        fieldHeader(id, .i32)
        varint(Self.zigzag(Int64(value)))
    }

    mutating func i64(_ id: Int16, _ value: Int64) {
        fieldHeader(id, .i64)
        varint(Self.zigzag(value))
    }

    mutating func bool(_ id: Int16, _ value: Bool) {
        fieldHeader(id, value ? .boolTrue : .boolFalse)
    }

    mutating func binary(_ id: Int16, _ value: [UInt8]) {
        fieldHeader(id, .binary)
        rawBinary(value)
    }

    mutating func string(_ id: Int16, _ value: String) {
        binary(id, Array(value.utf8))
    }

    /// A nested struct field; `body` writes its fields.
    mutating func structure(_ id: Int16, _ body: (inout CompactEncoder) -> Void) {
        fieldHeader(id, .structure)
        structBody(body)
    }

    mutating func i32List(_ id: Int16, _ values: [Int32]) {
        listHeader(id, .i32, count: values.count)
        for value in values { varint(Self.zigzag(Int64(value))) }
    }

    mutating func stringList(_ id: Int16, _ values: [String]) {
        listHeader(id, .binary, count: values.count)
        for value in values { rawBinary(Array(value.utf8)) }
    }

    /// A list of structs; `body` writes the fields of the struct for each element.
    mutating func structList<Element>(
        _ id: Int16, _ elements: [Element], _ body: (inout CompactEncoder, Element) -> Void
    ) {
        listHeader(id, .structure, count: elements.count)
        for element in elements { structBody { body(&$0, element) } }
    }

    private mutating func fieldHeader(_ id: Int16, _ type: WireType) {
        let delta = Int(id) - Int(lastFieldID)
        if (1...15).contains(delta) {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            varint(Self.zigzag(Int64(id)))
        }
        lastFieldID = id
    }

    private mutating func listHeader(_ id: Int16, _ elementType: WireType, count: Int) {
        fieldHeader(id, .list)
        if count < 15 {
            bytes.append(UInt8(count) << 4 | elementType.rawValue)
        } else {
            bytes.append(0xF0 | elementType.rawValue)
            varint(UInt64(count))
        }
    }

    private mutating func structBody(_ body: (inout CompactEncoder) -> Void) {
        let outerFieldID = lastFieldID
        lastFieldID = 0
        body(&self)
        bytes.append(0)  // STOP
        lastFieldID = outerFieldID
    }

    private mutating func rawBinary(_ value: [UInt8]) {
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    private mutating func varint(_ value: UInt64) {
        Self.appendVarint(value, to: &bytes)
    }
}
