extension ProviderDescriptor {
    /// Polygon.io: split-adjusted or as traded; by default its free (Basic) plan's 5 requests a
    /// minute (PROVIDERS.md §1, "Free tier").
    public static let polygon = ProviderDescriptor(
        name: "polygon",
        displayName: "Polygon",
        environmentPrefix: "POLYGON",
        defaultBaseURL: "https://api.polygon.io",
        defaultLimits: [RateWindow(count: 5, length: .seconds(60))],
        defaultPlan: "free Basic plan",
        bases: [.split, .raw],
        keyParameter: "apiKey",
        source: { PolygonSource() }
    )
}

extension SourceID {
    /// Polygon.
    public static let polygon = ProviderDescriptor.polygon.id
}
