import QuantumCore

/// A cash dividend as the market declared it, with what the providers derive from it.
struct DividendRecord: Sendable {
    var dividend: CashDividend
    /// The raw close of the session before the ex-date, on the ex-date's share basis.
    var closeBefore: Double
    /// The dividend factor of prices before the ex-date: this dividend's `1 − D / C` and every
    /// later one's.
    var factorBefore: Double
    /// The product of the ratios of the splits after the ex-date: the amount divided by it is on
    /// today's share basis.
    var laterSplits: Double

    /// The amount on today's share basis.
    var splitAdjustedAmount: Double { dividend.amount / laterSplits }
}

/// A symbol change, with the company's name as the symbol-change feeds list it.
struct RenameRecord: Sendable {
    var change: SymbolChange
    var company: String
}

extension Market {
    /// The ticker's splits and cash dividends through `today`, oldest first: the events its prices
    /// reflect (none for a symbol the market does not have).
    ///
    /// A dividend is declared on every quarterly ex-date of a ticker that pays them (February,
    /// May, August and November, the first session on or after the 10th): 0.4 % of the raw close
    /// of the session before, per share on the ex-date's basis, to four decimals; in the
    /// listing's currency. It is declared about two weeks before its ex-date, recorded the next
    /// session and paid about three weeks after. The `split+dividend` basis applies exactly these
    /// amounts, as `PriceAdjustment` does (CRSP).
    public func actions(_ ticker: String) -> (splits: [Split], dividends: [CashDividend]) {
        (splits(ticker), dividendRecords(ticker).map(\.dividend))
    }

    /// Every symbol change in the universe by `today`, oldest first.
    public var symbolChanges: [SymbolChange] { renames.map(\.change) }

    /// The ticker's splits through `today`, oldest first.
    func splits(_ ticker: String) -> [Split] {
        (Universe.splits[ticker] ?? []).compactMap { split -> Split? in
            guard let date = TradingDate(split.date), date <= today,
                let ratio = split.ratio >= 1
                    ? SplitRatio(new: split.ratio, old: 1) : SplitRatio(new: 1, old: 1 / split.ratio)
            else { return nil }
            return Split(date: date, ratio: ratio)
        }.sorted { $0.date < $1.date }
    }

    /// The ticker's cash dividends through `today`, oldest first.
    func dividendRecords(_ ticker: String) -> [DividendRecord] {
        guard let series = series(ticker) else { return [] }
        let calendar = ListingCalendar(ticker: ticker)
        let currency = Self.currency(of: ticker)
        return series.dividends.map { declared in
            let exDate = series.dates[declared.index]
            let dividend = CashDividend(
                exDate: exDate, amount: declared.amount, currency: currency,
                declarationDate: calendar.sessions(from: exDate.adding(days: -21), through: exDate.adding(days: -14))
                    .last,
                recordDate: calendar.sessions(from: exDate.adding(days: 1), through: exDate.adding(days: 10)).first,
                payDate: calendar.sessions(from: exDate.adding(days: 21), through: exDate.adding(days: 31)).first)
            return DividendRecord(
                dividend: dividend, closeBefore: declared.closeBefore, factorBefore: declared.factorBefore,
                laterSplits: series.splitFactor[declared.index])
        }
    }

    /// The symbol changes in force by `today`, oldest first.
    var renames: [RenameRecord] {
        Universe.renames.compactMap { rename -> RenameRecord? in
            guard let date = TradingDate(rename.date), date <= today else { return nil }
            return RenameRecord(
                change: SymbolChange(date: date, oldSymbol: rename.old, newSymbol: rename.new), company: rename.company)
        }.sorted { $0.change.date < $1.change.date }
    }

    /// The symbols the listing now called `ticker` has traded under, newest first, each from the
    /// first session it names (the oldest from the series' first session); nil for a symbol the
    /// market does not have.
    func symbolHistory(_ ticker: String) -> [(date: TradingDate, symbol: String)]? {
        guard let first = series(ticker)?.dates.first else { return nil }
        var history: [(date: TradingDate, symbol: String)] = []
        var current = ticker
        for rename in renames.reversed() where rename.change.newSymbol == current && rename.change.date > first {
            history.append((rename.change.date, current))
            current = rename.change.oldSymbol
        }
        history.append((first, current))
        return history
    }

    /// The currency a listing trades and pays in (pence on the London Stock Exchange, as its prices).
    static func currency(of ticker: String) -> String {
        switch Listing(ticker: ticker).mic {
        case "XASX": "AUD"
        case "XETR": "EUR"
        case "XLON": "GBX"
        case "XTSE": "CAD"
        default: "USD"
        }
    }
}
