import Foundation

extension PolygonSource {
    public func interpret(_ response: ProviderResponse, for query: BarQuery, context: RequestContext) -> Result<
        SourcePage, SourceFailure
    > {
        guard response.status == 200 else { return .failure(classify(response)) }
        do {
            let body = try decode(response.body)
            if let status = body.status, status != "OK", status != "DELAYED" {
                return .failure(SourceFailure(.badResponse, status: 200, message: body.message ?? "status \(status)"))
            }
            if let whole = body.dropped.allDropped(body.candles) { return .failure(whole) }
            return .success(
                SourcePage(
                    candles: body.candles, warnings: body.dropped.warning.map { [$0] } ?? [],
                    next: body.nextURL.map { nextPageRequest($0, context: context) }))
        } catch {
            return .failure(undecodable(response, error))
        }
    }

    struct Body {
        var candles: [Candle] = []
        var dropped = DroppedRows()
        var nextURL: String?
        var status: String?
        var message: String?
    }

    /// Reads an aggregates body: `results` may be absent or null on an empty range.
    func decode(_ bytes: [UInt8]) throws -> Body {
        try JSONReader.read(bytes) { json in
            var body = Body()
            try json.beginObject()
            while let key = try json.nextKey() {
                if key == "results" {
                    if try json.consumeNull() { continue }
                    try json.beginArray()
                    while try json.nextElement() {
                        if let bar = body.dropped.candle(try fields(&json)) { body.candles.append(bar) }
                    }
                } else if key == "next_url" {
                    body.nextURL = try json.consumeNull() ? nil : try json.readString()
                } else if key == "status" {
                    body.status = try json.readString()
                } else if key == "error" || key == "message" {
                    body.message = try json.consumeNull() ? body.message : try json.readString()
                } else {
                    try json.skipValue()
                }
            }
            return body
        }
    }

    private func fields(_ json: inout JSONReader) throws -> CandleFields {
        try json.readCandleFields { key in
            if key == "o" {
                .open
            } else if key == "h" {
                .high
            } else if key == "l" {
                .low
            } else if key == "c" {
                .close
            } else if key == "v" {
                .volume
            } else if key == "t" {
                .epochMilliseconds
            } else if key == "vw" {
                .vwap
            } else if key == "n" {
                .trades
            } else {
                nil
            }
        }
    }

    /// 401 is a bad or missing key; 403 is a plan restriction (an endpoint, a timeframe, today's
    /// bar before the close) unless it says the key is unknown; 429 may come with an empty body.
    func classify(_ response: ProviderResponse) -> SourceFailure {
        let said = (try? decode(response.body))?.message
        let message = said ?? (response.body.isEmpty ? "(empty body)" : response.excerpt())
        let retryAfter = response.header("Retry-After").flatMap(RetryAfter.parse)
        if response.status == 403, let said, !said.localizedLowercase.contains("api key") {
            return SourceFailure(.unsupported, status: 403, message: said)
        }
        return failure(status: response.status, message: message, retryAfter: retryAfter)
    }
}
