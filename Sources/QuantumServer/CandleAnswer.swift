import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import QuantumCore

/// The response to one candles request, from its fetch result:
/// - 200 served: the fetch object (or, asked as CSV, the rows `export csv` writes), with a weak
///   `ETag` over what the answer says (candles, source, basis, range, completeness — not timings
///   or how it was fetched), so `If-None-Match` gets 304, and `Cache-Control: private, max-age=60`;
/// - 404 when no source knows the ticker (`FetchResult.noSourceKnowsTicker`);
/// - 503 with `Retry-After` (whole seconds until a slot frees) when every source it may use is at
///   its rate limit for longer than the request may wait;
/// - 503 too when the server stopped before the fetch finished;
/// - 502 otherwise: no source could serve. Every failure is the fetch object, with `error`.
struct CandleAnswer {
    let result: FetchResult
    let quality: QualityReport

    func response(form: CandleQuery.Format, ifNoneMatch: String?) -> Response {
        let source: (HTTPField.Name, String) = (.quantumSource, result.source?.rawValue ?? "-")
        let json = { JSONWriter.object(ResultJSON.fetch(result, quality: quality)) }
        guard result.ok, !result.wasCancelled else {
            var headers = [source, (.cacheControl, "no-store")]
            if let wait = retryAfterSeconds { headers.append((.retryAfter, String(wait))) }
            return Response.text(status, json(), headers: headers)
        }
        let tag = eTag(form)
        let headers = [source, (.eTag, tag), (.cacheControl, "private, max-age=60"), (.vary, "Accept")]
        if let ifNoneMatch, Self.matches(ifNoneMatch, tag) {
            var fields = HTTPFields()
            for (name, value) in headers { fields[name] = value }
            return Response(status: .notModified, headers: fields)
        }
        switch form {
        case .json:
            return Response.text(.ok, json(), headers: headers)
        case .csv:
            let body = ExportFormat.csv.encode([result])
            return Response.text(
                .ok, String(decoding: body, as: UTF8.self), contentType: "text/csv; charset=utf-8", headers: headers)
        }
    }

    /// The status a result that was not served gets.
    var status: HTTPResponse.Status {
        // Cut short by the server stopping (a client that left is answered nothing).
        if result.wasCancelled { return .serviceUnavailable }
        if retryAfterSeconds != nil { return .serviceUnavailable }
        return result.noSourceKnowsTicker ? .notFound : .badGateway
    }

    /// Whole seconds until a rate-limit slot frees, when that is why nothing was served.
    var retryAfterSeconds: Int? {
        guard !result.ok, let freesIn = result.slotFreesIn else { return nil }
        return max(1, Int(freesIn.seconds.rounded(.up)))
    }

    /// A weak validator over what the answer says, in its form: the same candles from the same
    /// source on the same basis and range, equally complete, have the same tag however they were
    /// fetched; the JSON and the CSV of them have two.
    func eTag(_ form: CandleQuery.Format) -> String {
        let said = JSONWriter.object([
            ("form", JSONWriter.string(form == .csv ? "csv" : "json")),
            ("ticker", JSONWriter.string(result.ticker)),
            ("source", JSONWriter.optional(result.source?.rawValue)),
            ("basis", JSONWriter.optional(result.basis?.rawValue)),
            ("from", JSONWriter.string(result.from.description)), ("to", JSONWriter.string(result.to.description)),
            ("candles", ResultJSON.candles(result.candles, sources: result.candleSources)),
            ("missing", ResultJSON.missing(result.missing, calendar: result.calendar)),
            ("warnings", JSONWriter.array(result.warnings.map(JSONWriter.string))),
            ("adjustment", result.adjustment.map(ResultJSON.adjustment) ?? "null"),
        ])
        let digest = SHA256.hash(data: Array(said.utf8))
        return "W/\"" + HexText.lower(digest).prefix(32) + "\""
    }

    /// Whether an `If-None-Match` value names `tag` (weak comparison; `*` matches any).
    static func matches(_ ifNoneMatch: String, _ tag: String) -> Bool {
        let bare = { (t: Substring) in t.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "W/", with: "") }
        let mine = bare(Substring(tag))
        return ifNoneMatch.split(separator: ",").contains { bare($0) == mine || bare($0) == "*" }
    }

    /// Whether the client asked for CSV: `format=csv`, or (without `format`) an `Accept` that
    /// prefers `text/csv` to JSON by quality (`q`; 0 is "not this"), the first named on a tie.
    static func form(format: CandleQuery.Format?, accept: String?) -> CandleQuery.Format {
        if let format { return format == .csv ? .csv : .json }
        guard let accept = accept?.lowercased() else { return .json }
        var csv = (q: 0.0, at: Int.max)
        var json = (q: 0.0, at: Int.max)
        for (at, item) in accept.split(separator: ",").enumerated() {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            let q = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            switch parts.first {
            case "text/csv": if q > csv.q { csv = (q, at) }
            case "application/json", "application/*", "*/*": if q > json.q { json = (q, at) }
            default: continue
            }
        }
        guard csv.q > 0 else { return .json }
        return csv.q > json.q || (csv.q == json.q && csv.at < json.at) ? .csv : .json
    }
}
