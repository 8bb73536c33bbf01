import Clocks
import Foundation
import Synchronization
import QuantumTestSupport
import Testing
@testable import QuantumCore

/// `split+dividend` is computed here the same way whichever source served the bars: a vendor
/// that sends split-adjusted bars (Polygon) and one that sends raw bars (EODHD) give the same
/// series, equal to the convention worked by hand. Both also report a split and a dividend
/// declared for 2099: events not yet in effect move no price.
struct DerivedBasisTests {
    static let sessions = [
        "2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05", "2024-01-08", "2024-01-09",
        "2024-01-10", "2024-01-11", "2024-01-12",
    ].map { TradingDate($0)! }
    /// A 4-for-1 split on 2024-01-08: raw closes near 100 before it, near 25 after.
    static let splitDate = TradingDate("2024-01-08")!
    static func rawClose(_ i: Int) -> Double { sessions[i] < splitDate ? 100 + Double(i) : 25.5 + Double(i) / 4 }
    static func rawVolume(_ i: Int) -> Double { sessions[i] < splitDate ? 1_000 : 4_000 }
    /// 0.50 ex 2024-01-04 (declared on the old shares), 0.20 ex 2024-01-10 (on the new ones).
    static let dividends = [(TradingDate("2024-01-04")!, 0.5), (TradingDate("2024-01-10")!, 0.2)]

    /// The convention by hand: prices × S(d) × Π(1 − D/C_prev) over later ex-dates, volume ÷ S(d).
    static func reference(_ i: Int) -> (close: Double, volume: Double) {
        let day = sessions[i]
        let split = day < splitDate ? 0.25 : 1
        let f1 = day < dividends[0].0 ? 1 - 0.5 / rawClose(1) : 1  // C_prev: 2024-01-03, old shares both
        let f2 = day < dividends[1].0 ? 1 - 0.2 / rawClose(5) : 1  // C_prev: 2024-01-09, new shares both
        return (rawClose(i) * split * f1 * f2, rawVolume(i) / split)
    }

    static func range(_ url: String) -> (TradingDate, TradingDate)? {
        let dates = url.split(whereSeparator: { "/?&=".contains($0) }).compactMap { TradingDate($0) }
        return dates.count >= 2 ? (dates[0], dates[1]) : nil
    }

    static let transport = StaticTransport { answer($0) }

