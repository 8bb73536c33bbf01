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
        // The stable end-of-day endpoints answer at most the latest 5000 dates of a range.
        maxBarsPerRequest: 5000,
        source: { FMPSource() }
    )
}

extension SourceID {
    /// Financial Modeling Prep.
    public static let fmp = ProviderDescriptor.fmp.id
}
