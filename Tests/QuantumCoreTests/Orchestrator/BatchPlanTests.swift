import Testing

@testable import QuantumCore

/// The batch's routing plan: where each ticker's first request goes, from the limits alone.
@Suite struct BatchPlanTests {
    private func option(_ source: SourceID, _ windows: String, used: Int = 0) -> BatchPlan.Option {
        BatchPlan.Option(source: source, windows: RateWindow.list(windows)!, used: used)
    }

    private func routes(_ options: [BatchPlan.Option], tickers: Int, ledger: Bool = false) -> [SourceID] {
        var plan = BatchPlan()
        return (0..<tickers).map { _ in plan.choose(options, ledger: ledger).source }
    }

    @Test func aWindowsFirstRequestsGoAtOnceThenOneAtItsRate() {
        let windows = RateWindow.list("4/s")!
        #expect((0..<4).map { BatchPlan.start(of: $0, windows: windows) } == Array(repeating: .zero, count: 4))
        #expect(BatchPlan.start(of: 4, windows: windows) == .seconds(1))
        #expect(BatchPlan.start(of: 6, windows: windows) == .milliseconds(1500))
        // The latest over the windows: 25 a day outlasts 5 a minute.
        #expect(BatchPlan.start(of: 25, windows: RateWindow.list("5/min,25/day")!) == .seconds(86_400))
        #expect(BatchPlan.start(of: 1_000, windows: []) == .zero)
    }

    @Test func withRoomEverywhereTheFirstSourceServesAsASingleFetchWould() {
        let options = [option(.polygon, "5/min"), option(.fmp, "300/min")]
        #expect(routes(options, tickers: 3) == [.polygon, .polygon, .polygon])
        // Past polygon's five a minute, fmp has room now: nobody waits a minute for polygon.
        #expect(routes(options, tickers: 8) == Array(repeating: .polygon, count: 5) + [.fmp, .fmp, .fmp])
    }

    @Test func underPerSecondLimitsTheSourcesTakeTurnsAtTheirRates() {
        let options = [option(.polygon, "4/s"), option(.fmp, "2/s")]
        let planned = routes(options, tickers: 12)
        // The first window at once, in priority order; then polygon twice for each fmp.
        #expect(Array(planned.prefix(6)) == [.polygon, .polygon, .polygon, .polygon, .fmp, .fmp])
        #expect(Array(planned.dropFirst(6)) == [.polygon, .fmp, .polygon, .polygon, .fmp, .polygon])
        #expect(planned == routes(options, tickers: 12))
    }

    @Test func requestsAlreadyCountedAndACoolDownArePlannedAround() {
        // Polygon's minute is spent by what came before the batch: fmp serves at once.
        #expect(routes([option(.polygon, "5/min", used: 5), option(.fmp, "300/min")], tickers: 2) == [.fmp, .fmp])
        var cooling = option(.polygon, "none")
        cooling.coolingFor = .seconds(30)
        #expect(routes([cooling, option(.fmp, "300/min")], tickers: 1) == [.fmp])
    }

    @Test func aTickersCorporateActionsArePlannedWhereRequestsComeBackSoonestAndCounted() {
        var plan = BatchPlan()
        let options = [option(.polygon, "3/min"), option(.fmp, "none"), option(.eodhd, "none")]
        let first = plan.choose(options, ledger: true)
        #expect(first.source == .polygon && first.ledger == [.fmp, .eodhd])
        // Polygon's three slots are its tickers' bars: the unlimited sources answer the ledgers.
        #expect((1..<4).map { _ in plan.choose(options, ledger: true).source } == [.polygon, .polygon, .fmp])
        // A daily quota is spent last: a minute's slot comes back sooner.
        var daily = BatchPlan()
        let quotas = [option(.polygon, "5/min"), option(.fmp, "250/day"), option(.alphavantage, "25/day")]
        #expect(daily.choose(quotas, ledger: true).ledger == [.polygon, .fmp])
        // With no limits, priority order.
        var open = BatchPlan()
        #expect(
            open.choose([option(.polygon, "none"), option(.fmp, "none")], ledger: true).ledger == [.polygon, .fmp])
    }

    /// A ticker whose cached bars came from fmp completes them there when fmp's next slot is
    /// planned within a second of the earliest; otherwise the plan's source serves it whole.
    @Test func aCachedSeriesIsCompletedFromItsSourceWhenThePlanHasItSoon() {
        let options = [option(.polygon, "4/s"), option(.fmp, "2/s")]
        var plan = BatchPlan()
        #expect(plan.choose(options, ledger: false, preferring: .fmp).source == .fmp)
        var busy = BatchPlan()
        let minute = [option(.polygon, "none"), option(.fmp, "1/min", used: 1)]
        #expect(busy.choose(minute, ledger: false, preferring: .fmp).source == .polygon)
    }

    @Test func aTickerTheFirstSourceCannotServeTriesTheNextByThePlan() {
        var plan = BatchPlan()
        let options = [option(.polygon, "4/s"), option(.fmp, "2/s"), option(.eodhd, "1/s")]
        for _ in 0..<5 { _ = plan.choose(options, ledger: false) }
        // Polygon's window and fmp's first slot are planned: fmp's second, then eodhd's, then polygon's.
        let sixth = plan.choose(options, ledger: false)
        #expect(sixth.source == .fmp)
        #expect(sixth.then.map(\.source) == [.eodhd, .polygon])
        #expect(sixth.then.map(\.startsAfter) == [.zero, .seconds(1)])
    }
}
