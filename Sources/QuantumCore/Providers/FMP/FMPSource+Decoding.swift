import Foundation

extension FMPSource {
    public func interpret(_ response: ProviderResponse, for query: BarQuery, context: RequestContext) -> Result<SourcePage, SourceFailure> {
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
        return .success(SourcePage(candles: body.candles))
    }

    struct Body {
        var candles: [Candle] = []
        var errorMessage: String?
    }

    /// Reads the stable flat array, the legacy `{"symbol", "historical": […]}` object, `{}` or an
    /// error object.
    func decode(_ bytes: [UInt8]) throws -> Body {
        try JSONReader.read(bytes) { json in
            var body = Body()
            if try json.peekKind() == .array {
                body.candles = try bars(&json)
                return body
            }
            try json.beginObject()
            while let key = try json.nextKey() {
                if key == "historical" {
                    body.candles = try bars(&json)
                } else if key == "Error Message" || key == "error" || key == "message" {
                    if try json.peekKind() == .string { body.errorMessage = try json.readString() } else { try json.skipValue() }
                } else {
                    try json.skipValue()
                }
            }
            return body
        }
    }

    private func bars(_ json: inout JSONReader) throws -> [Candle] {
        var candles: [Candle] = []
        try json.beginArray()
        while try json.nextElement() {
            var date: TradingDate?, o: Double?, h: Double?, l: Double?, c: Double?, v: Double?
            var vwap: Double?, adjClose: Double?
            try json.beginObject()
            while let key = try json.nextKey() {
                if try json.consumeNull() { continue }
                if key == "date" { date = try json.readDate() }
                else if key == "open" { o = try json.readDouble() }
                else if key == "high" { h = try json.readDouble() }
                else if key == "low" { l = try json.readDouble() }
                else if key == "close" { c = try json.readDouble() }
                else if key == "volume" { v = try json.readDouble() }
                else if key == "vwap" { vwap = try json.readDouble() }
                else if key == "adjClose" { adjClose = try json.readDouble() }
                else { try json.skipValue() }
            }
            guard let date, let o, let h, let l, let c, let v else {
                throw JSONSyntaxError(expected: "a bar with date, open, high, low, close and volume", offset: json.offset)
            }
            candles.append(Candle(date: date, open: o, high: h, low: l, close: c, volume: v, vwap: vwap, adjustedClose: adjClose))
        }
        return candles
    }

    /// Text first, since FMP sends the same words under different statuses.
    func classify(message: String, status: Int) -> SourceFailure {
        let text = message.lowercased()
        if text.contains("limit reach") {
            return SourceFailure(.rateLimited, status: status, message: message)
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
