import QuantumCore

/// A reference that names no result, and why.
struct RefError: Error {
    var message: String
}

extension Session {
    /// The results a reference names from cell `current`: `$N` (cell N's fetch or batch), `$-N`
    /// (the cell N before `current`), `$_` or nil (the last result), or a ticker (its most
    /// recent result).
    func results(_ ref: Ref?, from current: Int) throws(RefError) -> [FetchResult] {
        switch ref {
        case .back(let n):
            guard current - n >= 1 else {
                throw RefError(message: "no cell $-\(n): this is cell $\(current)")
            }
            return try results(.cell(current - n), from: current)
        case nil, .last:
            guard let results = cells.last(where: { $0.output.results != nil })?.output.results else {
                throw RefError(message: "no result yet: fetch or batch something first")
            }
            return results
        case .cell(let n):
            guard let cell = cell(n) else {
                throw RefError(
                    message: cells.isEmpty
                        ? "no cell $\(n): nothing has run yet" : "no cell $\(n): cells so far are $1…$\(cells.count)")
            }
            guard let results = cell.output.results else {
                throw RefError(message: "$\(n) is '\(cell.input)', which holds no fetch or batch result")
            }
            return results
        case .ticker(let ticker):
            for cell in cells.reversed() {
                if let result = cell.output.results?.last(where: { $0.ticker == ticker }) { return [result] }
            }
            throw RefError(message: "no result for \(ticker) yet: fetch \(ticker) first")
        }
    }

    /// Whether every result satisfies the expectation, and a sentence saying so (naming the first
    /// result that does not).
    func check(_ expectation: Expectation, against results: [FetchResult]) -> (passed: Bool, detail: String) {
        let what: String
        switch expectation.check {
        case .state(let state): what = state.rawValue
        case .compare(let field, let op, let value): what = "\(field.rawValue) \(op.rawValue) \(value)"
        }
        for result in results {
            if let actual = mismatch(expectation.check, result) {
                return (false, "expect \(expectation.ref) \(what) failed: \(result.ticker) \(actual)")
            }
        }
        let subject = results.count == 1 ? results[0].ticker : "all \(results.count) tickers"
        return (true, "expect \(expectation.ref) \(what): \(subject) \(results.count == 1 ? "holds" : "hold")")
    }

    /// What the result actually is, when it does not satisfy the check.
    private func mismatch(_ check: Expectation.Check, _ r: FetchResult) -> String? {
        switch check {
        case .state(.ok):
            return r.ok
                ? nil
                : "failed (\(r.attempts.last.map { "\($0.source.rawValue) \($0.outcome.rawValue)" } ?? "no attempt"))"
        case .state(.failed): return r.ok ? "was served by \(r.source?.rawValue ?? "?")" : nil
        case .state(.fallback):
            if r.isFallback { return nil }
            return r.ok
                ? "was served by \(r.source?.rawValue ?? "?") without a fallback" : "failed, so nothing fell back"
        case .compare(let field, let op, let expected):
            let actual: String
            switch field {
            case .source: actual = r.source?.rawValue ?? "none"
            case .basis: actual = r.basis?.rawValue ?? "none"
            case .candles: actual = String(r.candles.count)
            case .attempts: actual = String(r.attempts.count)
            case .cached: actual = String(r.cached)
            }
            let holds: Bool
            if field.isCount, let a = Int(actual), let e = Int(expected) {
                switch op {
                case .equal: holds = a == e
                case .notEqual: holds = a != e
                case .atLeast: holds = a >= e
                case .atMost: holds = a <= e
                case .greater: holds = a > e
                case .less: holds = a < e
                }
            } else {
                holds = op == .equal ? actual == expected : actual != expected
            }
            return holds ? nil : "\(field.rawValue) is \(actual)"
        }
    }
}
