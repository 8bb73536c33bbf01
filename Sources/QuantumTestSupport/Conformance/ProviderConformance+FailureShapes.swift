import QuantumCore

extension ProviderConformance {
    /// One refusal or broken body, and the outcome it must be classified as.
    struct Shape {
        var what: String
        var status: Int
        var headers: [(name: String, value: String)] = []
        var body: [UInt8]
        var outcome: Outcome
        /// Words of the body the message must quote.
        var quotes: String?
    }

    /// The shapes every provider can meet, whatever its own words: the statuses without a body
    /// the provider explains, garbage, an empty body, and its own success cut short.
    func shapes() -> [Shape] {
        func text(_ string: String) -> [UInt8] { Array(string.utf8) }
        var shapes = [
            Shape(what: "401", status: 401, body: text("Unauthorized"), outcome: .authFailed),
            Shape(
                what: "403", status: 403, body: text("<html><body>403 Forbidden</body></html>"), outcome: .authFailed),
            Shape(what: "404", status: 404, body: text("<html><body>404 Not Found</body></html>"), outcome: .notFound),
            Shape(
                what: "429 with Retry-After", status: 429, headers: [("Retry-After", "30")],
                body: text("Too Many Requests"), outcome: .rateLimited),
            Shape(what: "429 with an empty body", status: 429, body: [], outcome: .rateLimited),
            Shape(what: "garbage", status: 200, body: text("<html>oops</html>"), outcome: .badResponse),
            Shape(
                what: "a cut-off string", status: 200, body: text("{\"truncat"), outcome: .badResponse,
                quotes: "truncat"),
            Shape(what: "an empty body", status: 200, body: [], outcome: .badResponse),
        ]
        shapes += [500, 502, 503, 504].map { status in
            Shape(
                what: "\(status)", status: status, body: text("<html><head><title>\(status)</title></head></html>"),
                outcome: .serverError)
        }
        if let ok = ownSuccess() {
            shapes.append(
                Shape(
                    what: "its success truncated", status: 200, body: Array(ok.body.prefix(ok.body.count / 2)),
                    outcome: .badResponse))
        }
        return shapes
    }

    /// Its own success followed by bytes after the document: garbage, or a second document.
    func trailingShapes() -> [Shape] {
        guard let ok = ownSuccess() else { return [] }
        return [
            Shape(
                what: "its success followed by garbage", status: 200, body: ok.body + Array(" garbage".utf8),
                outcome: .badResponse),
            Shape(
                what: "its success followed by a second document", status: 200, body: ok.body + ok.body,
                outcome: .badResponse),
        ]
    }

    /// Every failure shape is classified as its outcome, with the status kept and a message to show.
    public func failureShapes() -> [Failure] {
        classify(shapes())
    }

    /// A valid body followed by anything but white space is a bad response, not a success.
    public func bytesAfterTheDocument() -> [Failure] {
        classify(trailingShapes())
    }

    func classify(_ shapes: [Shape]) -> [Failure] {
        var failures: [Failure] = []
        for shape in shapes {
            switch interpret(status: shape.status, headers: shape.headers, body: shape.body) {
            case .success:
                failures.append(
                    Failure(
                        check: "failure shape",
                        detail: "\(shape.what) decoded as a success; expected \(shape.outcome.rawValue)"))
            case .failure(let failure):
                let quoted = shape.quotes.map(failure.message.contains) ?? !failure.message.isEmpty
                if failure.outcome != shape.outcome || failure.status != shape.status || !quoted {
                    failures.append(
                        Failure(
                            check: "failure shape",
                            detail:
                                "\(shape.what): \(failure.outcome.rawValue) "
                                + "(\(failure.status.map(String.init) ?? "no status")) \"\(failure.message)\"; "
                                + "expected \(shape.outcome.rawValue) (\(shape.status))"
                        ))
                }
            }
        }
        if ownSuccess() == nil {
            failures.append(
                Failure(
                    check: "failure shape",
                    detail: "no own success fixture to truncate in Tests/Fixtures/\(descriptor.id.rawValue)"))
        }
        return failures
    }
}
