extension ProviderDescriptor {
    /// Financial Modeling Prep: split-adjusted only; by default its free plan's 250 requests a day
    /// (PROVIDERS.md §2; the paid Starter plan is 300 a minute: `FMP_LIMITS=300/min`).
    public static let fmp = ProviderDescriptor(
        name: "fmp",
        displayName: "Financial Modeling Prep",
        environmentPrefix: "FMP",
        defaultBaseURL: "https://financialmodelingprep.com",
        defaultLimits: [RateWindow(count: 250, length: .seconds(86_400))],
        defaultPlan: "free plan",
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
