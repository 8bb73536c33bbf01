/// A word of a command line, with where it stands in the source for error carets.
public struct Token: Sendable, Equatable {
    /// The word with quotes and escapes resolved.
    public var text: String
    /// 1-based line and column of the word's first character in the source.
    public var line: Int
    public var column: Int
    /// Characters the word occupies in the source, quotes included.
    public var width: Int
}

/// One command as written: its tokens and the source line(s) it came from.
public struct ScriptLine: Sendable, Equatable {
    public var tokens: [Token]
    /// The physical source lines, for error display (continuations joined).
    public var sourceLines: [Int: String]
    /// Where it came from: a file path, `-c` or `stdin`.
    public var origin: String

    /// The command as one line of text, for recordings and notebooks.
    public var text: String {
        tokens.map { Tokenizer.quoteIfNeeded($0.text) }.joined(separator: " ")
    }
}
