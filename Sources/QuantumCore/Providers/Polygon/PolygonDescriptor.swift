extension ProviderDescriptor {
    /// Polygon.io: split-adjusted or as traded, 5 requests a minute on the free plan.
    public static let polygon = ProviderDescriptor(
        name: "polygon",
        displayName: "Polygon",
        environmentPrefix: "POLYGON",
        defaultBaseURL: "https://api.polygon.io",
        defaultLimits: [RateWindow(count: 5, length: .seconds(60))],
        bases: [.split, .raw],
        keyParameter: "apiKey",
        source: { PolygonSource() }
    )
}

extension SourceID {
    /// Polygon.
    public static let polygon = ProviderDescriptor.polygon.id
}
