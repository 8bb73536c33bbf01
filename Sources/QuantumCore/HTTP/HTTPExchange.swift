import Foundation

/// A GET request as a source builds it. The URL may hold an API key: show it only through
/// `Redactor`.
public struct ProviderRequest: Sendable, Equatable {
    public var url: String
    public var headers: [(name: String, value: String)]

    public init(url: String, headers: [(name: String, value: String)] = []) {
        self.url = url
        self.headers = headers
    }

    public static func == (lhs: ProviderRequest, rhs: ProviderRequest) -> Bool {
        lhs.url == rhs.url && lhs.headers.elementsEqual(rhs.headers) { $0.name == $1.name && $0.value == $1.value }
    }
}

/// A response with its body fully read.
public struct ProviderResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// The URL asked (may hold a key: show it only through `Redactor`); set by the fetcher.
    public var requestURL: String?

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public init(status: Int, headers: [(name: String, value: String)] = [], text: String) {
        self.init(status: status, headers: headers, body: Array(text.utf8))
    }

    /// The first header of that name, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The start of the body as text, for error messages; an HTML page (a proxy's or a CDN's
    /// error page, such as Cloudflare's) is quoted by its title instead of its markup.
    public func excerpt(limit: Int = 120) -> String {
        if let page = HTMLPage(body) { return page.description(limit: limit) }
        let text = String(decoding: body.prefix(limit * 4), as: UTF8.self)
            .split(whereSeparator: \.isNewline).joined(separator: " ")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return "(empty body)" }
        return text.count > limit ? String(text.prefix(limit)) + "…" : text
    }
}

/// How a request failed before any response arrived.
public enum TransportError: Error, Sendable, Equatable {
    /// No response within the per-request timeout.
    case timeout
    /// Connection refused, reset or dropped; DNS or TLS failure. The text says which.
    case network(String)
    /// The caller cancelled the request.
    case cancelled
}

/// The seam between sources and the network: one GET, a full response or a `TransportError`.
public protocol HTTPTransport: Sendable {
    func get(_ request: ProviderRequest, timeout: Duration) async throws(TransportError) -> ProviderResponse
}
