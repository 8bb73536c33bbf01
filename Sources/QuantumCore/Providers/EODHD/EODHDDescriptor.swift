extension ProviderDescriptor {
    /// EOD Historical Data: as traded (with an adjusted close), 20 requests a minute.
    public static let eodhd = ProviderDescriptor(
        name: "eodhd",
        displayName: "EOD Historical Data",
        environmentPrefix: "EODHD",
        defaultBaseURL: "https://eodhd.com",
        defaultLimits: [RateWindow(count: 20, length: .seconds(60))],
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
