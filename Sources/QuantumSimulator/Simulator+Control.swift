import Foundation
import QuantumCore

/// `/_sim/…`: counters and run-time control for tests and demos.
///
/// - `GET /_sim/stats` → `{"polygon": {"requests", "served", "violations", "faults"}, …, "total": {…}}`
/// - `GET /_sim/faults` → `{"faults": [{"source", "fault"}]}`
/// - `POST /_sim/faults` with `{"source": "polygon", "fault": "ratelimit x3"}` or `{"clear": "polygon" | "all"}`
/// - `POST /_sim/limits` with `{"source": "polygon", "limits": "5/min"}` (`""` removes them)
extension Simulator {
    func control(_ request: ServerRequest) -> ServerResponse {
        switch (request.method, request.path) {
        case ("GET", "/_sim/stats"):
            return ServerResponse(status: 200, statsJSON())
        case ("GET", "/_sim/faults"):
            return ServerResponse(status: 200, faultsJSON())
        case ("POST", "/_sim/faults"):
            guard let body = object(request.body) else { return bad("expected a JSON object") }
            if let clear = body["clear"] as? String {
                if clear == "all" {
                    faults.clear(nil)
                } else if let id = SourceID(rawValue: clear) {
                    faults.clear(id)
                } else {
                    return bad("unknown source '\(clear)'")
                }
                return ServerResponse(status: 200, faultsJSON())
            }
            guard let name = body["source"] as? String, let id = SourceID(rawValue: name) else {
                return bad("expected \"source\": one of polygon, fmp, alphavantage, eodhd")
            }
            guard let text = body["fault"] as? String else { return bad("expected \"fault\", e.g. \"ratelimit x3\"") }
            switch Fault.parse(text.split(separator: " ").map(String.init)) {
            case .success(let fault): faults.inject(fault, at: id)
            case .failure(let error): return bad(error.message)
            }
            return ServerResponse(status: 200, faultsJSON())
        case ("POST", "/_sim/limits"):
            guard let body = object(request.body), let name = body["source"] as? String,
                let id = SourceID(rawValue: name),
                let text = body["limits"] as? String
            else { return bad("expected {\"source\": \"polygon\", \"limits\": \"5/min\"}") }
            guard text.isEmpty || RateWindow.list(text) != nil else {
                return bad("expected limits such as 5/min,25/day")
            }
            setLimits(text.isEmpty ? [] : RateWindow.list(text) ?? [], for: id)
            return ServerResponse(status: 200, #"{"source":"\#(id.rawValue)","limits":"\#(text)"}"#)
        default:
            return ServerResponse(
                status: 404, #"{"error":"unknown control endpoint \#(request.method) \#(request.path)"}"#)
        }
    }

    func statsJSON() -> String {
        let stats = stats()
        var total = ProviderStats()
        var members: [String] = []
        for id in ProviderRegistry.ids {
            let s = stats[id] ?? ProviderStats()
            total.requests += s.requests
            total.served += s.served
            total.violations += s.violations
            total.faults += s.faults
            members.append("\"\(id.rawValue)\":\(Self.json(s))")
        }
        return "{" + members.joined(separator: ",") + ",\"total\":\(Self.json(total))}"
    }

    private static func json(_ s: ProviderStats) -> String {
        #"{"requests":\#(s.requests),"served":\#(s.served),"violations":\#(s.violations),"faults":\#(s.faults)}"#
    }

    private func faultsJSON() -> String {
        let items = faults.active().map { #"{"source":"\#($0.0.rawValue)","fault":"\#($0.1)"}"# }
        return #"{"faults":[\#(items.joined(separator: ","))]}"#
    }

    private func object(_ body: [UInt8]) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
    }

    private func bad(_ message: String) -> ServerResponse {
        ServerResponse(status: 400, #"{"error":"\#(message.replacingOccurrences(of: "\"", with: "'"))"}"#)
    }
}
