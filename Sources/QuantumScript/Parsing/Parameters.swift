import Foundation
import QuantumCore

/// Values for `${NAME}` in commands, put in before a command is parsed. `let NAME = VALUE`
/// defines one (a default, as a notebook's parameters cell), `quantum run FILE -p NAME=VALUE`
/// gives one that a script's own `let` does not change (papermill's override), and `${today}`
/// is today's date (`2026-12-07`) unless defined. A word that is exactly `${NAME}`, unquoted,
/// becomes the value's words (`let tickers = "AAPL MSFT"`, then `batch ${tickers}` names two
/// tickers); inside a longer word (`out/${today}.csv`) or quoted, the value goes in as it is.
public struct Parameters: Sendable, Equatable {
    public private(set) var values: [String: String] = [:]
    /// Given on the command line: `let` keeps them.
    public private(set) var given: Set<String> = []
    /// What `${today}` means when no `let today` says otherwise.
    public var today: TradingDate?

    public init(given: [String: String] = [:], today: TradingDate? = nil) {
        values = given
        self.given = Set(given.keys)
        self.today = today
    }

    /// The values given on the command line, by name.
    public var givenValues: [String: String] {
        values.filter { given.contains($0.key) }
    }

    /// Defines `name` unless it was given on the command line; returns the value it has now.
    @discardableResult
    public mutating func define(_ name: String, _ value: String) -> String {
        if !given.contains(name) { values[name] = value }
        return values[name] ?? value
    }

    /// The value of `name`, if it has one.
    public func value(_ name: String) -> String? {
        values[name] ?? (name == "today" ? today?.description : nil)
    }

    /// Whether `text` can name a parameter: a letter or `_`, then letters, digits and `_`.
    public static func isName(_ text: String) -> Bool {
        guard let first = text.first, first.isLetter || first == "_" else { return false }
        return text.allSatisfy { ($0.isLetter || $0.isNumber || $0 == "_") && $0.isASCII }
    }

    /// The names `lines` define (`let NAME …`) or use (`${NAME}`), as written.
    public static func names(in lines: [ScriptLine]) -> Set<String> {
        var names: Set<String> = []
        for line in lines {
            if line.tokens.first?.text.lowercased() == "let", line.tokens.count > 1 {
                names.insert(String(line.tokens[1].text.prefix { $0 != "=" }))
            }
            for token in line.tokens {
                var rest = Substring(token.text)
                while let start = rest.range(of: "${"), let end = rest[start.upperBound...].firstIndex(of: "}") {
                    names.insert(String(rest[start.upperBound..<end]))
                    rest = rest[rest.index(after: end)...]
                }
            }
        }
        return names
    }

    /// `line` with every `${NAME}` put in; an unknown name or an unclosed `${` is an error at
    /// its word.
    func substitute(_ line: ScriptLine) throws(ScriptError) -> ScriptLine {
        var line = line
        var tokens: [Token] = []
        for token in line.tokens {
            guard token.text.contains("${") else {
                tokens.append(token)
                continue
            }
            let text = try expand(token, in: line)
            let whole = token.text.hasPrefix("${") && token.text.firstIndex(of: "}") == token.text.indices.last
            if whole, token.width == token.text.count {
                // An unquoted `${NAME}` alone: the value's words, each where the name stood.
                tokens += text.split(whereSeparator: \.isWhitespace).map {
                    Token(text: String($0), line: token.line, column: token.column, width: token.width)
                }
            } else {
                tokens.append(Token(text: text, line: token.line, column: token.column, width: token.width))
            }
        }
        line.tokens = tokens
        return line
    }

    private func expand(_ token: Token, in line: ScriptLine) throws(ScriptError) -> String {
        var out = ""
        var rest = Substring(token.text)
        while let start = rest.range(of: "${") {
            out += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                throw ScriptError("'${' without its '}' in '\(token.text)'", at: token, in: line)
            }
            let name = String(rest[start.upperBound..<end])
            guard let value = value(name) else {
                let known = (Array(values.keys) + ["today"]).sorted()
                throw ScriptError(
                    Suggestion.phrase(
                        "unknown parameter ${\(name)}: define it first (let \(name) = …) or give it "
                            + "(quantum run FILE -p \(name)=…); known: \(known.joined(separator: ", "))", name, known),
                    at: token, in: line)
            }
            out += value
            rest = rest[rest.index(after: end)...]
        }
        return out + rest
    }
}
