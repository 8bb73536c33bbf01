extension ProviderDescriptor {
    /// Alpha Vantage: as traded; by default its free plan's 25 requests a day, at most one a
    /// second (PROVIDERS.md §3, as its own notices state them).
    public static let alphavantage = ProviderDescriptor(
        name: "alphavantage",
        displayName: "Alpha Vantage",
        environmentPrefix: "ALPHAVANTAGE",
        defaultBaseURL: "https://www.alphavantage.co",
        defaultLimits: [RateWindow(count: 1, length: .seconds(1)), RateWindow(count: 25, length: .seconds(86_400))],
        defaultPlan: "free plan",
        bases: [.raw],
        keyParameter: "apikey",
        symbol: AlphaVantageSource.symbol(for:),
        source: { AlphaVantageSource() }
    )
}

extension SourceID {
    /// Alpha Vantage.
    public static let alphavantage = ProviderDescriptor.alphavantage.id
}
