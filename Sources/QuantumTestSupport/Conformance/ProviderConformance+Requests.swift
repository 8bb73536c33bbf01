import QuantumCore

extension ProviderConformance {
    /// The request keeps the base URL's path prefix, carries the key (percent-encoded) under the
    /// descriptor's parameter and only when there is one, and asks for the descriptor's symbol.
    public func requests() -> [Failure] {
        var failures: [Failure] = []
        func check(_ condition: Bool, _ detail: String) {
            if !condition { failures.append(Failure(check: "request", detail: detail)) }
        }
        let base = "http://127.0.0.1:8080/proxy"
        let keyed = source.request(for: query, context: context(key: "K3Y+/=&", baseURL: base)).url
        check(keyed.hasPrefix(base + "/") && keyed.contains("?"), "\(keyed) does not keep the base URL \(base)")
        check(
            keyed.contains("\(descriptor.keyParameter)=K3Y%2B%2F%3D%26"),
            "\(keyed) does not carry the encoded key as \(descriptor.keyParameter)")
        let keyless = source.request(for: query, context: context(key: nil, baseURL: base)).url
        check(!keyless.contains(descriptor.keyParameter + "="), "\(keyless) names a key though there is none")
        // A US share class and a listing elsewhere are asked for as the descriptor spells them.
        for ticker in ["BRK.B", "VOD.LSE", "SHOP.TO"] {
            let listing = BarQuery(ticker: ticker, from: query.from, to: query.to)
            guard let symbol = descriptor.symbol(ticker) else {
                check(!Listing(ticker: ticker).isUS, "\(descriptor.id) has no symbol for the US listing \(ticker)")
                continue
            }
            let url = source.request(for: listing, context: context(key: "k", baseURL: base)).url
            check(url.contains(symbol), "\(url) does not ask for the descriptor's symbol \(symbol)")
        }
        return failures
    }

    /// The basis served for `native` exists, and a particular basis is served as asked or not at
    /// all.
    public func basis() -> [Failure] {
        var failures: [Failure] = []
        if source.basis(for: .native) == nil {
            failures.append(Failure(check: "basis", detail: "serves no basis of its own"))
        }
        if let raw = source.basis(for: .raw), raw != .raw {
            failures.append(Failure(check: "basis", detail: "serves \(raw) for raw"))
        }
        if let split = source.basis(for: .split), split != .split {
            failures.append(Failure(check: "basis", detail: "serves \(split) for split"))
        }
        return failures
    }
}
