/// The four providers, by the names users type and scripts depend on.
public enum SourceID: String, Sendable, CaseIterable, Codable, Comparable {
    case polygon, fmp, alphavantage, eodhd

    /// The prefix of this source's environment variables (`POLYGON` → `POLYGON_API_KEY`).
    public var environmentPrefix: String { rawValue.uppercased() }

    /// The provider's name as people write it.
    public var displayName: String {
        switch self {
        case .polygon: "Polygon"
        case .fmp: "Financial Modeling Prep"
        case .alphavantage: "Alpha Vantage"
        case .eodhd: "EOD Historical Data"
        }
    }

    public static func < (lhs: SourceID, rhs: SourceID) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
