extension AlphaVantageSource {
    /// Every answer is HTTP 200; an error is an object keyed `Error Message`, `Information` or
    /// `Note` instead of the data keys.
    public func interpret(_ response: ProviderResponse, for query: BarQuery, context: RequestContext) -> Result<
        SourcePage, SourceFailure
    > {
        let body: Body
        do {
            body = try decode(response.body)
        } catch {
            guard response.status == 200 else {
                return .failure(failure(status: response.status, message: response.excerpt()))
            }
            return .failure(undecodable(response, error))
        }
        if case .information(let text) = body.notice, text.contains("outputsize=full"), text.contains("premium"),
            response.requestURL?.contains("outputsize=full") == true
        {
            // A free key gets the latest sessions only: ask for those, and let the result say
            // which days of the range are missing.
            return .success(
                SourcePage(
                    candles: [],
                    warnings: ["outputsize=full is premium for this key: asked for the latest 100 sessions instead"],
                    next: request(for: query, context: context, outputSize: "compact")))
        }
        if let notice = body.notice {
            return .failure(classify(notice, status: response.status))
        }
        guard response.status == 200 else {
            return .failure(failure(status: response.status, message: response.excerpt()))
        }
        guard body.hasSeries else {
            return .failure(
                SourceFailure(
                    .badResponse, status: 200, message: "no \"Time Series (Daily)\" in: \(response.excerpt())"))
        }
        if let whole = body.dropped.allDropped(body.candles) { return .failure(whole) }
        return .success(SourcePage(candles: body.candles, warnings: body.dropped.warning.map { [$0] } ?? []))
    }

    enum Notice: Equatable {
        case error(String), information(String), note(String)
    }

    struct Body {
        var candles: [Candle] = []
        var dropped = DroppedRows()
        var hasSeries = false
        var notice: Notice?
    }

    func decode(_ bytes: [UInt8]) throws -> Body {
        try JSONReader.read(bytes) { json in
            var body = Body()
            try json.beginObject()
            while let key = try json.nextKey() {
                if key == "Time Series (Daily)" {
                    body.hasSeries = true
                    body.candles = try series(&json, dropping: &body.dropped)
                } else if key == "Error Message" {
                    body.notice = .error(try json.readString())
                } else if key == "Information" {
                    body.notice = .information(try json.readString())
                } else if key == "Note" {
                    body.notice = .note(try json.readString())
                } else {
                    try json.skipValue()
                }
            }
            return body
        }
    }

    /// An object keyed by date; fields are taken by name because the adjusted series numbers
    /// them differently (`5. volume` vs `6. volume`).
    private func series(_ json: inout JSONReader, dropping dropped: inout DroppedRows) throws -> [Candle] {
        var candles: [Candle] = []
        try json.beginObject()
        while let day = try json.nextKey() {
            guard let date = day.date else { throw JSONSyntaxError(expected: "a YYYY-MM-DD key", offset: json.offset) }
            var fields = try json.readCandleFields { key in
                if key.hasSuffix(". open") {
                    .open
                } else if key.hasSuffix(". high") {
                    .high
                } else if key.hasSuffix(". low") {
                    .low
                } else if key.hasSuffix(". adjusted close") {
                    .adjustedClose
                } else if key.hasSuffix(". close") {
                    .close
                } else if key.hasSuffix(". volume") {
                    .volume
                } else {
                    nil
                }
            }
            fields.date = date
            if let candle = dropped.candle(fields) { candles.append(candle) }
        }
        return candles
    }

    /// By key first, then by text. The burst message also mentions "per day", so it is tested first.
    func classify(_ notice: Notice, status: Int) -> SourceFailure {
        switch notice {
        case .error(let message):
            let text = message.lowercased()
            let outcome: Outcome = text.contains("apikey") || text.contains("api key") ? .authFailed : .notFound
            return SourceFailure(outcome, status: status, message: message)
        case .information(let message), .note(let message):
            let text = message.lowercased()
            if text.contains("per second") || text.contains("sparingly") {
                return SourceFailure(.rateLimited, status: status, message: message, retryAfter: .seconds(1))
            }
            if text.contains("call frequency") {
                // The legacy per-minute throttle (it names a daily figure too).
                return SourceFailure(.rateLimited, status: status, message: message, retryAfter: .seconds(60))
            }
            if text.contains("per day") {
                return .quotaSpent(status: status, message: message)
            }
            if text.contains("rate limit") {
                return SourceFailure(.rateLimited, status: status, message: message)
            }
            if text.contains("premium") {
                return SourceFailure(.unsupported, status: status, message: message)
            }
            if text.contains("demo") || text.contains("apikey") || text.contains("api key") {
                return SourceFailure(.authFailed, status: status, message: message)
            }
            return SourceFailure(.badResponse, status: status, message: message)
        }
    }
}
