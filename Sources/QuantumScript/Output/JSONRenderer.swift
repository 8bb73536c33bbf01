import QuantumCore

/// Machine mode: one JSON object per cell, documented in README.md ("Machine output").
public enum JSONRenderer {
    public static func render(_ cell: Cell) -> String {
        var members: [(String, String)] = [("cell", String(cell.number)), ("command", JSONWriter.string(cell.command.name))]
        switch cell.output {
        case .fetch(let result):
            members += fetchMembers(result)
        case .batch(let report):
            members.append(("results", JSONWriter.array(report.results.map { JSONWriter.object(fetchMembers($0)) })))
            members.append(("summary", JSONWriter.object([
                ("requested", String(report.results.count)), ("ok", String(report.ok)),
                ("failed", String(report.failed)), ("fallbacks", String(report.fallbacks)),
            ])))
            members.append(("elapsed_ms", String(milliseconds(report.elapsed))))
        case .sources(let sources, let status, let simulated):
            members.append(("simulated", String(simulated)))
            members.append(("sources", JSONWriter.array(sources.map { s in source(s, status.first { $0.id == s.id }) })))
        case .limits(let status):
            members.append(("limits", JSONWriter.array(status.map(limits))))
        case .faults(let faults, let label):
            members.append(("injected_by", JSONWriter.string(label)))
            members.append(("faults", JSONWriter.array(faults.map { JSONWriter.object([("source", JSONWriter.string($0.0.rawValue)), ("fault", JSONWriter.string($0.1.description))]) })))
        case .help(let text), .message(let text):
            members.append(("text", JSONWriter.string(text)))
        case .quit:
            break
        }
        return JSONWriter.object(members)
    }

    /// The fields of a fetch result, in the documented order.
    static func fetchMembers(_ r: FetchResult) -> [(String, String)] {
        [
            ("ticker", JSONWriter.string(r.ticker)),
            ("ok", String(r.ok)),
            ("source", JSONWriter.optional(r.source?.rawValue)),
            ("basis", JSONWriter.optional(r.basis?.rawValue)),
            ("simulated", String(r.simulated)),
            ("from", JSONWriter.string(r.from.description)),
            ("to", JSONWriter.string(r.to.description)),
            ("candles", JSONWriter.array(r.candles.map(candle))),
            ("attempts", JSONWriter.array(r.attempts.map(attempt))),
            ("warnings", JSONWriter.array(r.warnings.map(JSONWriter.string))),
            ("error", JSONWriter.optional(r.error)),
            ("elapsed_ms", String(milliseconds(r.elapsed))),
        ]
    }

    static func candle(_ c: Candle) -> String {
        JSONWriter.object([
            ("date", JSONWriter.string(c.date.description)),
            ("open", JSONWriter.number(c.open)), ("high", JSONWriter.number(c.high)),
            ("low", JSONWriter.number(c.low)), ("close", JSONWriter.number(c.close)),
            ("volume", JSONWriter.number(c.volume)),
        ])
    }

    static func attempt(_ a: Attempt) -> String {
        JSONWriter.object([
            ("source", JSONWriter.string(a.source.rawValue)),
            ("outcome", JSONWriter.string(a.outcome.rawValue)),
            ("status", JSONWriter.optional(a.status)),
            ("message", JSONWriter.optional(a.message)),
            ("ms", String(a.milliseconds)),
        ])
    }

    static func source(_ s: SourceSettings, _ status: SourceStatus?) -> String {
        JSONWriter.object([
            ("name", JSONWriter.string(s.id.rawValue)),
            ("priority", String(s.priority)),
            ("enabled", String(s.enabled)),
            ("key_configured", String(s.key != nil)),
            ("base_url", JSONWriter.string(s.baseURL)),
            ("limits", JSONWriter.array(s.limits.map { JSONWriter.string($0.description) })),
            ("breaker", JSONWriter.optional(status?.breaker)),
            ("usable", String(status?.unusable == nil)),
            ("requests", String(status?.requests ?? 0)),
        ])
    }

    static func limits(_ s: SourceStatus) -> String {
        JSONWriter.object([
            ("source", JSONWriter.string(s.id.rawValue)),
            ("windows", JSONWriter.array(s.windows.map { w in
                JSONWriter.object([
                    ("limit", JSONWriter.string(w.window.description)), ("used", String(w.used)),
                    ("remaining", String(max(0, w.window.count - w.used))),
                    ("resets_in_ms", JSONWriter.optional(w.resetsIn.map(milliseconds))),
                ])
            })),
            ("cooling_ms", JSONWriter.optional(s.coolingFor.map(milliseconds))),
            ("breaker", JSONWriter.string(s.breaker)),
            ("requests", String(s.requests)),
        ])
    }

    static func milliseconds(_ d: Duration) -> Int {
        Int(d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000)
    }
}
