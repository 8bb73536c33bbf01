import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import QuantumCore
import QuantumServer
import QuantumSimulator
import Testing

/// A server left running: a wait for a slot is bounded (503 with Retry-After), a client that
/// gives up frees its place, cached answers never queue, unknown tickers are 404 and remembered.
@Suite struct ServeBoundsTests {
    /// One source alone (Polygon unless said), `count` requests a minute (two: a ticker's bars and
    /// its splits), at the simulator and in the engine.
    static func withOneSlotAMinute(
        at source: SourceID = .polygon, count: Int = 2,
        configure: @escaping (inout ServerOptions) -> Void = { _ in }, _ body: (ServerHarness) async throws -> Void
    ) async throws {
        var settings = Settings.defaults
        for i in settings.sources.indices {
            settings.sources[i].limits = [RateWindow(count: count, length: .seconds(60))]
            settings.sources[i].enabled = settings.sources[i].id == source
        }
        try await ServerHarness.with(
            settings: settings,
            simulatorOptions: { options in
                options.limits = Dictionary(uniqueKeysWithValues: settings.sources.map { ($0.id, $0.limits) })
            }, configure: configure, body)
    }

    @Test func aWaitLongerThanTheBoundIs503WithRetryAfterAndACachedAnswerIsStill200() async throws {
        try await Self.withOneSlotAMinute { h in
            let first = try await h.get("/v1/candles/AAPL?days=10")
            #expect(first.status == 200, "\(first.body)")
            let upstream = h.upstreamRequests
            let started = ContinuousClock.now
            let busy = try await h.get("/v1/candles/MSFT?days=10&max_wait=2")
            #expect(ContinuousClock.now - started < .seconds(20))
            #expect(busy.status == 503, "\(busy.body)")
            let retry = try #require(busy.header("Retry-After").flatMap { Int($0) })
            #expect((1...60).contains(retry))
            #expect((busy.object["error"] as? String)?.contains("rate limit") == true, "\(busy.body)")
            #expect(h.upstreamRequests == upstream)
            let cached = try await h.get("/v1/candles/AAPL?days=10")
            #expect(cached.status == 200)
            #expect(cached.object["cached"] as? Int == (first.object["candles"] as? [Any])?.count)
        }
    }

    @Test func aDerivedBasisWhoseLedgerWaitsOnALimitIs503WithRetryAfter() async throws {
        try await Self.withOneSlotAMinute(at: .eodhd, count: 1) { h in
            // EODHD serves raw bars: the split basis needs its splits, and its one slot went on the bars.
            let reply = try await h.get("/v1/candles/AAPL?days=10&max_wait=5")
            #expect(reply.status == 503, "\(reply.body)")
            let retry = try #require(reply.header("Retry-After").flatMap { Int($0) })
            #expect((1...60).contains(retry))
        }
    }

    @Test func aRangeWhollyBefore1900IsAnsweredNotACrash() async throws {
        try await ServerHarness.with { h in
            let reply = try await h.get("/v1/candles/MSFT?from=1800-01-01&to=1850-01-01")
            #expect([200, 404, 502].contains(reply.status), "\(reply.body.prefix(300))")
            #expect(try await h.get("/healthz").status == 200)
        }
    }

    @Test func aClientLeavingAFetchItSharesFreesItsPlaceAtOnce() async throws {
        try await Self.withOneSlotAMinute(configure: { $0.maxWait = .seconds(120) }) {
            (h: ServerHarness) async throws in
            let first = try await h.get("/v1/candles/AAPL?days=10")
            #expect(first.status == 200)
            let url = h.server.baseURL + "/v1/candles/MSFT?days=10"
            let staying = Task {
                try await ServerHarness.client.execute(HTTPClientRequest(url: url), timeout: .seconds(120))
            }
            #expect(await until { h.server.requestsAtWork == 1 })
            let leaving = Task {
                try await ServerHarness.client.execute(HTTPClientRequest(url: url), timeout: .seconds(120))
            }
            #expect(await until { h.server.requestsAtWork == 2 })
            leaving.cancel()
            _ = try? await leaving.value
            #expect(await until { h.server.requestsAtWork == 1 })
            #expect(await until { h.log.all.contains { $0.contains(" 499 ") } })
            staying.cancel()
            _ = try? await staying.value
        }
    }

    @Test func aClientThatGivesUpFreesItsPlaceAndCachedAnswersNeverQueue() async throws {
        try await Self.withOneSlotAMinute(configure: {
            $0.maxQueue = 1
            $0.maxWait = .seconds(120)
        }) { (h: ServerHarness) async throws in
            let first = try await h.get("/v1/candles/AAPL?days=10")
            #expect(first.status == 200)
            // Waits for the slot (the server allows a minute) until its client gives up.
            var waiting = HTTPClientRequest(url: h.server.baseURL + "/v1/candles/MSFT?days=10&max_wait=120")
            waiting.method = .GET
            let abandoned = Task { try await ServerHarness.client.execute(waiting, timeout: .seconds(120)) }
            #expect(await until { h.server.requestsAtWork == 1 })
            // The queue is full: a cached answer is still served, a new ticker is turned away.
            let cached = try await h.get("/v1/candles/AAPL?days=10")
            #expect(cached.status == 200)
            let turnedAway = try await h.get("/v1/candles/IBM?days=10")
            #expect(turnedAway.status == 429, "\(turnedAway.body)")
            abandoned.cancel()
            _ = try? await abandoned.value
            #expect(await until { h.server.requestsAtWork == 0 })
        }
    }

