extension ProviderDescriptor {
    /// Financial Modeling Prep: split-adjusted only, 300 requests a minute.
    public static let fmp = ProviderDescriptor(
        name: "fmp",
        displayName: "Financial Modeling Prep",
        environmentPrefix: "FMP",
        defaultBaseURL: "https://financialmodelingprep.com",
        defaultLimits: [RateWindow(count: 300, length: .seconds(60))],
        bases: [.split],
        keyParameter: "apikey",
        symbol: FMPSource.symbol(for:),
        source: { FMPSource() }
    )
}

extension SourceID {
    /// Financial Modeling Prep.
    public static let fmp = ProviderDescriptor.fmp.id
}
