import Foundation
import NIOHTTP1
import QuantumCore
import QuantumServer
import QuantumTestSupport
import Testing

/// Input is read strictly and every refusal names the parameter at fault; HEAD answers like GET
/// without a body; the server keeps serving after each. (A wrong method and an unknown route:
/// `RouterTests`.)
@Suite struct StrictInputTests {
    /// A batch body, the parameter a 400 must name, and words its message must hold.
    static let badBodies: [(String, String, [String])] = [
        (#"{"tickers":["AAPL"],"dayz":5}"#, "dayz", ["unknown parameter 'dayz'", "did you mean 'days'"]),
        (#"{"tickers":["AAPL"],"days":"5"}"#, "days", ["whole number", "a string"]),
        (#"{"tickers":["AAPL"],"days":1e300}"#, "days", ["whole number"]),
        (#"{"tickers":["AAPL"],"days":-1}"#, "days", ["1 to 36500"]),
        (#"{"tickers":["AAPL"],"days":2.5}"#, "days", ["whole number"]),
        (#"{"tickers":["AAPL"],"days":99999999999999999999}"#, "days", ["whole number"]),
        (#"{"tickers":["AAPL"],"days":true}"#, "days", ["a boolean"]),
        (#"{"tickers":[1]}"#, "tickers", ["tickers[0]", "a whole number"]),
        (#"{"tickers":["AAPL",null]}"#, "tickers", ["tickers[1]", "null"]),
        (#"{"tickers":"AAPL"}"#, "tickers", ["array", "a string"]),
        (#"{"tickers":[]}"#, "tickers", ["empty"]),
        (#"{"tickers":{"AAPL":1}}"#, "tickers", ["an object"]),
        (#"{"days":5}"#, "tickers", ["missing"]),
        (#"{"tickers":["AAPL"],"from":20240102}"#, "from", ["a string"]),
        (#"{"tickers":["AAPL"],"from":"2024-01-02","to":["2024-01-05"]}"#, "to", ["an array"]),
        (#"{"tickers":["AAPL"],"source":1}"#, "source", ["a string"]),
        (#"{"tickers":["AAPL"],"basis":null}"#, "basis", ["null"]),
        (#"{"tickers":["AAPL"],"partial":"yes"}"#, "partial", ["true or false"]),
        (#"{"tickers":["AAPL"],"source":"polygn"}"#, "source", ["unknown source"]),
        (#"{"tickers":["AAPL"],"days":5,"days":400}"#, "days", ["days is given twice"]),
        (#"{"tickers":["AAPL"],"d\u0061ys":5, "days":6}"#, "days", ["days is given twice"]),
        (#"{"tickers":["AAPL"],"days":5,"tickers":["MSFT"]}"#, "tickers", ["tickers is given twice"]),
        (#"{"tickers":["AAPL"]"#, "body", ["not valid JSON"]),
        (#"["AAPL"]"#, "body", ["JSON object"]),
    ]

    @Test func badBatchBodiesAre400NamingTheMemberAndTheServerKeepsServing() async throws {
        try await ServerHarness.with { h in
            for (body, parameter, words) in Self.badBodies {
                let reply = try await h.post("/v1/batch", json: body)
                #expect(reply.status == 400, "\(body): \(reply.body)")
                #expect(ServeRouteTests.keys(reply.body) == ["error", "parameter"], "\(body)")
                #expect(reply.object["parameter"] as? String == parameter, "\(body): \(reply.body)")
                let message = reply.object["error"] as? String ?? ""
                for word in words { #expect(message.contains(word), "\(body): \(message)") }
                // No overflowed or converted number is echoed back.
                for echo in ["9223372036854775807", "-9223372036854775808", "1e+300", "inf"] {
                    #expect(!message.contains(echo), "\(body): \(message)")
                }
            }
            #expect(h.upstreamRequests == 0)
            let good = try await h.post("/v1/batch", json: #"{"tickers":["AAPL"],"days":5,"partial":false}"#)
            #expect(good.status == 200 && good.body.split(separator: "\n").count == 2)
        }
    }

    @Test func badQueryParametersAre400NamingTheParameter() async throws {
        try await ServerHarness.with { h in
            let cases: [(String, String, String)] = [
                ("/v1/candles/AAPL?days=%2B5", "days", "whole number"),
                ("/v1/candles/AAPL?dayz=5", "dayz", "did you mean 'days'"),
                ("/v1/candles/AAPL?sorce=fmp", "sorce", "did you mean 'source'"),
                ("/v1/candles/AAPL?days=1e300", "days", "whole number"),
                ("/v1/candles/AAPL?days=-1", "days", "whole number"),
                ("/v1/candles/AAPL?days=99999999999999999999", "days", "whole number"),
                ("/stock/AAPL?days=5", "days", "takes no parameters"),
            ]
            for (path, parameter, words) in cases {
                let reply = try await h.get(path)
                #expect(reply.status == 400, "\(path): \(reply.body)")
                #expect(reply.object["parameter"] as? String == parameter, "\(path): \(reply.body)")
                #expect((reply.object["error"] as? String)?.contains(words) == true, "\(path): \(reply.body)")
            }
            #expect(try await h.get("/v1/candles/AAPL?days=5").status == 200)
        }
    }

    @Test func headAnswersLikeGetWithoutABody() async throws {
        try await ServerHarness.with { h in
            for path in ["/", "/healthz", "/readyz", "/openapi.json", "/metrics", "/v1/sources", "/v1/limits"] {
                let get = try await h.get(path)
                let head = try await h.send(.HEAD, path)
                #expect(head.status == get.status && head.status == 200, "\(path)")
                #expect(head.body.isEmpty, "\(path)")
                #expect(head.header("Content-Type") == get.header("Content-Type"), "\(path)")
            }
            // A fetch answers HEAD with the length its object would have (its elapsed_ms varies).
            for path in ["/v1/candles/AAPL?from=2024-01-02&to=2024-01-05", "/stock/MSFT"] {
                let head = try await h.send(.HEAD, path)
                #expect(head.status == 200 && head.body.isEmpty, "\(path)")
                #expect((head.header("Content-Length").flatMap(Int.init) ?? 0) > 1_000, "\(path)")
                #expect(head.header("Content-Type") == "application/json", "\(path)")
                #expect(head.header("X-Quantum-Source") == "polygon", "\(path)")
            }
            let bad = try await h.send(.HEAD, "/v1/candles/AAPL?days=0")
            #expect(bad.status == 400 && bad.body.isEmpty)
            let missing = try await h.send(.HEAD, "/nowhere")
            #expect(missing.status == 404 && missing.body.isEmpty)
        }
    }
}