    /// Polygon serves split-adjusted bars; EODHD raw ones; both report the same actions.
    static func answer(_ request: ProviderRequest) -> ProviderResponse {
        let url = request.url
        func json(_ text: String, status: Int = 200) -> ProviderResponse {
            ProviderResponse(status: status, text: text)
        }
        if url.contains("/v2/aggs/") { return polygon(url, adjusted: true) }
        if url.contains("/api/eod/"), let (from, to) = range(url) {
            let rows = sessions.indices.filter { (from...to).contains(sessions[$0]) }.map { i -> String in
                let c = rawClose(i)
                return
                    #"{"date":"\#(sessions[i])","open":\#(c),"high":\#(c),"low":\#(c),"close":\#(c),"volume":\#(rawVolume(i))}"#
            }
            return json("[" + rows.joined(separator: ",") + "]")
        }
        if url.contains("/stocks/v1/splits") {
            return json(
                #"{"status":"OK","results":[{"execution_date":"2024-01-08","split_from":1,"split_to":4,"ticker":"XYZ"}]}"#
            )
        }
        if url.contains("/stocks/v1/dividends") {
            return json(
                #"{"status":"OK","results":[{"ex_dividend_date":"2024-01-04","cash_amount":0.5,"currency":"USD","ticker":"XYZ"},"#
                    + #"{"ex_dividend_date":"2024-01-10","cash_amount":0.2,"currency":"USD","ticker":"XYZ"},"#
                    + #"{"ex_dividend_date":"2099-03-02","cash_amount":0.3,"currency":"USD","ticker":"XYZ"}]}"#)
        }
        if url.contains("/api/splits/") {
            return json(
                #"[{"date":"2024-01-08","split":"4.000000/1.000000"},{"date":"2099-06-01","split":"2.000000/1.000000"}]"#
            )
        }
        if url.contains("/api/div/") {
            return json(
                #"[{"date":"2024-01-04","value":0.125,"unadjustedValue":0.5,"currency":"USD"},"#
                    + #"{"date":"2024-01-10","value":0.2,"unadjustedValue":0.2,"currency":"USD"},"#
                    + #"{"date":"2099-03-02","value":0.3,"unadjustedValue":0.3,"currency":"USD"}]"#)
        }
        return json(#"{"status":"ERROR","error":"not here"}"#, status: 404)
    }

    /// Polygon's bars over the range in the URL: split-adjusted (whatever `adjusted=` asks, as a
    /// mock that ignores it would), or, with `adjusted` false, as traded though it says otherwise.
    static func polygon(_ url: String, adjusted: Bool) -> ProviderResponse {
        guard let (from, to) = range(url) else { return ProviderResponse(status: 400, text: "no range") }
        let rows = sessions.indices.filter { (from...to).contains(sessions[$0]) }.map { i -> String in
            let split = adjusted && sessions[i] < splitDate ? 0.25 : 1
            let (y, m, d) = sessions[i].parts
            var parts = DateComponents(timeZone: TimeZone(identifier: "America/New_York"), year: y, month: m, day: d)
            parts.calendar = Calendar(identifier: .gregorian)
            let ms = Int(parts.date!.timeIntervalSince1970 * 1000)
            let c = rawClose(i) * split
            return #"{"t":\#(ms),"o":\#(c),"h":\#(c),"l":\#(c),"c":\#(c),"v":\#(rawVolume(i) / split)}"#
        }
        return ProviderResponse(status: 200, text: #"{"status":"OK","results":[\#(rows.joined(separator: ","))]}"#)
    }

    func orchestrator(_ source: any DataSource) -> Orchestrator {
        Orchestrator(
            sources: [
                ConfiguredSource(source: source, endpoint: SourceEndpoint(baseURL: "http://test.invalid", key: "k"))
            ],
            fetcher: SourceFetcher(transport: Self.transport, redactor: Redactor(secrets: ["k"])))
    }

    /// An orchestrator over `sources` in that order, each keyed, answered by `transport`.
    func orchestrator(_ sources: [any DataSource], answering transport: StaticTransport) -> Orchestrator {
        Orchestrator(
            sources: sources.map {
                ConfiguredSource(source: $0, endpoint: SourceEndpoint(baseURL: "http://t.invalid", key: "k"))
            },
            fetcher: SourceFetcher(transport: transport, redactor: Redactor(secrets: [])))
    }

    /// FMP dating the 2024-01-08 split a business day early; the rest as `answer`.
    static let earlyAtFMP = StaticTransport { request in
        guard request.url.contains("/stable/splits") else { return answer(request) }
        return ProviderResponse(
            status: 200, text: #"[{"symbol":"XYZ","date":"2024-01-05","numerator":4,"denominator":1}]"#)
    }

    func request(_ from: String, _ to: String) -> FetchRequest {
        FetchRequest(ticker: "XYZ", from: TradingDate(from)!, to: TradingDate(to)!, basis: .splitDividend)
    }

    @Test(arguments: [PolygonSource() as any DataSource, EODHDSource()])
    func eitherVendorGivesTheReference(_ source: any DataSource) async {
        let result = await orchestrator(source).fetch(request("2024-01-02", "2024-01-12"))
        #expect(result.ok && result.basis == .splitDividend, "\(result.failure?.message ?? "")")
        #expect(result.candles.count == 9)
        for (i, candle) in result.candles.enumerated() {
            let expected = Self.reference(i)
            #expect(
                abs(candle.close / expected.close - 1) < 1e-10, "\(candle.date): \(candle.close) vs \(expected.close)")
            #expect(abs(candle.volume / expected.volume - 1) < 1e-10)
        }
        #expect(result.adjustment?.events.count == 3)
        #expect(result.adjustment?.factors.count == 9)
        #expect(result.adjustment?.events.allSatisfy { $0.sources == [source.id] } == true)
    }

    /// The reference on each basis: raw as traded, split ÷ S, split+dividend as above.
    static func reference(_ i: Int, on basis: PriceBasis) -> (close: Double, volume: Double) {
        let split = sessions[i] < splitDate ? 0.25 : 1
        switch basis {
        case .raw: return (rawClose(i), rawVolume(i))
        case .split: return (rawClose(i) * split, rawVolume(i) / split)
        case .splitDividend: return reference(i)
        }
    }

    /// Every basis, from either vendor: the same closes and volumes, and one basis per result.
    @Test(arguments: [PolygonSource() as any DataSource, EODHDSource()], [BasisPreference.raw, .split])
    func everyBasisFromEitherVendor(_ source: any DataSource, _ basis: BasisPreference) async throws {
        var asked = request("2024-01-02", "2024-01-12")
        asked.basis = basis
        let result = await orchestrator(source).fetch(asked)
        let target = try #require(basis.derived)
        #expect(result.ok && result.basis == target, "\(result.failure?.message ?? "")")
        #expect(result.candles.count == 9 && result.warnings.isEmpty, "\(result.warnings)")
        for (i, candle) in result.candles.enumerated() {
            let expected = Self.reference(i, on: target)
            #expect(abs(candle.close / expected.close - 1) < 1e-10, "\(candle.date) \(candle.close)")
            #expect(abs(candle.volume / expected.volume - 1) < 1e-10)
        }
    }

    /// A range that ends before a dividend still carries it: the close before its ex-date is
    /// read from the days after the range.
    @Test(arguments: [PolygonSource() as any DataSource, EODHDSource()])
    func aLaterDividendReachesBack(_ source: any DataSource) async {
        let result = await orchestrator(source).fetch(request("2024-01-02", "2024-01-05"))
        #expect(result.ok, "\(result.failure?.message ?? "")")
        #expect(result.candles.map(\.date) == Array(Self.sessions.prefix(4)))
        for (i, candle) in result.candles.enumerated() {
            #expect(abs(candle.close / Self.reference(i).close - 1) < 1e-10)
        }
    }

    /// No actions from any source: the basis cannot be honoured, so the fetch fails, no bars.
    static var once: RetryPolicy {
        var policy = RetryPolicy()
        policy.maxTries = 1
        return policy
    }

    @Test func noActionsNoSeries() async {
        let silent = StaticTransport { request in
            if request.url.contains("/api/eod/") { return Self.answer(request) }
            return ProviderResponse(status: 500, text: "down")
        }
        let orchestrator = Orchestrator(
            sources: [
                ConfiguredSource(source: EODHDSource(), endpoint: SourceEndpoint(baseURL: "http://t.invalid", key: "k"))
            ],
            fetcher: SourceFetcher(transport: silent, redactor: Redactor(secrets: [])),
            retry: Self.once)
        let result = await orchestrator.fetch(request("2024-01-02", "2024-01-12"))
        #expect(!result.ok && result.candles.isEmpty && result.basis == nil)
        #expect(result.failure?.message.contains("split+dividend prices need its corporate actions") == true)
    }

    /// A vendor's split-adjusted bars that miss the split (they still gap ×1/4 at it) are a
    /// warning naming the day, and are put back on raw by what they show, not by what they
    /// declare: the derived series is still the reference.
    @Test func aSplitTheVendorMissedIsSaidAndNotAppliedTwice() async {
        let missed = StaticTransport { request in
            request.url.contains("/v2/aggs/") ? Self.polygon(request.url, adjusted: false) : Self.answer(request)
        }
        let orchestrator = Orchestrator(
            sources: [
                ConfiguredSource(
                    source: PolygonSource(), endpoint: SourceEndpoint(baseURL: "http://t.invalid", key: "k"))
            ],
            fetcher: SourceFetcher(transport: missed, redactor: Redactor(secrets: [])))
        var asked = request("2024-01-02", "2024-01-12")
        asked.basis = .split
        let result = await orchestrator.fetch(asked)
        #expect(result.ok && result.basis == .split)
        #expect(
            result.warnings.contains {
                $0.contains("polygon's split-adjusted bars are not adjusted for the 2024-01-08 4-for-1 split")
            },
            "\(result.warnings)")
        for (i, candle) in result.candles.enumerated() {
            #expect(abs(candle.close / Self.reference(i, on: .split).close - 1) < 1e-10, "\(candle.date)")
        }
    }

    /// EODHD's own adjusted close is checked against the ledger: one that applies the 0.50
    /// dividend twice is a warning naming its ex-date; one that agrees says nothing.
    @Test(arguments: [1.0, 2.0])
    func aVendorsAdjustedCloseIsCheckedDayByDay(_ times: Double) async {
        let vendor = StaticTransport { request in
            guard request.url.contains("/api/eod/"), let (from, to) = Self.range(request.url) else {
                return Self.answer(request)
            }
            let rows = Self.sessions.indices.filter { (from...to).contains(Self.sessions[$0]) }.map { i -> String in
                let c = Self.rawClose(i)
                // The vendor's split+dividend close, with the first dividend's step taken `times` times.
                let reference = Self.reference(i)
                let extra = Self.sessions[i] < Self.dividends[0].0 ? pow(1 - 0.5 / Self.rawClose(1), times - 1) : 1
                let adjusted = (reference.close * extra * 10_000).rounded() / 10_000
                return #"{"date":"\#(Self.sessions[i])","open":\#(c),"high":\#(c),"low":\#(c),"close":\#(c),"#
                    + #""adjusted_close":\#(adjusted),"volume":\#(Self.rawVolume(i))}"#
            }
            return ProviderResponse(status: 200, text: "[" + rows.joined(separator: ",") + "]")
        }
        let orchestrator = Orchestrator(
            sources: [
                ConfiguredSource(source: EODHDSource(), endpoint: SourceEndpoint(baseURL: "http://t.invalid", key: "k"))
            ],
            fetcher: SourceFetcher(transport: vendor, redactor: Redactor(secrets: [])))
        let result = await orchestrator.fetch(request("2024-01-02", "2024-01-12"))
        #expect(result.ok)
        let said = result.warnings.filter { $0.contains("eodhd's adjusted close") }
        if times == 1 {
            #expect(said.isEmpty, "\(said)")
        } else {
            #expect(
                said.count == 1 && said[0].contains("into 2024-01-04") && said[0].contains("the 0.5 dividend"),
                "\(said)")
        }
    }

    /// The ledger is kept in the cache with the bars: a second fetch sends nothing; one that skips
    /// the cache asks again.
    @Test func theLedgerIsCachedWithTheBars() async {
        let sent = Mutex(0)
        let counted = StaticTransport { request in
            sent.withLock { $0 += 1 }
            return Self.answer(request)
        }
        let cache = CandleCache.inMemory()
        // Two processes over one store: each its own orchestrator.
        func process() -> Orchestrator {
            Orchestrator(
                sources: [
                    ConfiguredSource(
                        source: EODHDSource(), endpoint: SourceEndpoint(baseURL: "http://t.invalid", key: "k"))
                ],
                fetcher: SourceFetcher(transport: counted, redactor: Redactor(secrets: [])),
                today: { TradingDate("2024-02-01")! }, cache: cache)
        }
        var asked = request("2024-01-02", "2024-01-12")
        asked.basis = .split
        let first = await process().fetch(asked)
        // The bars and the splits.
        #expect(first.ok && sent.withLock { $0 } == 2)
        let second = await process().fetch(asked)
        #expect(second.ok && sent.withLock { $0 } == 2 && second.candles == first.candles)
        asked.readsCache = false
        let fresh = await process().fetch(asked)
        #expect(fresh.ok && sent.withLock { $0 } == 4 && fresh.candles == first.candles)
    }

    /// A source that answers no splits at all is not taken alone: the next source is asked, and
    /// its split is used (the first one's silence is a disagreement, said).
    @Test func anEmptyAnswerIsNotTakenAlone() async {
        let silentPolygon = StaticTransport { request in
            request.url.contains("/stocks/v1/splits")
                ? ProviderResponse(status: 200, text: #"{"status":"OK","results":[]}"#) : Self.answer(request)
        }
        let orchestrator = orchestrator([PolygonSource() as any DataSource, EODHDSource()], answering: silentPolygon)
        var asked = request("2024-01-02", "2024-01-12")
        asked.basis = .split
        let result = await orchestrator.fetch(asked)
        #expect(result.ok && result.source == .polygon && result.basis == .split)
        #expect(result.adjustment?.events.map(\.sources) == [[.eodhd]])
        // Said once, not as a disagreement at every event polygon lacks.
        #expect(
            result.warnings == ["corporate actions: polygon reported no splits for XYZ; the other sources' are used"],
            "\(result.warnings)")
        #expect(result.adjustment?.disagreements.isEmpty == true)
        for (i, candle) in result.candles.enumerated() {
            #expect(abs(candle.close / Self.reference(i, on: .split).close - 1) < 1e-10, "\(candle.date)")
        }
    }

    /// Polygon's bars kept before a split (its split-adjusted bars then were as traded) are put
    /// back on raw without that split once it is in effect: served from the cache the next day
    /// (within the day adjusted bars were trusted for) or days later, the `split` series is
    /// divided by it without the bars being fetched again; a range that runs past the split then
    /// gets the re-adjusted bars.
    @Test(arguments: [23, 96]) func barsKeptBeforeASplitAreNotTakenToCarryIt(hoursLater: Int) async throws {
        let clock = TestClock()
        // Sunday 2024-01-07 12:00 New York; the split takes effect on Monday 2024-01-08.
        let origin = Date(timeIntervalSince1970: 1_704_646_800)
        let splitDone = Mutex(false)
        let barRequests = Mutex(0)
        let transport = StaticTransport { request in
            guard request.url.contains("/v2/aggs/") else { return Self.answer(request) }
            barRequests.withLock { $0 += 1 }
            return Self.polygon(request.url, adjusted: splitDone.withLock { $0 })
        }
        let orchestrator = Orchestrator(
            sources: [
                ConfiguredSource(
                    source: PolygonSource(), endpoint: SourceEndpoint(baseURL: "http://t.invalid", key: "k"))
            ],
            fetcher: SourceFetcher(transport: transport, redactor: Redactor(secrets: [])),
            time: TimeSource(clock, wallOrigin: origin), cache: CandleCache.inMemory())
        var asked = request("2024-01-02", "2024-01-05")
        asked.basis = .split
        let before = await orchestrator.fetch(asked)
        #expect(
            before.ok && before.candles.map(\.close) == (0..<4).map(Self.rawClose), "\(before.failure?.message ?? "")")

        splitDone.withLock { $0 = true }
        await clock.advance(by: .seconds(hoursLater * 3600))
        let after = await orchestrator.fetch(asked)
        #expect(after.ok && after.basis == .split && barRequests.withLock { $0 } == 1, "\(after.attempts)")
        for (i, candle) in after.candles.enumerated() {
            #expect(candle.close == Self.reference(i, on: .split).close, "\(candle.date)")
            #expect(candle.volume == Self.reference(i, on: .split).volume)
        }
        asked.basis = .raw
        let raw = await orchestrator.fetch(asked)
        #expect(raw.candles.map(\.close) == (0..<4).map(Self.rawClose) && barRequests.withLock { $0 } == 1)

        var longer = request("2024-01-02", "2024-01-09")
        longer.basis = .split
        let through = await orchestrator.fetch(longer)
        #expect(through.ok && through.candles.count == (hoursLater < 24 ? 4 : 6))
        for (i, candle) in through.candles.enumerated() {
            #expect(abs(candle.close / Self.reference(i, on: .split).close - 1) < 1e-10, "\(candle.date)")
        }
    }

    /// Raw bars that drop 4× on a day no source reports a split on: the `split` series is served
    /// as computed (no event, no factor), with a warning naming the day, never silently.
    @Test func aSplitNoSourceReportsIsSaid() async {
        let silent = StaticTransport { request in
            request.url.contains("/api/splits/")
                ? ProviderResponse(status: 200, text: "[]") : Self.answer(request)
        }
        let orchestrator = Orchestrator(
            sources: [
                ConfiguredSource(source: EODHDSource(), endpoint: SourceEndpoint(baseURL: "http://t.invalid", key: "k"))
            ],
            fetcher: SourceFetcher(transport: silent, redactor: Redactor(secrets: [])))
        var asked = request("2024-01-02", "2024-01-12")
        asked.basis = .split
        let result = await orchestrator.fetch(asked)
        #expect(result.ok && result.basis == .split && result.adjustment?.events.isEmpty == true)
        #expect(
            result.warnings.contains(
                "2024-01-08: the close moves ×0.2573 from 2024-01-05: it looks like a 4-for-1 split not adjusted for, "
                    + "and no source reports one; check `actions XYZ`"), "\(result.warnings)")
    }

