import QuantumCore
import QuantumHTTP
import QuantumSimulator
import Testing

/// Reads one ticker's corporate actions from a running simulator as the client does: the
/// provider's own request, every page, the core's decoder.
struct ActionFetcher {
    let server: SimulatorServer
    let transport: any HTTPTransport
    let today: TradingDate
    var key: String? = "sim-key"

    var context: RequestContext {
        RequestContext(endpoint: SourceEndpoint(baseURL: server.baseURL, key: key), today: today)
    }

    /// The request the client sends first; nil when the provider has no such feed.
    func request(_ id: SourceID, _ feed: ActionFeed, _ ticker: String) -> ProviderRequest? {
        dataSource(for: id).actionRequest(feed, ticker: ticker, context: context)
    }

    /// The first response, undecoded.
    func response(_ id: SourceID, _ feed: ActionFeed, _ ticker: String) async throws -> ProviderResponse {
        let first = try #require(request(id, feed, ticker))
        return try await transport.get(first, timeout: .seconds(10))
    }

    /// The actions of every page, or the first page's failure.
    func actions(_ id: SourceID, _ feed: ActionFeed, _ ticker: String) async throws -> Result<
        [CorporateAction], SourceFailure
    > {
        let source = dataSource(for: id)
        var next = try #require(source.actionRequest(feed, ticker: ticker, context: context))
        var actions: [CorporateAction] = []
        for _ in 0..<20 {
            let response = try await transport.get(next, timeout: .seconds(10))
            switch source.interpretActions(response, feed: feed, ticker: ticker, context: context) {
            case .failure(let failure): return .failure(failure)
            case .success(let page):
                #expect(page.warnings.isEmpty, "\(id) \(feed) \(ticker): \(page.warnings)")
                actions += page.actions
                guard let following = page.next else { return .success(actions) }
                next = following
            }
        }
        Issue.record("\(id) \(feed) \(ticker): more than 20 pages")
        return .success(actions)
    }

    func splits(_ id: SourceID, _ ticker: String) async throws -> [Split] {
        try await actions(id, .splits, ticker).get().compactMap {
            if case .split(let split) = $0 { split } else { nil }
        }.sorted { $0.date < $1.date }
    }

    func dividends(_ id: SourceID, _ ticker: String) async throws -> [CashDividend] {
        try await actions(id, .dividends, ticker).get().compactMap {
            if case .dividend(let dividend) = $0 { dividend } else { nil }
        }.sorted { $0.exDate < $1.exDate }
    }

    func symbolChanges(_ id: SourceID, _ ticker: String) async throws -> [SymbolChange] {
        try await actions(id, .symbolChanges, ticker).get().compactMap {
            if case .symbolChange(let change) = $0 { change } else { nil }
        }.sorted { $0.date < $1.date }
    }

    /// Runs `body` with a simulator on loopback and a fetcher for it.
    static func with(
        _ options: SimulatorOptions, _ body: (ActionFetcher) async throws -> Void
    ) async throws {
        let server = try await SimulatorServer.start(Simulator(options: options))
        do {
            try await AsyncHTTPTransport.with { transport in
                try await body(ActionFetcher(server: server, transport: transport, today: options.today))
            }
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
