import Foundation

/// A JSON value of a request body, read exactly: `5` is a whole number, `"5"` a string, `true` a
/// boolean (never 1), `2.5` and `1e300` numbers that are not whole (or too large for one).
enum BodyValue: Decodable, Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([BodyValue])
    case object([String: BodyValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([BodyValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: BodyValue].self))
        }
    }

    /// Reads a whole document.
    static func parse(_ bytes: [UInt8]) throws -> BodyValue {
        try JSONDecoder().decode(BodyValue.self, from: Data(bytes))
    }

    /// The member names of the top-level object in `bytes` as written, repeats included (a
    /// decoder keeps only one of a repeated member, and clients' decoders disagree on which).
    /// Call it on a body that parsed as an object.
    static func topLevelNames(_ bytes: [UInt8]) -> [String] {
        var names: [String] = []
        var depth = 0
        var expectingName = false
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") {
                // A string: find its end, skipping escapes; at depth 1 before a colon it is a name.
                var end = i + 1
                while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
                    end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1
                }
                if depth == 1, expectingName, end < bytes.count,
                    let name = try? JSONDecoder().decode(String.self, from: Data(bytes[i...end]))
                {
                    names.append(name)
                    expectingName = false
                }
                i = end + 1
                continue
            }
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                expectingName = depth == 1 && byte == UInt8(ascii: "{")
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            case UInt8(ascii: ","): expectingName = depth == 1
            default: break
            }
            i += 1
        }
        return names
    }

    /// What the value is, for a message: `a string`, `a number`, ….
    var kind: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer: "a whole number"
        case .number: "a fraction or a number too large"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
