extension ProviderDescriptor {
    /// EOD Historical Data: as traded (with an adjusted close); by default its free plan's 20
    /// requests a day and 1,000 a minute (PROVIDERS.md §4, "Limits"; paid plans: 100,000 a day,
    /// `EODHD_LIMITS=1000/min,100000/day`).
    public static let eodhd = ProviderDescriptor(
        name: "eodhd",
        displayName: "EOD Historical Data",
        environmentPrefix: "EODHD",
        defaultBaseURL: "https://eodhd.com",
        defaultLimits: [
            RateWindow(count: 1000, length: .seconds(60)), RateWindow(count: 20, length: .seconds(86_400)),
        ],
        defaultPlan: "free plan",
        bases: [.raw],
        keyParameter: "api_token",
        symbol: EODHDSource.symbol(for:),
        source: { EODHDSource() }
    )
}

extension SourceID {
    /// EOD Historical Data.
    public static let eodhd = ProviderDescriptor.eodhd.id
}
