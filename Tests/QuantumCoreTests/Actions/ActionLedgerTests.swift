import Testing
@testable import QuantumCore

/// Merging the sources' reports: every event lists who reports it; disagreements are said.
struct ActionLedgerTests {
    func day(_ text: String) -> TradingDate { TradingDate(text)! }
    func split(_ date: String, _ new: Double, _ old: Double = 1) -> CorporateAction {
        .split(Split(date: day(date), ratio: SplitRatio(new: new, old: old)!))
    }
    func dividend(_ date: String, _ amount: Double, _ currency: String? = "USD") -> CorporateAction {
        .dividend(CashDividend(exDate: day(date), amount: amount, currency: currency))
    }
    let all = Set(ActionFeed.allCases)

    @Test func agreeingSourcesMakeOneEventEach() {
        let ledger = ActionLedger.merge(
            ticker: "AAPL",
            reports: [
                ActionReport(
                    source: .fmp, feeds: all, actions: [dividend("2020-08-07", 0.82, nil), split("2020-08-31", 4)]),
                ActionReport(
                    source: .polygon, feeds: all, actions: [split("2020-08-31", 4), dividend("2020-08-07", 0.82)]),
                ActionReport(
                    source: .alphavantage, feeds: [.splits, .dividends],
                    actions: [split("2020-08-31", 4), dividend("2020-08-07", 0.82, nil)]),
                ActionReport(
                    source: .eodhd, feeds: all, actions: [split("2020-08-31", 4), dividend("2020-08-07", 0.8200)]),
            ])
        // FMP says no currency; the others' fills it in.
        #expect(ledger.events.map(\.action) == [dividend("2020-08-07", 0.82), split("2020-08-31", 4)])
        #expect(ledger.events.map(\.sources).allSatisfy { $0 == [.fmp, .polygon, .alphavantage, .eodhd] })
        #expect(ledger.disagreements.isEmpty)
    }

    /// One vendor dating the split a day early: the majority's date is used and the other said.
    @Test func aSplitDatedADayEarlyIsADisagreement() {
        let ledger = ActionLedger.merge(
            ticker: "AAPL",
            reports: [
                ActionReport(source: .polygon, feeds: all, actions: [split("2020-08-31", 4)]),
                ActionReport(source: .fmp, feeds: all, actions: [split("2020-08-28", 4)]),
                ActionReport(source: .eodhd, feeds: all, actions: [split("2020-08-31", 4)]),
            ])
        #expect(ledger.splits == [Split(date: day("2020-08-31"), ratio: SplitRatio(new: 4, old: 1)!)])
        #expect(ledger.events[0].sources == [.polygon, .eodhd])
        #expect(
            ledger.disagreements.map(\.description) == [
                "2020-08-31 split: 4-for-1 on 2020-08-31: polygon, eodhd; 4-for-1 on 2020-08-28: fmp (used: 4-for-1 on 2020-08-31)"
            ])
    }

    /// Two sources, two versions: the tie goes to the higher-priority source, and it is said.
    @Test func aTieGoesToTheFirstSourceAndIsSaid() {
        let ledger = ActionLedger.merge(
            ticker: "X",
            reports: [
                ActionReport(source: .fmp, feeds: all, actions: [split("2024-06-10", 10)]),
                ActionReport(source: .alphavantage, feeds: all, actions: [split("2024-06-10", 5)]),
            ])
        #expect(ledger.splits.map(\.ratio.description) == ["10-for-1"])
        #expect(ledger.disagreements.count == 1)
        #expect(
            ledger.disagreements[0].versions == ["10-for-1 on 2024-06-10: fmp", "5-for-1 on 2024-06-10: alphavantage"])
    }

    /// A split only one of three sources reports (Alpha Vantage's spin-off "1.0460") is left out,
    /// and said; a dividend missing at one source is used and said.
    @Test func aLoneReportIsNotUsedAndAMissingOneIsSaid() {
        let ledger = ActionLedger.merge(
            ticker: "IBM",
            reports: [
                ActionReport(source: .polygon, feeds: all, actions: [dividend("2021-11-09", 1.64)]),
                ActionReport(
                    source: .alphavantage, feeds: [.splits, .dividends],
                    actions: [.split(Split(date: day("2021-11-04"), ratio: SplitRatio(factor: "1.0460")!))]),
                ActionReport(source: .eodhd, feeds: all, actions: [dividend("2021-11-09", 1.64)]),
            ])
        #expect(ledger.splits.isEmpty)
        #expect(ledger.dividends.count == 1)
        #expect(
            ledger.disagreements.map(\.description) == [
                "2021-11-04 split: 91-for-87 on 2021-11-04: alphavantage; not reported by polygon, eodhd (not used)",
                "2021-11-09 dividend: 1.64 USD ex 2021-11-09: polygon, eodhd; not reported by alphavantage (used: 1.64 USD ex 2021-11-09)",
            ])
    }

    /// Amounts within rounding agree (EODHD's four-decimal 2.6488 for a declared 2.65); beyond
    /// it they do not.
    @Test func amountsAgreeWithinRoundingOnly() {
        let close = ActionLedger.merge(
            ticker: "AAPL",
            reports: [
                ActionReport(source: .polygon, feeds: all, actions: [dividend("2012-08-09", 2.65)]),
                ActionReport(source: .eodhd, feeds: all, actions: [dividend("2012-08-09", 2.6488)]),
            ])
        #expect(close.disagreements.isEmpty && close.events[0].sources == [.polygon, .eodhd])
        let apart = ActionLedger.merge(
            ticker: "AAPL",
            reports: [
                ActionReport(source: .polygon, feeds: all, actions: [dividend("1989-11-17", 0.11)]),
                ActionReport(source: .fmp, feeds: all, actions: [dividend("1989-11-17", 0.10)]),
            ])
        #expect(apart.disagreements.count == 1)
        #expect(apart.dividends.map(\.amount) == [0.11])
    }

    /// A source that did not answer a feed is held to nothing in it.
    @Test func aSourceIsHeldOnlyToTheFeedsItAnswered() {
        let ledger = ActionLedger.merge(
            ticker: "AAPL",
            reports: [
                ActionReport(source: .polygon, feeds: all, actions: [split("2020-08-31", 4)]),
                ActionReport(source: .fmp, feeds: [.dividends], actions: []),
            ])
        #expect(ledger.splits.count == 1 && ledger.disagreements.isEmpty)
    }

    /// Weekly dividends a week apart are two events, not one event dated two ways.
    @Test func weeklyDividendsStayApart() {
        let weekly = [dividend("2024-01-05", 0.1), dividend("2024-01-12", 0.1), dividend("2024-01-19", 0.1)]
        let ledger = ActionLedger.merge(
            ticker: "W",
            reports: [
                ActionReport(source: .polygon, feeds: all, actions: weekly),
                ActionReport(source: .fmp, feeds: all, actions: weekly),
            ])
        #expect(ledger.dividends.count == 3 && ledger.disagreements.isEmpty)
    }
}
