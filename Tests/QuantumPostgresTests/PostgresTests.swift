import Foundation
import Synchronization
import QuantumPostgres
import QuantumTestSupport
import Testing
@testable import QuantumCore

/// The PostgreSQL adapter on a real server (`scripts/test` starts a throwaway cluster), beyond
/// the conformance tests it shares with the other backends: instances at once, start-up failures.
@Suite(.enabled(if: TestDatabase.url != nil, Comment(rawValue: TestDatabase.skipped)))
struct PostgresTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let polygon = QuotaKey(provider: .polygon, apiKey: "team-key")

    @Test func instancesStartingAtOnceMigrateOnce() async throws {
        let url = try await TestDatabase.fresh()
        let databases = try await withThrowingTaskGroup(of: PostgresDatabase.self) { group in
            for _ in 0..<6 { group.addTask { try await PostgresDatabase.open(url, timeout: TestDatabase.patience) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(databases.count == 6)
        let store = PostgresCandleStore(database: databases[0])
        #expect(try await store.stats().candles == 0)
        for database in databases { await database.close() }
    }

    @Test func instancesOnSeparateConnectionsNeverOverGrant() async throws {
        let url = try await TestDatabase.fresh()
        // Separate pools, as separate machines would have.
        var ledgers: [PostgresQuotaLedger] = []
        for _ in 0..<4 {
            ledgers.append(
                PostgresQuotaLedger(database: try await PostgresDatabase.open(url, timeout: TestDatabase.patience)))
        }
        let day = [RateWindow(count: 25, length: .seconds(86_400))]
        let second = [RateWindow(count: 4, length: .seconds(1))]
        let (dayGrants, secondGrants) = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for ledger in ledgers {
                group.addTask {
                    var (days, seconds) = (0, 0)
                    for i in 0..<20 {
                        if try await ledger.reserve(Self.polygon, windows: day, now: Self.t0 + Double(i)) == nil {
                            days += 1
                        }
                        // Every instance asks in the same second: four grants in all, however they interleave.
                        let fmp = QuotaKey(provider: .fmp, apiKey: "team-key")
                        if try await ledger.grant(fmp, windows: second, now: Self.t0 + Double(i) / 100).isGranted {
                            seconds += 1
                        }
                    }
                    return (days, seconds)
                }
            }
            return try await group.reduce((0, 0)) { ($0.0 + $1.0, $0.1 + $1.1) }
        }
        #expect(dayGrants == 25)
        #expect(secondGrants == 4)
    }

    @Test func whatOneInstanceFetchedIsAHitForAnother() async throws {
        let url = try await TestDatabase.fresh()
        let writer = PostgresCandleStore(database: try await PostgresDatabase.open(url, timeout: TestDatabase.patience))
        let reader = PostgresCandleStore(database: try await PostgresDatabase.open(url, timeout: TestDatabase.patience))
        let key = SeriesKey(ticker: "AAPL", source: .eodhd, basis: .raw)
        let bars = (1...3).map {
            Candle(
                date: TradingDate("2024-07-0\($0)")!, open: 1.5, high: 2.25, low: 1, close: 0.1 + 0.2, volume: 1e9,
                vwap: nil, trades: $0 == 2 ? nil : 12, adjustedClose: $0 == 3 ? 0.3 : nil)
        }
        try await writer.replace(
            key, with: bars, covering: bars[0].date, through: bars[2].date, fetchedAt: Self.t0 + 0.125)
        let series = try await reader.series(key)
        // Every value, absent ones included, reads back exactly.
        #expect(series.candles == bars)
        #expect(series.ranges == [CoverageRange(first: bars[0].date, last: bars[2].date, fetchedAt: Self.t0 + 0.125)])
    }

    /// A hit in the team's database says so, not "the local cache".
    @Test func aHitInTheTeamsCacheIsNamedSo() async throws {
        let url = try await TestDatabase.fresh()
        let store = PostgresCandleStore(database: try await PostgresDatabase.open(url, timeout: TestDatabase.patience))
        let mock = MockProviders()
        mock.set(.fmp, "AAPL", MockProviders.bars(from: "2024-07-01", to: "2024-07-05"))
        let engine = stubEngine(mock, sources: [.fmp], candleStore: store, today: TradingDate("2024-08-01")!)
        let request = FetchRequest(ticker: "AAPL", from: TradingDate("2024-07-01")!, to: TradingDate("2024-07-05")!)
        _ = await engine.fetch(request)
        let hit = await engine.fetch(request)
        #expect(hit.isWhollyFromCache && mock.requests(.fmp).count == 1)
        #expect(hit.attempts.map(\.message) == ["from the team's PostgreSQL cache: no request sent"])
    }

    @Test func aWrongPasswordIsOneLineNamingTheDatabaseNotThePassword() async throws {
        var url = try #require(TestDatabase.url)
        url.password = "not-the-password-\(UUID().uuidString.prefix(8))"
        let error = await #expect(throws: DatabaseUnavailable.self) {
            try await PostgresDatabase.open(url, timeout: TestDatabase.patience)
        }
        let text = try #require(error).description
        #expect(text.contains("database \(url.database) at \(url.host):\(url.port)"))
        #expect(text.contains("password authentication failed"))
        #expect(!text.contains(url.password!) && !text.contains("\n"))
    }

    @Test func anUnreachableServerIsSaidAtOnce() async throws {
        var url = try #require(TestDatabase.url)
        url.port = 1
        let error = await #expect(throws: DatabaseUnavailable.self) {
            try await PostgresDatabase.open(url, timeout: TestDatabase.patience)
        }
        #expect(error?.description.contains("at \(url.host):1") == true)
        #expect(error?.description.contains("connection refused") == true)
    }

    @Test func aDatabaseMigratedByANewerQuantumIsRefused() async throws {
        let url = try await TestDatabase.fresh()
        let database = try await PostgresDatabase.open(url, timeout: TestDatabase.patience)
        try await TestDatabase.execute(
            "INSERT INTO quantum_migrations (version, name) VALUES (99, 'from the future')", in: url)
        let error = await #expect(throws: DatabaseUnavailable.self) {
            try await PostgresDatabase.open(url, timeout: TestDatabase.patience)
        }
        #expect(error?.description.contains("schema is version 99") == true)
        await database.close()
    }

    @Test func aLostDatabaseFailsClosedAndIsUsedAgainWhenItReturns() async throws {
        var url = try await TestDatabase.fresh()
        let relay = try TCPRelay(to: url.port)
        url.port = relay.port
        let database = try await PostgresDatabase.open(url, timeout: TestDatabase.patience)
        let ledger = PostgresQuotaLedger(database: database)
        let windows = [RateWindow(count: 1000, length: .seconds(1))]
        #expect(try await ledger.grant(Self.polygon, windows: windows, now: Self.t0).isGranted)
        relay.cut()
        let error = await #expect(throws: DatabaseUnavailable.self) {
            try await ledger.grant(Self.polygon, windows: windows, now: Self.t0)
        }
        #expect(error?.description.contains("at 127.0.0.1:\(relay.port)") == true)
        try relay.restore()
        // The pool connects again after its back-off, without being reopened (polled: a real
        // socket and the real clock).
        let deadline = ContinuousClock.now.advanced(by: .seconds(30))
        var granted = false
        while !granted, ContinuousClock.now < deadline {
            granted = (try? await ledger.grant(Self.polygon, windows: windows, now: Self.t0))?.isGranted ?? false
            if !granted { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(granted)
        await database.close()
    }

    @Test func aDatabaseAwayIsSaidWithinSecondsFailsFastMeanwhileAndIsBackWithinSecondsOfItsReturn()
        async throws
    {
        var url = try await TestDatabase.fresh()
        let relay = try TCPRelay(to: url.port)
        url.port = relay.port
        let database = try await PostgresDatabase.open(
            url, timeout: TestDatabase.patience, operationTimeout: PostgresDatabase.operationTimeout)
        #expect(await database.unreachable() == nil)
        relay.cut()
        var started = ContinuousClock.now
        let away = await database.unreachable()
        #expect(ContinuousClock.now - started < PostgresDatabase.operationTimeout + .seconds(3))
        #expect(away?.description.contains("127.0.0.1:\(relay.port)") == true)
        // In its back-off, a cache read or a grant fails at once rather than waiting again.
        started = ContinuousClock.now
        #expect(await database.unreachable() != nil)
        #expect(ContinuousClock.now - started < .milliseconds(500))
        try relay.restore()
        started = ContinuousClock.now
        while await database.unreachable() != nil, ContinuousClock.now - started < .seconds(30) {
            try await Task.sleep(for: .milliseconds(100))
        }
        // The longest back-off, and a connection made again.
        #expect(ContinuousClock.now - started < .seconds(10))
        await database.close()
    }

    /// A transport that holds every request until `open()`, counting arrivals.
    final class GatedTransport: HTTPTransport {
        let inner: MockProviders
        private let state = Mutex<(open: Bool, arrived: Int, waiting: [CheckedContinuation<Void, Never>])>(
            (false, 0, []))

        init(_ inner: MockProviders) { self.inner = inner }

        var arrived: Int { state.withLock { $0.arrived } }

        func open() {
            let waiting = state.withLock { state in
                state.open = true
                defer { state.waiting = [] }
                return state.waiting
            }
            for continuation in waiting { continuation.resume() }
        }

        func get(_ request: ProviderRequest, timeout: Duration) async throws(TransportError) -> ProviderResponse {
            await withCheckedContinuation { continuation in
                let go = state.withLock { state in
                    state.arrived += 1
                    if !state.open { state.waiting.append(continuation) }
                    return state.open
                }
                if go { continuation.resume() }
            }
            return try await inner.get(request, timeout: timeout)
        }
    }

    /// Two processes on one database (replicas of `quantum serve`): while one fetches a ticker,
    /// the other waits for it and answers from what it kept, so the source is asked once.
    @Test func processesOnOneDatabaseAskTheSourcesOncePerTicker() async throws {
        let url = try await TestDatabase.fresh()
        let mock = MockProviders()
        mock.set(.fmp, "AAPL", MockProviders.bars(from: "2024-07-01", to: "2024-07-05"))
        let transport = GatedTransport(mock)
        var engines: [Engine] = []
        for _ in 0..<2 {
            let store = PostgresCandleStore(
                database: try await PostgresDatabase.open(url, timeout: TestDatabase.patience))
            engines.append(
                stubEngine(transport, sources: [.fmp], candleStore: store, today: TradingDate("2024-08-01")!))
        }
        let request = FetchRequest(ticker: "AAPL", from: TradingDate("2024-07-01")!, to: TradingDate("2024-07-05")!)
        let first = Task { await engines[0].fetch(request) }
        // (Polled: a real database.)
        for _ in 0..<1_000 where transport.arrived == 0 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(transport.arrived == 1)
        let second = Task { await engines[1].fetch(request) }
        // Real time (a real database): long enough for the second to ask, had it not waited.
        try await Task.sleep(for: .milliseconds(400))
        #expect(transport.arrived == 1)
        transport.open()
        let (a, b) = (await first.value, await second.value)
        #expect(a.ok && b.ok && a.candles == b.candles)
        #expect(b.isWhollyFromCache, "\(b.attempts)")
        #expect(mock.requests(.fmp).count == 1)
    }

    @Test func aClosedDatabaseFailsClosed() async throws {
        let database = try await PostgresDatabase.open(try await TestDatabase.fresh(), timeout: TestDatabase.patience)
        let ledger = PostgresQuotaLedger(database: database)
        await database.close()
        await #expect(throws: DatabaseUnavailable.self) {
            try await ledger.grant(Self.polygon, windows: [RateWindow(count: 1, length: .seconds(1))], now: Self.t0)
        }
    }
}
