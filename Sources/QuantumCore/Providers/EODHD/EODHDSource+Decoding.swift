extension EODHDSource {
    public func interpret(_ response: ProviderResponse, for query: BarQuery, context: RequestContext) -> Result<
        SourcePage, SourceFailure
    > {
        guard response.status == 200 else { return .failure(classify(response)) }
        do {
            let body = try decode(response.body)
            if let error = body.error { return .failure(SourceFailure(.badResponse, status: 200, message: error)) }
            if let whole = body.dropped.allDropped(body.candles) { return .failure(whole) }
            return .success(
                SourcePage(candles: body.candles, warnings: body.warnings + (body.dropped.warning.map { [$0] } ?? [])))
        } catch {
            return .failure(undecodable(response, error))
        }
    }

    struct Body {
        var candles: [Candle] = []
        var warnings: [String] = []
        var dropped = DroppedRows()
        var error: String?
    }

    /// An ascending array of bars; an element may carry a `warning`, or be only one.
    func decode(_ bytes: [UInt8]) throws -> Body {
        try JSONReader.read(bytes) { json in
            var body = Body()
            if try json.peekKind() == .object {
                try json.beginObject()
                while let key = try json.nextKey() {
                    if key == "error" || key == "message", try json.peekKind() == .string {
                        body.error = try json.readString()
                    } else {
                        try json.skipValue()
                    }
                }
                return body
            }
            try json.beginArray()
            while try json.nextElement() {
                let fields = try json.readCandleFields { key in
                    if key == "date" {
                        .date
                    } else if key == "open" {
                        .open
                    } else if key == "high" {
                        .high
                    } else if key == "low" {
                        .low
                    } else if key == "close" {
                        .close
                    } else if key == "adjusted_close" {
                        .adjustedClose
                    } else if key == "volume" {
                        .volume
                    } else {
                        nil
                    }
                } other: { key, json in
                    guard key == "warning" else { return try json.skipValue() }
                    let warning = try json.readString()
                    if !body.warnings.contains(warning) { body.warnings.append(warning) }
                }
                if fields.count == 0 { continue }  // a warning-only element
                if let candle = body.dropped.candle(fields) { body.candles.append(candle) }
            }
            return body
        }
    }

    /// 401 (and 403 in some docs) is the key; 402 is the daily call quota; 429 the per-minute
    /// limit. The 404 page echoes the request URL with the token, so its body is never quoted.
    func classify(_ response: ProviderResponse) -> SourceFailure {
        let status = response.status
        let retryAfter = response.header("Retry-After").flatMap(RetryAfter.parse)
        let json = (try? decode(response.body))?.error
        switch status {
        case 401, 403:
            let message = json ?? response.excerpt()
            if message.lowercased().contains("only eod") {
                return SourceFailure(.unsupported, status: status, message: message)
            }
            return SourceFailure(.authFailed, status: status, message: message)
        case 402:
            return .quotaSpent(status: status, message: json ?? "daily API call limit reached (402)")
        case 404:
            return SourceFailure(
                .notFound, status: status,
                message: json ?? "unknown symbol (EODHD's 404 page is not shown: it echoes the request)")
        default:
            return failure(status: status, message: json ?? response.excerpt(), retryAfter: retryAfter)
        }
    }
}
