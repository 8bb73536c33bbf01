import QuantumCore

/// Input the API refuses before any work: answered 400 with `{"error": "...", "parameter": "..."}`.
public struct BadInput: Error, Sendable, Equatable {
    /// One sentence saying what is wrong and what would do.
    public var message: String
    /// The query parameter, path segment or body member at fault.
    public var parameter: String

    public init(_ message: String, parameter: String) {
        self.message = message
        self.parameter = parameter
    }

    /// The 400 body.
    var json: String {
        JSONWriter.object([("error", JSONWriter.string(message)), ("parameter", JSONWriter.string(parameter))])
    }
}
