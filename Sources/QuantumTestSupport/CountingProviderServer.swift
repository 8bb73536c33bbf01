import Foundation
import QuantumCore
import QuantumSimulator
import Synchronization

/// A loopback provider in one provider's wire format that counts when each request arrives and
/// answers like a provider enforcing `limit`: a request past it gets a 429 (counted too), every
/// other one the provider's body for the asked ticker with bars on every trading day from `from`
/// to `to`, or, asked for its splits or dividends, none. For tests that several processes sharing one key never exceed a window.
public final class CountingProviderServer: Sendable {
    public let provider: SourceID
    public let limit: RateWindow
    private let server: LoopbackServer
    private let log: Log

    public var baseURL: String { server.baseURL }

    /// What arrived, and when.
    final class Log: Sendable {
        let arrivals = Mutex<[(at: ContinuousClock.Instant, ticker: String, refused: Bool, actions: Bool)]>([])
    }

    private init(provider: SourceID, limit: RateWindow, server: LoopbackServer, log: Log) {
        self.provider = provider
        self.limit = limit
        self.server = server
        self.log = log
    }

    /// Starts the server; `from`…`to` are the bars every ticker has.
    public static func start(_ provider: SourceID, limit: RateWindow, from: String, to: String) async throws
        -> CountingProviderServer
    {
        let bars = MockProviders.bars(from: from, to: to)
        let log = Log()
        let server = try await LoopbackServer.start { request in
            answer(request, at: provider, limit: limit, bars: bars, log: log)
        }
        return CountingProviderServer(provider: provider, limit: limit, server: server, log: log)
    }

    private static func answer(
        _ request: ServerRequest, at provider: SourceID, limit: RateWindow, bars: [Candle], log: Log
    ) -> ServerResponse {
        let ticker = Self.ticker(of: request, at: provider)
        let noActions = Self.noActions(request, at: provider)
        let now = ContinuousClock.now
        let refused = log.arrivals.withLock { arrivals in
            let recent = arrivals.count { !$0.refused && $0.at > now - limit.length }
            arrivals.append((now, ticker, recent >= limit.count, noActions != nil))
            return recent >= limit.count
        }
        if refused {
            return ServerResponse(
                status: 429, #"{"status":"ERROR","error":"You've exceeded the maximum requests per minute"}"#)
        }
        return ServerResponse(status: 200, noActions ?? MockProviders.body(provider, ticker, bars))
    }

    /// The provider's answer of no splits or dividends, when `request` asks for those.
    static func noActions(_ request: ServerRequest, at provider: SourceID) -> String? {
        let path = request.path
        switch provider {
        case .polygon:
            return path.hasPrefix("/stocks/v1/splits") || path.hasPrefix("/stocks/v1/dividends")
                ? #"{"status":"OK","results":[]}"# : nil
        case .fmp:
            return path.hasPrefix("/stable/splits") || path.hasPrefix("/stable/dividends") ? "[]" : nil
        case .eodhd:
            return path.hasPrefix("/api/splits/") || path.hasPrefix("/api/div/") ? "[]" : nil
        default:
            let function = request.query("function") ?? ""
            return function == "SPLITS" || function == "DIVIDENDS"
                ? #"{"symbol":"\#(request.query("symbol") ?? "")","data":[]}"# : nil
        }
    }

    /// The ticker a request asks for, as the provider names it (`AAPL`, `AAPL.US` → `AAPL`).
    static func ticker(of request: ServerRequest, at provider: SourceID) -> String {
        switch provider {
        case .polygon:
            let parts = request.path.split(separator: "/")
            return parts.count > 3 ? String(parts[3]) : ""
        case .eodhd:
            let last = request.path.split(separator: "/").last.map(String.init) ?? ""
            return String(last.split(separator: ".").first ?? "")
        default:
            return request.query("symbol") ?? ""
        }
    }

    /// Requests that arrived, refused ones included.
    public var requests: Int { log.arrivals.withLock { $0.count } }
    /// Requests answered 429 because they were past the limit.
    public var refused: Int { log.arrivals.withLock { $0.count { $0.refused } } }
    /// The tickers answered with bars, in order of arrival.
    public var served: [String] {
        log.arrivals.withLock { $0.filter { !$0.refused && !$0.actions }.map(\.ticker) }
    }
    /// Requests for splits or dividends (answered with none).
    public var actionRequests: Int { log.arrivals.withLock { $0.count { $0.actions } } }

    /// The most requests that arrived within any span of the window's length (a provider counting
    /// strictly allows at most `limit.count`).
    public var busiestWindow: Int {
        let times = log.arrivals.withLock { $0.map(\.at) }.sorted()
        var most = 0
        var first = 0
        for (i, time) in times.enumerated() {
            while times[first] <= time - limit.length { first += 1 }
            most = max(most, i - first + 1)
        }
        return most
    }

    public func stop() async {
        await server.stop()
    }
}
