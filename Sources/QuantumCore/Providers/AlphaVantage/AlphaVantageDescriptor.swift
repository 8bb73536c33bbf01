extension ProviderDescriptor {
    /// Alpha Vantage: as traded, 5 requests a minute and 25 a day on the free plan.
    public static let alphavantage = ProviderDescriptor(
        name: "alphavantage",
        displayName: "Alpha Vantage",
        environmentPrefix: "ALPHAVANTAGE",
        defaultBaseURL: "https://www.alphavantage.co",
        defaultLimits: [RateWindow(count: 5, length: .seconds(60)), RateWindow(count: 25, length: .seconds(86_400))],
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
