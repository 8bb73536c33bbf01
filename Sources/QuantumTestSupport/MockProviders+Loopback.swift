import Foundation
import QuantumCore
import QuantumSimulator

extension MockProviders {
    /// Runs `body` with these providers served over loopback HTTP at one base URL (each at its
    /// documented path, in its own wire format, as a `*_BASE_URL` points at it; any key is
    /// taken), and stops the server afterwards.
    public func withLoopback<T>(_ body: (_ baseURL: String) async throws -> T) async throws -> T {
        try await withStubServer({ [self] request in
            let query = request.query.map { "\($0.name)=\(Self.encoded($0.value))" }.joined(separator: "&")
            let url = "http://loopback" + request.path + (query.isEmpty ? "" : "?" + query)
            guard let answer = try? await get(ProviderRequest(url: url), timeout: .seconds(5)) else {
                return ServerResponse(status: 500, contentType: "text/plain", "mock failed")
            }
            let json = answer.body.first == UInt8(ascii: "{") || answer.body.first == UInt8(ascii: "[")
            return ServerResponse(
                status: answer.status, headers: [("Content-Type", json ? "application/json" : "text/plain")],
                body: answer.body)
        }) { server in
            try await body(server.baseURL)
        }
    }

    private static func encoded(_ value: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}
