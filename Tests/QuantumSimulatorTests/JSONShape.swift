import QuantumCore

/// The shape of a JSON value: its kind, an object's keys and their shapes, and the merged shape
/// of an array's elements or of an object keyed by dates (such as a series keyed by day).
indirect enum JSONShape: Decodable, Equatable, CustomStringConvertible {
    case null, bool, number, string
    /// The elements' shapes merged (objects: the union of their keys); nil when empty.
    case array(JSONShape?)
    /// An object whose keys are all `YYYY-MM-DD` dates: its values' shapes merged.
    case dated(JSONShape?)
    case object([String: JSONShape])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if (try? container.decode(Bool.self)) != nil {
            self = .bool
        } else if (try? container.decode(Double.self)) != nil {
            self = .number
        } else if (try? container.decode(String.self)) != nil {
            self = .string
        } else if let elements = try? container.decode([JSONShape].self) {
            self = .array(Self.merged(elements))
        } else {
            let members = try container.decode([String: JSONShape].self)
            if !members.isEmpty, members.keys.allSatisfy({ TradingDate($0) != nil }) {
                self = .dated(Self.merged(Array(members.values)))
            } else {
                self = .object(members)
            }
        }
    }

    static func merged(_ shapes: [JSONShape]) -> JSONShape? {
        shapes.dropFirst().reduce(shapes.first) { merged, next in merged?.merging(next) }
    }

    /// Two shapes as one: objects take the union of their keys; otherwise the first wins.
    func merging(_ other: JSONShape) -> JSONShape {
        switch (self, other) {
        case (.object(let a), .object(let b)): .object(a.merging(b) { first, second in first.merging(second) })
        case (.array(let a?), .array(let b?)): .array(a.merging(b))
        case (.dated(let a?), .dated(let b?)): .dated(a.merging(b))
        case (.array(nil), _), (.dated(nil), _): other
        default: self
        }
    }

    /// The same shape with every object key passed through `rename` (such as dropping the
    /// `"1. "` numbering some providers put before their keys).
    func renamingKeys(_ rename: (String) -> String) -> JSONShape {
        switch self {
        case .object(let members):
            .object(
                Dictionary(
                    members.map { (rename($0.key), $0.value.renamingKeys(rename)) },
                    uniquingKeysWith: { first, _ in first }))
        case .array(let element): .array(element?.renamingKeys(rename))
        case .dated(let element): .dated(element?.renamingKeys(rename))
        default: self
        }
    }

    /// Where this shape differs from `expected`, by path; keys of `expected` listed in `absent`
    /// may be missing here.
    func differences(from expected: JSONShape, absent: Set<String> = [], at path: String = "$") -> [String] {
        switch (self, expected) {
        case (.object(let mine), .object(let theirs)):
            var found: [String] = []
            for key in Set(mine.keys).union(theirs.keys).sorted() {
                switch (mine[key], theirs[key]) {
                case (let a?, let b?): found += a.differences(from: b, absent: absent, at: "\(path).\(key)")
                case (_?, nil): found.append("\(path).\(key) is not in the recorded response")
                case (nil, _?) where !absent.contains(key): found.append("\(path).\(key) is missing")
                default: break
                }
            }
            return found
        case (.array(let a?), .array(let b?)), (.dated(let a?), .dated(let b?)):
            return a.differences(from: b, absent: absent, at: path + "[]")
        case (.array, .array), (.dated, .dated):
            return []
        default:
            return self == expected ? [] : ["\(path) is \(self), recorded as \(expected)"]
        }
    }

    var description: String {
        switch self {
        case .null: "null"
        case .bool: "a bool"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .dated: "an object keyed by date"
        case .object: "an object"
        }
    }
}
