import Foundation

extension FMPSource {
    public func interpret(_ response: ProviderResponse, for query: BarQuery, context: RequestContext) -> Result<
        SourcePage, SourceFailure
    > {
        let body: Body
        do {
            body = try decode(response.body)
        } catch {
            guard response.status == 200 else {
                return .failure(classify(message: response.excerpt(), status: response.status))
            }
            return .failure(undecodable(response, error))
        }
        if let message = body.errorMessage {
            return .failure(classify(message: message, status: response.status))
        }
        guard response.status == 200 else {
            return .failure(classify(message: response.excerpt(), status: response.status))
        }
        if let whole = body.dropped.allDropped(body.candles) { return .failure(whole) }
        return .success(SourcePage(candles: body.candles, warnings: body.dropped.warning.map { [$0] } ?? []))
    }

    struct Body {
        var candles: [Candle] = []
        var dropped = DroppedRows()
        var errorMessage: String?
    }

    /// Reads the stable flat array, the legacy `{"symbol", "historical": […]}` object, `{}` or an
    /// error object.
    func decode(_ bytes: [UInt8]) throws -> Body {
        try JSONReader.read(bytes) { json in
            var body = Body()
            if try json.peekKind() == .array {
                body.candles = try bars(&json, dropping: &body.dropped)
                return body
            }
            try json.beginObject()
            while let key = try json.nextKey() {
                if key == "historical" {
                    body.candles = try bars(&json, dropping: &body.dropped)
                } else if key == "Error Message" || key == "error" || key == "message" {
                    if try json.peekKind() == .string {
                        body.errorMessage = try json.readString()
                    } else {
                        try json.skipValue()
                    }
                } else {
                    try json.skipValue()
                }
            }
            return body
        }
    }

    private func bars(_ json: inout JSONReader, dropping dropped: inout DroppedRows) throws -> [Candle] {
        var candles: [Candle] = []
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
                } else if key == "volume" {
                    .volume
                } else if key == "vwap" {
                    .vwap
                } else if key == "adjClose" {
                    .adjustedClose
                } else {
                    nil
                }
            }
            if let candle = dropped.candle(fields) { candles.append(candle) }
        }
        return candles
    }

    /// Text first, since FMP sends the same words under different statuses.
    func classify(message: String, status: Int) -> SourceFailure {
        let text = message.lowercased()
        if text.contains("limit reach") {
            // "Limit Reach": on a daily plan its calls (or its bandwidth) are spent for the day.
            var failure = SourceFailure.quotaSpent(status: status, message: message)
            failure.spentOnlyOnADailyPlan = true
            return failure
        }
        if text.contains("invalid api key") || text.contains("apikey") && text.contains("invalid") {
            return SourceFailure(.authFailed, status: status, message: message)
        }
        if text.contains("premium") || text.contains("restricted endpoint") || text.contains("exclusive endpoint")
            || text.contains("legacy endpoint") || text.contains("not available under your current subscription")
        {
            return SourceFailure(.unsupported, status: status, message: message)
        }
        return failure(status: status, message: message)
    }
}
