/// Builds compact JSON text with keys in the order given, so machine output and exports are stable.
package enum JSONWriter {
    /// A JSON string literal.
    package static func string(_ s: String) -> String {
        // Most strings (keys, dates, names) need no escape: copied whole, not scalar by scalar.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + s + "\""
        }
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A JSON number: integral values without a fraction, others in shortest round-trip form;
    /// non-finite values (which JSON cannot hold) as null.
    package static func number(_ value: Double) -> String {
        NumberText.shortest(value)
    }

    /// `{"k":v,…}` from already-encoded values.
    package static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    package static func array(_ items: [String]) -> String {
        "[" + items.joined(separator: ",") + "]"
    }

    package static func optional(_ value: String?) -> String {
        value.map(string) ?? "null"
    }

    package static func optional(_ value: Int?) -> String {
        value.map(String.init) ?? "null"
    }
}
