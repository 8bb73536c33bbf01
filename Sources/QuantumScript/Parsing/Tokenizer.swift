import Foundation

/// Splits script text into commands: one per line, `;` between commands on a line, `#` comments,
/// `\` at the end of a line to continue it, and single or double quotes around words with spaces.
public enum Tokenizer {
    /// `firstLine` numbers the text's first line (for stdin read a line at a time).
    public static func commands(in text: String, origin: String, firstLine: Int = 1) throws(ScriptError) -> [ScriptLine]
    {
        var commands: [ScriptLine] = []
        var tokens: [Token] = []
        var sourceLines: [Int: String] = [:]
        var word = ""
        var wordStart: (line: Int, column: Int)?
        var wordWidth = 0

        func endWord() {
            if let start = wordStart {
                tokens.append(Token(text: word, line: start.line, column: start.column, width: wordWidth))
            }
            word = ""
            wordStart = nil
            wordWidth = 0
        }
        func endCommand() {
            endWord()
            if !tokens.isEmpty {
                let lines = Set(tokens.map(\.line))
                commands.append(
                    ScriptLine(
                        tokens: tokens, sourceLines: sourceLines.filter { lines.contains($0.key) }, origin: origin))
            }
            tokens = []
        }

        let physical = Lines.split(text)
        var continued = false
        for (index, line) in physical.enumerated() {
            let lineNumber = index + firstLine
            sourceLines[lineNumber] = line
            if !continued { endCommand() }
            continued = false
            let chars = Array(line)
            var i = 0
            while i < chars.count {
                let c = chars[i]
                let column = i + 1
                if c == " " || c == "\t" {
                    endWord()
                    i += 1
                } else if c == ";" {
                    endCommand()
                    i += 1
                } else if c == "#" && wordStart == nil {
                    break
                } else if c == "\\" && i == chars.count - 1 {
                    endWord()
                    continued = true
                    i += 1
                } else if c == "\"" || c == "'" {
                    if wordStart == nil { wordStart = (lineNumber, column) }
                    var j = i + 1
                    var closed = false
                    while j < chars.count {
                        if chars[j] == c {
                            closed = true
                            break
                        }
                        if c == "\"" && chars[j] == "\\" && j + 1 < chars.count {
                            j += 1
                        }
                        word.append(chars[j])
                        j += 1
                    }
                    guard closed else {
                        throw ScriptError(
                            "unterminated \(c == "\"" ? "double" : "single") quote", origin: origin, line: lineNumber,
                            column: column, width: chars.count - i, sourceLine: line)
                    }
                    wordWidth += j - i + 1
                    i = j + 1
                } else {
                    if wordStart == nil { wordStart = (lineNumber, column) }
                    word.append(c)
                    wordWidth += 1
                    i += 1
                }
            }
            endWord()
        }
        endCommand()
        return commands
    }

    /// Quotes a word so that the tokenizer reads it back unchanged.
    public static func quoteIfNeeded(_ word: String) -> String {
        let special: Set<Character> = [" ", "\t", "\"", "'", "#", ";", "\\"]
        guard word.isEmpty || word.contains(where: { special.contains($0) }) else { return word }
        return "\"" + word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            + "\""
    }
}
