/// A split or reverse split: from `date` (the first session on the new share basis, at all four
/// providers; PROVIDERS.md §6.0) the shares trade at `ratio`.
public struct Split: Sendable, Hashable, Codable {
    public var date: TradingDate
    public var ratio: SplitRatio

    public init(date: TradingDate, ratio: SplitRatio) {
        self.date = date
        self.ratio = ratio
    }
}

/// A cash dividend, per share, as declared (in the share basis of its ex-date, never re-based
/// for later splits).
public struct CashDividend: Sendable, Hashable, Codable {
    /// The first session that trades without the dividend.
    public var exDate: TradingDate
    /// Per share, as declared, in `currency`.
    public var amount: Double
    /// ISO 4217 code, when the provider says (`USD`).
    public var currency: String?
    public var declarationDate: TradingDate?
    public var recordDate: TradingDate?
    public var payDate: TradingDate?

    public init(
        exDate: TradingDate, amount: Double, currency: String? = nil, declarationDate: TradingDate? = nil,
        recordDate: TradingDate? = nil, payDate: TradingDate? = nil
    ) {
        self.exDate = exDate
        self.amount = amount
        self.currency = currency
        self.declarationDate = declarationDate
        self.recordDate = recordDate
        self.payDate = payDate
    }
}

/// A listing that changed its symbol: from `date` it trades as `newSymbol`.
public struct SymbolChange: Sendable, Hashable, Codable {
    public var date: TradingDate
    public var oldSymbol: String
    public var newSymbol: String

    public init(date: TradingDate, oldSymbol: String, newSymbol: String) {
        self.date = date
        self.oldSymbol = oldSymbol
        self.newSymbol = newSymbol
    }
}

/// One corporate action as one provider reported it.
public enum CorporateAction: Sendable, Hashable, Codable {
    case split(Split)
    case dividend(CashDividend)
    case symbolChange(SymbolChange)

    /// The action's kind as the JSON output names it.
    public enum Kind: String, Sendable, CaseIterable, Comparable {
        case split, dividend
        case symbolChange = "symbol_change"

        /// As prose: `symbol change`.
        public var label: String { self == .symbolChange ? "symbol change" : rawValue }

        public static func < (a: Kind, b: Kind) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    public var kind: Kind {
        switch self {
        case .split: .split
        case .dividend: .dividend
        case .symbolChange: .symbolChange
        }
    }

    /// The split's date, the dividend's ex-date, the symbol change's effective date.
    public var date: TradingDate {
        switch self {
        case .split(let split): split.date
        case .dividend(let dividend): dividend.exDate
        case .symbolChange(let change): change.date
        }
    }
}

/// Which endpoint of a provider an actions request reads.
public enum ActionFeed: String, Sendable, CaseIterable, Codable {
    case splits, dividends
    case symbolChanges = "symbol changes"
}

/// The actions decoded from one response, what the provider reported that is not an action of
/// ours (a spin-off booked as a split), and the request for the next page if there is one.
public struct ActionPage: Sendable {
    public var actions: [CorporateAction]
    public var warnings: [String]
    public var next: ProviderRequest?

    public init(actions: [CorporateAction], warnings: [String] = [], next: ProviderRequest? = nil) {
        self.actions = actions
        self.warnings = warnings
        self.next = next
    }
}
