/// A provider, by the name users type and scripts depend on.
///
/// Every value names a provider listed in `ProviderRegistry`: `init?(rawValue:)` refuses any
/// other name, and each provider declares its constant (`SourceID.NAME`) in its own folder.
/// Sources compare in the registry's order, the default priority.
public struct SourceID: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The name, as typed and written to output.
    public let rawValue: String

    /// The registered provider with this name, or nil.
    public init?(rawValue: String) {
        guard ProviderRegistry.names.contains(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    /// The name a descriptor declares; only `ProviderDescriptor` makes one this way.
    init(declaring name: String) {
        rawValue = name
    }

    public var description: String { rawValue }

    public static func < (lhs: SourceID, rhs: SourceID) -> Bool {
        let order = ProviderRegistry.names
        let left = order.firstIndex(of: lhs.rawValue) ?? order.count
        let right = order.firstIndex(of: rhs.rawValue) ?? order.count
        return left != right ? left < right : lhs.rawValue < rhs.rawValue
    }
}

extension SourceID: Codable {
    /// Reads the name as a string; a name the registry does not know is an error.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let id = SourceID(rawValue: name) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown source '\(name)'")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
