/// Every provider the program knows, in the default priority order: one line per provider.
///
/// Adding a provider is a folder under `Providers/` (its adapter, decoding and descriptor) and
/// one line here.
public enum ProviderRegistry {
    /// The providers, in the default priority order (first tried first).
    public static let descriptors: [ProviderDescriptor] = [
        .polygon,
        .fmp,
        .alphavantage,
        .eodhd,
    ]

    /// The registered sources, in the default priority order.
    public static let ids = descriptors.map(\.id)

    /// The registered names, in the default priority order, for messages and suggestions.
    public static let names = descriptors.map(\.id.rawValue)

    /// The descriptor of a registered source.
    public static func descriptor(for id: SourceID) -> ProviderDescriptor {
        guard let descriptor = descriptors.first(where: { $0.id == id }) else {
            // A SourceID passed `init?(rawValue:)`, which checks this list, or was declared by a
            // descriptor: only a descriptor left out of the list gets here.
            preconditionFailure("source '\(id.rawValue)' is declared but not listed in ProviderRegistry")
        }
        return descriptor
    }
}

extension SourceID {
    /// This source's descriptor in the registry.
    public var descriptor: ProviderDescriptor { ProviderRegistry.descriptor(for: self) }
}

/// The adapter for a source.
public func dataSource(for id: SourceID) -> any DataSource {
    id.descriptor.source()
}
