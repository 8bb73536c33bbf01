import QuantumCore

/// The checks every provider passes, whatever its wire format, run from its descriptor alone:
/// the requests it builds, the basis it declares, our own fixtures (`Tests/Fixtures/NAME/`), the
/// recorded real responses (`../shared/fixtures/NAME/`) and every failure shape.
///
/// Each check returns what fell short, empty when the provider conforms; a test records them,
/// parameterised over `ProviderRegistry.descriptors`.
public struct ProviderConformance: Sendable {
    /// One way a provider fell short of a check.
    public struct Failure: Sendable, CustomStringConvertible {
        public var check: String
        public var detail: String

        public var description: String { "\(check): \(detail)" }
    }

    /// The provider under test.
    public let descriptor: ProviderDescriptor
    let source: any DataSource
    // The `!`s below unwrap literal dates, valid by inspection.
    /// A query wide enough for every recorded and fixture body.
    let query = BarQuery(ticker: "AAPL", from: TradingDate("1900-01-01")!, to: TradingDate("2100-01-01")!)
    let today = TradingDate("2026-11-25")!

    public init(_ descriptor: ProviderDescriptor) {
        self.descriptor = descriptor
        source = descriptor.source()
    }

    func context(key: String?, baseURL: String = "http://127.0.0.1:9") -> RequestContext {
        RequestContext(endpoint: SourceEndpoint(baseURL: baseURL, key: key), today: today)
    }

    func interpret(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8]) -> Result<
        SourcePage, SourceFailure
    > {
        source.interpret(
            ProviderResponse(status: status, headers: headers, body: body), for: query, context: context(key: "k"))
    }
}
