/// A failure to inject at a source, for demonstrations and tests of fallback.
public struct Fault: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The connection is dropped.
        case down
        /// HTTP 500.
        case error500
        /// The provider's own rate-limit answer.
        case ratelimit
        /// No answer at all: the client's timeout decides.
        case timeout
        /// The normal answer, late.
        case slow(Duration)
        /// The normal answer cut short.
        case badjson
        case authfail
        case notfound
        /// A well-formed answer with no bars.
        case empty
        /// The provider's "not on your plan" answer.
        case premium
        /// With this probability a random failure (429, 500, 502, 503, a truncated body or a
        /// dropped connection).
        case flaky(Double)
    }

    /// How often it applies.
    public enum Scope: Sendable, Equatable {
        case always
        /// The next N requests.
        case next(Int)
        /// Each request with this probability.
        case probability(Double)
    }

    public var kind: Kind
    public var scope: Scope

    public init(_ kind: Kind, scope: Scope = .always) {
        self.kind = kind
        self.scope = scope
    }

    public static let kindNames = [
        "down", "error500", "ratelimit", "timeout", "slow", "badjson", "authfail", "notfound", "empty", "premium",
        "flaky",
    ]

    /// Parses `KIND [ARG] [xN|P]`: `ratelimit`, `ratelimit x3`, `slow 2s`, `error500 0.5`, `flaky 0.3`.
    public static func parse(_ words: [String]) -> Result<Fault, FaultSyntaxError> {
        guard let name = words.first?.lowercased() else {
            return .failure(FaultSyntaxError(word: 0, "expected a fault kind"))
        }
        var rest = Array(words.dropFirst())
        let kind: Kind
        switch name {
        case "down": kind = .down
        case "error500": kind = .error500
        case "ratelimit": kind = .ratelimit
        case "timeout": kind = .timeout
        case "badjson": kind = .badjson
        case "authfail": kind = .authfail
        case "notfound": kind = .notfound
        case "empty": kind = .empty
        case "premium": kind = .premium
        case "slow":
            guard let text = rest.first, let delay = SettingValues.duration(text) else {
                return .failure(FaultSyntaxError(word: 1, "slow needs a duration, e.g. slow 2s"))
            }
            kind = .slow(delay)
            rest.removeFirst()
        case "flaky":
            guard let text = rest.first, let p = probability(text) else {
                return .failure(FaultSyntaxError(word: 1, "flaky needs a probability, e.g. flaky 0.3 or flaky 30%"))
            }
            kind = .flaky(p)
            rest.removeFirst()
        default:
            return .failure(FaultSyntaxError(word: 0, "unknown fault '\(name)'"))
        }
        let argumentIndex = words.count - rest.count
        guard rest.count <= 1 else {
            return .failure(FaultSyntaxError(word: argumentIndex + 1, "unexpected '\(rest[1])'"))
        }
        guard let scopeText = rest.first else { return .success(Fault(kind)) }
        if scopeText.lowercased().hasPrefix("x"), let n = Int(scopeText.dropFirst()), n > 0 {
            return .success(Fault(kind, scope: .next(n)))
        }
        if let p = probability(scopeText) { return .success(Fault(kind, scope: .probability(p))) }
        return .failure(
            FaultSyntaxError(
                word: argumentIndex, "expected a count such as x3 or a probability such as 0.5, got '\(scopeText)'"))
    }

    /// `0.3` or `30%`.
    static func probability(_ text: String) -> Double? {
        let value = text.hasSuffix("%") ? Double(text.dropLast()).map { $0 / 100 } : Double(text)
        guard let value, value > 0, value <= 1 else { return nil }
        return value
    }

    public var description: String {
        let kindText: String =
            switch kind {
            case .down: "down"
            case .error500: "error500"
            case .ratelimit: "ratelimit"
            case .timeout: "timeout"
            case .slow(let d): "slow \(SettingValues.text(d))"
            case .badjson: "badjson"
            case .authfail: "authfail"
            case .notfound: "notfound"
            case .empty: "empty"
            case .premium: "premium"
            case .flaky(let p): "flaky \(p)"
            }
        switch scope {
        case .always: return kindText
        case .next(let n): return "\(kindText) x\(n)"
        case .probability(let p): return "\(kindText) \(p)"
        }
    }
}

/// A fault that could not be parsed, and which word (0 = the kind) is at fault.
public struct FaultSyntaxError: Error, Sendable, Equatable {
    public var word: Int
    public var message: String

    public init(word: Int, _ message: String) {
        self.word = word
        self.message = message
    }
}

/// Injects and clears faults: the simulator's own board in simulated mode, a client-side
/// transport wrapper with real keys.
public protocol FaultControl: Sendable {
    /// How injected faults are labelled to the user ("simulator" or "client-side").
    var label: String { get }
    func inject(_ fault: Fault, at source: SourceID) async
    func clear(_ source: SourceID?) async
    func active() async -> [(SourceID, Fault)]
}
