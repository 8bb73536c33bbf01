import QuantumCore

extension ProviderConformance {
    /// The corporate-action requests, like the bars': the base URL's path prefix kept, the key
    /// (percent-encoded) under the descriptor's parameter and only when there is one; splits and
    /// dividends offered by every provider.
    public func actionRequests() -> [Failure] {
        var failures: [Failure] = []
        func check(_ condition: Bool, _ detail: String) {
            if !condition { failures.append(Failure(check: "actions request", detail: detail)) }
        }
        let base = "http://127.0.0.1:8080/proxy"
        for feed in ActionFeed.allCases {
            guard
                let keyed = source.actionRequest(feed, ticker: "AAPL", context: context(key: "K3Y+/=&", baseURL: base))
            else {
                check(feed == .symbolChanges, "no \(feed.rawValue) request")
                continue
            }
            check(keyed.url.hasPrefix(base + "/"), "\(feed.rawValue): \(keyed.url) does not keep the base URL \(base)")
            check(
                keyed.url.contains("\(descriptor.keyParameter)=K3Y%2B%2F%3D%26"),
                "\(feed.rawValue): \(keyed.url) does not carry the encoded key")
            let keyless = source.actionRequest(feed, ticker: "AAPL", context: context(key: nil, baseURL: base))?.url
            check(keyless?.contains(descriptor.keyParameter + "=") == false, "\(feed.rawValue): a key though none")
        }
        return failures
    }

    /// Every failure shape a bars request can meet is classified the same way on the split and
    /// dividend feeds.
    public func actionFailureShapes() -> [Failure] {
        var failures: [Failure] = []
        for feed in [ActionFeed.splits, .dividends] {
            for shape in shapes() where !shape.what.hasPrefix("its success") {
                let response = ProviderResponse(status: shape.status, headers: shape.headers, body: shape.body)
                switch source.interpretActions(response, feed: feed, ticker: "AAPL", context: context(key: "k")) {
                case .success:
                    failures.append(
                        Failure(
                            check: "actions failure shape",
                            detail:
                                "\(feed.rawValue): \(shape.what) decoded as a success; expected \(shape.outcome.rawValue)"
                        ))
                case .failure(let failure):
                    if failure.outcome != shape.outcome || failure.status != shape.status || failure.message.isEmpty {
                        failures.append(
                            Failure(
                                check: "actions failure shape",
                                detail: "\(feed.rawValue): \(shape.what): \(failure.outcome.rawValue) "
                                    + "(\(failure.status.map(String.init) ?? "no status")) \"\(failure.message)\"; "
                                    + "expected \(shape.outcome.rawValue) (\(shape.status))"))
                    }
                }
            }
        }
        return failures
    }
}