    @Test func anUnknownTickerIs404AndTheSourcesAreNotAskedAgain() async throws {
        try await ServerHarness.with { h in
            let first = try await h.get("/v1/candles/ZZZZQ?days=10")
            #expect(first.status == 404, "\(first.body)")
            #expect((first.object["error"] as? String)?.hasPrefix("no source knows ZZZZQ") == true, "\(first.body)")
            let upstream = h.upstreamRequests
            #expect(upstream > 0)
            let again = try await h.get("/v1/candles/ZZZZQ?days=10")
            #expect(again.status == 404)
            #expect(h.upstreamRequests == upstream)
            let attempts = again.object["attempts"] as? [[String: Any]] ?? []
            #expect(attempts.allSatisfy { ($0["message"] as? String)?.contains("no request sent") == true })
        }
    }

    @Test func aRangeFromYearOneStartsAt1900AndLongMissingListsAreRuns() async throws {
        try await ServerHarness.with { h in
            let reply = try await h.get("/v1/candles/ZZZZQ?from=0001-01-01&to=2026-11-20")
            #expect(reply.status == 404)
            #expect(reply.body.utf8.count < 20_000, "\(reply.body.utf8.count) bytes")
            #expect(reply.object["from"] as? String == "1900-01-01")
            let missing = reply.object["missing"] as? [String] ?? []
            #expect(missing.first?.hasPrefix("1900-01-02..") == true, "\(missing.prefix(3))")
            #expect((reply.object["missing_days"] as? Int ?? 0) > 30_000)
        }
    }

    @Test func aRefusedKeyIsSetAsideUntilTheCoolDownOrAnEnable() async throws {
        try await ServerHarness.with { h in
            await h.simulator.simulator.inject(Fault(.authfail, scope: .always), at: .polygon)
            let refused = try await h.get("/v1/candles/AAPL?days=5&source=polygon")
            #expect(refused.status == 502)
            let aside = try await h.get("/v1/candles/MSFT?days=5&source=polygon")
            let attempt = (aside.object["attempts"] as? [[String: Any]])?.first
            let message = attempt?["message"] as? String ?? ""
            #expect(message.hasPrefix("not asked again for ") && message.contains("its key was refused"), "\(message)")
            await h.simulator.simulator.clear(.polygon)
            let enabled = try await h.send(.POST, "/v1/sources/polygon/enable")
            #expect(enabled.status == 200, "\(enabled.body)")
            #expect(try await h.get("/v1/candles/MSFT?days=5&source=polygon").status == 200)
            #expect(try await h.send(.POST, "/v1/sources/nosuch/enable").status == 400)
        }
    }

    @Test func servedAnswersCarryAnETagAndIfNoneMatchIs304() async throws {
        try await ServerHarness.with { h in
            let first = try await h.get("/v1/candles/AAPL?days=10")
            let tag = try #require(first.header("ETag"))
            #expect(first.header("Cache-Control")?.contains("max-age") == true)
            let again = try await h.get("/v1/candles/AAPL?days=10", headers: [("If-None-Match", tag)])
            #expect(again.status == 304)
            #expect(again.body.isEmpty)
            let other = try await h.get("/v1/candles/AAPL?days=12", headers: [("If-None-Match", tag)])
            #expect(other.status == 200)
            // The CSV of the same answer is another representation: another tag.
            let csv = try await h.get("/v1/candles/AAPL?days=10&format=csv", headers: [("If-None-Match", tag)])
            #expect(csv.status == 200 && csv.header("ETag") != tag)
        }
    }

    @Test func csvByAcceptOrFormatIsTheExportsRows() async throws {
        try await ServerHarness.with { h in
            let json = try await h.get("/v1/candles/AAPL?days=10")
            let rows = (json.object["candles"] as? [Any])?.count ?? 0
            for reply in [
                try await h.get("/v1/candles/AAPL?days=10", headers: [("Accept", "text/csv")]),
                try await h.get("/v1/candles/AAPL?days=10&format=csv"),
            ] {
                #expect(reply.status == 200)
                #expect(reply.header("Content-Type")?.hasPrefix("text/csv") == true)
                let lines = reply.body.split(separator: "\n")
                #expect(lines.first?.hasPrefix("ticker,date,open,high,low,close,volume") == true)
                #expect(lines.count == rows + 1)
            }
            #expect(try await h.get("/v1/candles/AAPL?days=10&format=xml").status == 400)
            let refused = try await h.get("/v1/candles/AAPL?days=10", headers: [("Accept", "text/csv;q=0, */*")])
            #expect(refused.header("Content-Type")?.hasPrefix("application/json") == true)
            let preferred = try await h.get(
                "/v1/candles/AAPL?days=10", headers: [("Accept", "text/csv;q=0.5, application/json")])
            #expect(preferred.header("Content-Type")?.hasPrefix("application/json") == true)
        }
    }
}
