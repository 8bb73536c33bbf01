import Foundation
import QuantumTestSupport
import Testing
@testable import QuantumCore

/// Pages that never end (polygon-io/issues#289): a `next_url` that points back at a page already
/// read, a cursor that repeats, pages that bring nothing new, or simply too many. Paging stops
/// there, the bars read are kept and the result says so; a guard is never retried.
@Suite struct PageLoopTests {
    static let today = TradingDate("2026-11-30")!
    static let days = ["2024-03-04", "2024-03-05", "2024-03-06", "2024-03-07", "2024-03-08"]

    /// A Polygon page holding `bars` whose `next_url` carries `cursor` (none: the last page).
    static func page(_ bars: [Candle], next cursor: String?) -> ProviderResponse {
        var text = MockProviders.body(.polygon, "AAPL", bars)
        if let cursor {
            text =
                String(text.dropLast()) + #","next_url":"https://api.polygon.io/v2/aggs/ticker/AAPL/range/1/day/"#
                + #"1709528400000/2024-03-08?cursor=\#(cursor)"}"#
        }
        return ProviderResponse(status: 200, text: text)
    }

    static func bar(_ i: Int) -> Candle { MockProviders.bar(days[i], close: 100 + Double(i)) }

    static func cursor(_ request: MockRequest) -> String? {
        request.url.components(separatedBy: "cursor=").dropFirst().first?.components(separatedBy: "&").first
    }

    func fetch(_ mock: MockProviders, sources: [SourceID] = [.polygon], pinned: SourceID? = .polygon) async
        -> FetchResult
    {
        let engine = stubEngine(mock, sources: sources, today: Self.today, random: { 0 })
        return await engine.fetch(
            FetchRequest(
                ticker: "AAPL", from: TradingDate(Self.days[0])!, to: TradingDate(Self.days[4])!, pinned: pinned))
    }

    /// Pages A → B → C → B → C …: three requests, three bars kept, the rest missing.
    @Test func aNextURLThatLoopsStopsAtTheRepeat() async throws {
        let mock = MockProviders()
        mock.override(.polygon) { request in
            switch Self.cursor(request) {
            case nil: Self.page([Self.bar(0)], next: "B")
            case "B": Self.page([Self.bar(1)], next: "C")
            default: Self.page([Self.bar(2)], next: "B")
            }
        }
        let result = await fetch(mock)
        #expect(mock.requests(.polygon).count == 3)
        #expect(result.ok && result.candles.count == 3 && !result.isComplete)
        #expect(result.missing.map(\.description) == ["2024-03-07", "2024-03-08"])
        #expect(result.attempts.map(\.outcome) == [.ok], "a guard is not retried: \(result.attempts)")
        #expect(
            result.warnings.contains {
                $0.contains("polygon: stopped paging: next_url pointed back at a page already read (after 3 pages)")
            }, "\(result.warnings)")
    }

    /// A page pointing at itself, and a cursor repeated under another URL.
    @Test func aPageThatPointsAtItselfOrRepeatsACursorStops() async throws {
        let mock = MockProviders()
        mock.override(.polygon) { request in
            Self.cursor(request) == nil ? Self.page([Self.bar(0)], next: "B") : Self.page([Self.bar(1)], next: "B")
        }
        var result = await fetch(mock)
        #expect(mock.requests(.polygon).count == 2 && result.candles.count == 2)
        #expect(result.warnings.contains { $0.contains("stopped paging") })

        let again = MockProviders()
        again.override(.polygon) { request in
            switch Self.cursor(request) {
            case nil: Self.page([Self.bar(0)], next: "B")
            case "B": Self.page([Self.bar(1)], next: "B&limit=5")
            default: Self.page([Self.bar(2)], next: nil)
            }
        }
        result = await fetch(again)
        #expect(again.requests(.polygon).count == 2 && result.candles.count == 2)
        #expect(
            result.warnings.contains { $0.contains("next_url repeated the cursor of page 2") }, "\(result.warnings)")
    }

    /// Ever new cursors whose pages bring no new bar.
    @Test func pagesThatBringNothingNewStop() async throws {
        let mock = MockProviders()
        mock.override(.polygon) { request in
            let n = (Self.cursor(request).flatMap { Int($0) } ?? 0) + 1
            return Self.page([Self.bar(0)], next: String(n))
        }
        let result = await fetch(mock)
        #expect(mock.requests(.polygon).count == 2 && result.candles.count == 1)
        #expect(result.warnings.contains { $0.contains("page 2 brought no bar not read before") }, "\(result.warnings)")
    }

    /// The days a loop left out are asked of the next source.
    @Test func theDaysALoopLeftOutAreAskedOfTheNextSource() async throws {
        let mock = MockProviders()
        mock.override(.polygon) { request in
            Self.cursor(request) == nil ? Self.page([Self.bar(0)], next: "B") : Self.page([Self.bar(1)], next: "B")
        }
        mock.set(.fmp, "AAPL", (0..<5).map(Self.bar))
        let result = await fetch(mock, sources: [.polygon, .fmp], pinned: nil)
        #expect(result.ok && result.isComplete && result.candles.count == 5, "\(result.notes)")
        #expect(result.source == .polygon && result.fills.map(\.source) == [.fmp])
        #expect(mock.requests(.polygon).count == 2)
    }

    /// More pages than the guard allows, each with new bars: stopped, kept, not retried.
    @Test func tooManyPagesStopWithTheBarsKept() async throws {
        let transport = StaticTransport { request in
            let n = Self.cursorNumber(request.url)
            let day = TradingDate(Self.days[0])!.adding(days: n)
            return Self.page([MockProviders.bar(day.description, close: 100)], next: String(n + 1))
        }
        var fetcher = SourceFetcher(transport: transport, redactor: Redactor(secrets: []))
        fetcher.maxPages = 4
        let query = BarQuery(ticker: "AAPL", from: TradingDate(Self.days[0])!, to: TradingDate(Self.days[4])!)
        let context = RequestContext(endpoint: SourceEndpoint(baseURL: "http://mock", key: "k"), today: Self.today)
        let fetched = await fetcher.fetch(query, from: PolygonSource(), context: context)
        #expect(fetched.failure == nil && fetched.candles.count == 4)
        #expect(fetched.warnings.contains { $0.contains("stopped paging after 4 pages") }, "\(fetched.warnings)")
    }

    static func cursorNumber(_ url: String) -> Int {
        url.components(separatedBy: "cursor=").dropFirst().first.flatMap { Int($0.prefix { $0.isNumber }) } ?? 0
    }
}
