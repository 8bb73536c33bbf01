import Foundation

/// A Markdown notebook: prose, fenced blocks tagged `quantum` that run in order in one session,
/// and what a run generated — a header comment at the top and each block's output right after
/// it, between marker comments — which the next run replaces instead of appending to.
///
/// ````
/// ```quantum
/// fetch AAPL --from 2024-03-01 --to 2024-03-28
/// ```
///
/// <!-- quantum output: generated, replaced when the notebook runs again -->
/// …
/// <!-- end of quantum output -->
/// ````
public struct Notebook: Sendable {
    /// A fenced block tagged `quantum`: the 0-based line indices of its opening and closing fences.
    public struct Block: Sendable, Equatable {
        public var open: Int
        public var close: Int

        /// The 0-based indices of its command lines.
        var content: Range<Int> { open + 1..<close }
    }

    static let headerPrefix = "<!-- quantum notebook"
    static let outputStart = "<!-- quantum output: generated, replaced when the notebook runs again -->"
    static let outputEnd = "<!-- end of quantum output -->"

    /// The file's lines (split at LF, CRLF or CR).
    public private(set) var lines: [String]
    public private(set) var blocks: [Block]
    /// Lines a run replaces: the header (with the blank line after it) and each generated output
    /// (with the blank line before it).
    private(set) var generated: [Range<Int>]
    /// Where the header goes: the first line, or the line after a YAML front matter.
    private(set) var headerLine: Int

    /// Whether `path` names a notebook (`.md` or `.markdown`) rather than a script.
    public static func isNotebook(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".md") || lower.hasSuffix(".markdown")
    }

    /// Finds the `quantum` blocks and the generated parts of `text`. Throws when a `quantum`
    /// block or a generated output is never closed (located at `origin:LINE:COL`).
    public init(_ text: String, origin: String) throws(ScriptError) {
        var lines = Lines.split(text)
        while lines.last == "" { lines.removeLast() }
        func error(_ message: String, at index: Int) -> ScriptError {
            let column = lines[index].prefix { $0 == " " }.count
            return ScriptError(
                message, origin: origin, line: index + 1, column: column + 1, width: lines[index].count - column,
                sourceLine: lines[index])
        }
        var blocks: [Block] = []
        var generated: [Range<Int>] = []
        var headerLine = 0
        if lines.first == "---", let end = lines.dropFirst().firstIndex(where: { $0 == "---" || $0 == "..." }) {
            headerLine = end + 1
        }
        var index = headerLine
        while index < lines.count {
            let line = lines[index]
            if let fence = Fence(opening: line) {
                guard let close = lines[(index + 1)...].firstIndex(where: fence.isClosed(by:)) else {
                    guard fence.isQuantum else { break }  // an unclosed fence runs to the end: all code
                    throw error("this quantum block is never closed (end it with a \(fence.text) line)", at: index)
                }
                if fence.isQuantum { blocks.append(Block(open: index, close: close)) }
                index = close + 1
            } else if line.hasPrefix(Self.headerPrefix) {
                // Wherever it ended up: a run writes one header, at the top.
                let blank = index + 1 < lines.count && Self.isBlank(lines[index + 1])
                generated.append(index..<index + (blank ? 2 : 1))
                index += blank ? 2 : 1
            } else if line.hasPrefix("<!-- quantum output") {
                guard let end = lines[(index + 1)...].firstIndex(of: Self.outputEnd) else {
                    throw error("this generated output is never closed (\(Self.outputEnd) is missing)", at: index)
                }
                let start = index > headerLine && Self.isBlank(lines[index - 1]) ? index - 1 : index
                generated.append(start..<end + 1)
                index = end + 1
            } else {
                index += 1
            }
        }
        self.lines = lines
        self.blocks = blocks
        self.generated = generated
        self.headerLine = headerLine
    }

    /// The `quantum` blocks' lines with every other line left blank, so that the commands parse
    /// as a script whose errors point at the notebook's own lines.
    public var script: String {
        var text = Array(repeating: "", count: lines.count)
        for block in blocks { for index in block.content { text[index] = lines[index] } }
        return text.joined(separator: "\n")
    }

    /// The block whose command lines hold the 1-based line `line`.
    func block(holding line: Int) -> Int? {
        blocks.firstIndex { $0.content.contains(line - 1) }
    }

    static func isBlank(_ line: String) -> Bool {
        line.allSatisfy { $0 == " " || $0 == "\t" }
    }
}

/// A fenced code block's opening line: up to three spaces, then three or more backticks or
/// tildes and an info string whose first word is the block's language (CommonMark).
struct Fence {
    var marker: Character
    var length: Int
    var language: String

    init?(opening line: String) {
        let trimmed = line.drop { $0 == " " }
        guard line.count - trimmed.count <= 3, let first = trimmed.first, first == "`" || first == "~" else {
            return nil
        }
        let run = trimmed.prefix { $0 == first }
        guard run.count >= 3 else { return nil }
        let info = trimmed.dropFirst(run.count)
        if first == "`", info.contains("`") { return nil }
        marker = first
        length = run.count
        language = info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? ""
    }

    var isQuantum: Bool { language.lowercased() == "quantum" }

    var text: String { String(repeating: marker, count: length) }

    /// A closing fence: the same character, at least as many, nothing after but spaces.
    func isClosed(by line: String) -> Bool {
        let trimmed = line.drop { $0 == " " }
        guard line.count - trimmed.count <= 3 else { return false }
        let run = trimmed.prefix { $0 == marker }
        return run.count >= length && trimmed.dropFirst(run.count).allSatisfy { $0 == " " || $0 == "\t" }
    }
}