    /// FMP, asked first, dates the split a business day early; EODHD's raw bars gap on the day
    /// Polygon and EODHD give. The bars contradict FMP's ledger, so the other sources are asked
    /// and the date most report is used: the series is right, and the disagreement is said.
    @Test(arguments: [BasisPreference.raw, .split])
    func aSplitOneSourceDatesEarlyIsOutvoted(_ basis: BasisPreference) async throws {
        let orchestrator = orchestrator(
            [FMPSource() as any DataSource, PolygonSource(), EODHDSource()], answering: Self.earlyAtFMP)
        var asked = request("2024-01-02", "2024-01-12")
        asked.basis = basis
        asked.pinned = .eodhd
        let result = await orchestrator.fetch(asked)
        let target = try #require(basis.derived)
        #expect(result.ok && result.basis == target, "\(result.failure?.message ?? "")")
        for (i, candle) in result.candles.enumerated() {
            #expect(candle.close == Self.reference(i, on: target).close, "\(candle.date)")
        }
        #expect(!result.warnings.contains { $0.contains("already adjusted") }, "\(result.warnings)")
        if basis == .split {
            #expect(result.adjustment?.events.first?.sources == [.polygon, .eodhd])
            #expect(
                result.warnings.contains { $0.hasPrefix("corporate actions: 2024-01-08 split") }, "\(result.warnings)")
        }
        // Read once: a second fetch sends nothing more and gives the same.
        let again = await orchestrator.fetch(asked)
        #expect(again.candles == result.candles)
    }

    /// Polygon's split-adjusted bars of a range before the split cannot show it: the note says
    /// it was taken as Polygon declares its bars, not that it was checked; raw bars need no such
    /// note (the split is applied here, whatever they carry).
    @Test(arguments: [PolygonSource() as any DataSource, EODHDSource()])
    func aSplitAfterTheBarsIsNotClaimedChecked(_ source: any DataSource) async {
        var asked = request("2024-01-02", "2024-01-05")
        asked.basis = .split
        let result = await orchestrator(source).fetch(asked)
        #expect(result.ok && result.candles.map(\.close) == (0..<4).map { Self.reference($0, on: .split).close })
        let said = result.notes.contains(
            "the 2024-01-08 4-for-1 split could not be checked in these bars (after the last one, or too small to see): "
                + "taken as polygon declares its bars, adjusted for it")
        #expect(said == (source.id == .polygon), "\(result.notes)")
    }

    /// EODHD, asked first, misreads the first dividend (0.20 for 0.50) while its own adjusted
    /// close carries the right one: the close steps otherwise than its ledger says, so Polygon and
    /// FMP are asked, and the amount most report is used — the series is the reference.
    @Test func aDividendOneSourceMisreadsIsOutvoted() async {
        let transport = StaticTransport { request in
            let url = request.url
            if url.contains("/api/eod/"), let (from, to) = Self.range(url) {
                let rows = Self.sessions.indices.filter { (from...to).contains(Self.sessions[$0]) }.map { i -> String in
                    let c = Self.rawClose(i)
                    let adjusted = (Self.reference(i).close * 10_000).rounded() / 10_000
                    return #"{"date":"\#(Self.sessions[i])","open":\#(c),"high":\#(c),"low":\#(c),"close":\#(c),"#
                        + #""adjusted_close":\#(adjusted),"volume":\#(Self.rawVolume(i))}"#
                }
                return ProviderResponse(status: 200, text: "[" + rows.joined(separator: ",") + "]")
            }
            if url.contains("/api/div/") {
                return ProviderResponse(
                    status: 200,
                    text: #"[{"date":"2024-01-04","value":0.05,"unadjustedValue":0.2,"currency":"USD"},"#
                        + #"{"date":"2024-01-10","value":0.2,"unadjustedValue":0.2,"currency":"USD"}]"#)
            }
            if url.contains("/stable/splits") {
                return ProviderResponse(
                    status: 200, text: #"[{"symbol":"XYZ","date":"2024-01-08","numerator":4,"denominator":1}]"#)
            }
            if url.contains("/stable/dividends") {
                return ProviderResponse(
                    status: 200,
                    text:
                        #"[{"symbol":"XYZ","date":"2024-01-10","dividend":0.2},{"symbol":"XYZ","date":"2024-01-04","dividend":0.5}]"#
                )
            }
            return Self.answer(request)
        }
        let orchestrator = orchestrator(
            [EODHDSource() as any DataSource, PolygonSource(), FMPSource()], answering: transport)
        let result = await orchestrator.fetch(request("2024-01-02", "2024-01-12"))
        #expect(result.ok && result.source == .eodhd, "\(result.failure?.message ?? "")")
        for (i, candle) in result.candles.enumerated() {
            #expect(abs(candle.close / Self.reference(i).close - 1) < 1e-10, "\(candle.date)")
        }
        #expect(!result.warnings.contains { $0.contains("eodhd's adjusted close") }, "\(result.warnings)")
        #expect(
            result.warnings.contains { $0.hasPrefix("corporate actions: 2024-01-04 dividend") }, "\(result.warnings)")
    }

    /// With only FMP (a day early) and EODHD keyed, the two versions tie and the tie goes to
    /// FMP, but EODHD's raw bars gap on EODHD's date: that version is used, and said.
    @Test func aTieIsSettledByTheBars() async throws {
        let orchestrator = orchestrator([FMPSource() as any DataSource, EODHDSource()], answering: Self.earlyAtFMP)
        var asked = request("2024-01-02", "2024-01-12")
        asked.basis = .split
        asked.pinned = .eodhd
        let result = await orchestrator.fetch(asked)
        #expect(result.ok && result.basis == .split, "\(result.failure?.message ?? "")")
        for (i, candle) in result.candles.enumerated() {
            #expect(candle.close == Self.reference(i, on: .split).close, "\(candle.date)")
        }
        #expect(result.adjustment?.events.first?.sources == [.eodhd])
        #expect(
            result.warnings.contains(
                "eodhd's bars bear out the 4-for-1 split on 2024-01-08 (as eodhd date it), not on 2024-01-05 (fmp): "
                    + "2024-01-08 is used"), "\(result.warnings)")
        #expect(!result.warnings.contains { $0.contains("already adjusted") || $0.contains("looks like") })
    }
}
