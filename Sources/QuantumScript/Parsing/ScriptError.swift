/// A usage or parse error that points at the input:
///
/// ```
/// error: unknown command 'fetc' — did you mean 'fetch'?
///  --> pull.qscript:3:1
/// 3 | fetc AAPL --from 2024-01-01
///   | ^^^^
/// ```
public struct ScriptError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var origin: String
    public var line: Int
    public var column: Int
    public var width: Int
    /// The source line to show under the message, if known.
    public var sourceLine: String?

    public init(_ message: String, origin: String, line: Int, column: Int, width: Int, sourceLine: String?) {
        self.message = message
        self.origin = origin
        self.line = line
        self.column = column
        self.width = width
        self.sourceLine = sourceLine
    }

    /// An error at a token of a command.
    public init(_ message: String, at token: Token, in command: ScriptLine) {
        self.init(
            message, origin: command.origin, line: token.line, column: token.column, width: token.width,
            sourceLine: command.sourceLines[token.line])
    }

    /// An error about a command as a whole (points at its first word).
    public init(_ message: String, command: ScriptLine) {
        let first = command.tokens.first ?? Token(text: "", line: 1, column: 1, width: 1)
        self.init(message, at: first, in: command)
    }

    public var description: String {
        var out = "error: \(message)\n --> \(origin):\(line):\(column)"
        if let sourceLine {
            let gutter = String(line)
            let pad = String(repeating: " ", count: gutter.count)
            out +=
                "\n\(gutter) | \(sourceLine)\n\(pad) "
                + "| \(String(repeating: " ", count: max(0, column - 1)))\(String(repeating: "^", count: max(1, width)))"
        }
        return out
    }
}
