import QuantumCore

extension ProviderConformance {
    /// The key our fixtures echo where the provider echoes the request; it must never be shown.
    static let fixtureKey = "QUANTUMTESTKEY"

    /// A well-formed success with bars among our own fixtures.
    func ownSuccess() -> OwnFixtures.Case? {
        OwnFixtures.cases(descriptor.id).first { fixture in
            fixture.expected == .ok && !["empty", "null", "warning_only"].contains { fixture.name.contains($0) }
        }
    }

    /// Our own fixtures (at least eight, a success with bars among them) are each classified as
    /// their file name says when fetched, keep their status, and never show the key.
    public func ownFixtures() async -> [Failure] {
        var failures: [Failure] = []
        func check(_ condition: Bool, _ fixture: String, _ detail: String) {
            if !condition { failures.append(Failure(check: "own fixture \(fixture)", detail: detail)) }
        }
        let cases = OwnFixtures.cases(descriptor.id)
        check(
            cases.count >= 8, "Tests/Fixtures/\(descriptor.id.rawValue)",
            "\(cases.count) fixtures; every provider needs at least 8")
        if let ok = ownSuccess() {
            let page = try? interpret(status: 200, body: ok.body).get()
            check(
                page.map { !$0.candles.isEmpty && $0.candles.allSatisfy { $0.open.isFinite && $0.volume > 0 } } == true,
                ok.name, "no bars, or bars without a finite open and a volume")
        } else {
            check(false, "Tests/Fixtures/\(descriptor.id.rawValue)", "no success with bars")
        }
        let context = context(key: Self.fixtureKey)
        for fixture in cases {
            let transport = StaticTransport { _ in ProviderResponse(status: fixture.status, body: fixture.body) }
            let fetcher = SourceFetcher(transport: transport, redactor: Redactor(secrets: [Self.fixtureKey]))
            let result = await fetcher.fetch(query, from: source, context: context)
            let attempt = result.attempt
            if fixture.expected == .ok {
                // A well-formed success; an empty one is no_data for the fetch as a whole.
                let decoded = (try? interpret(status: fixture.status, body: fixture.body).get()) != nil
                check(
                    decoded && (attempt.outcome == .ok || attempt.outcome == .noData), fixture.name,
                    "\(attempt.outcome.rawValue) \(attempt.message ?? "")")
            } else {
                check(
                    attempt.outcome == fixture.expected, fixture.name,
                    "classified \(attempt.outcome.rawValue): \(attempt.message ?? "")")
                check(
                    attempt.status == fixture.status, fixture.name,
                    "status \(attempt.status.map(String.init) ?? "none")")
                check(attempt.message?.isEmpty == false, fixture.name, "no message")
            }
            let shown = [attempt.message ?? ""] + result.warnings
            check(!shown.contains { $0.contains(Self.fixtureKey) }, fixture.name, "shows the key")
        }
        return failures
    }
}
