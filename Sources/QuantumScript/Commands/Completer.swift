import Foundation
import QuantumCore

/// TAB completion for the language, from the same declarations the parser uses: commands, their
/// options, source names, option values, tickers (well-known and already seen), `$N` references
/// and file paths.
public struct Completer: Sendable {
    /// Tickers to offer: well-known ones and those fetched in this session.
    public var tickers: [String]
    /// The cells that hold results, for `$N` (a cell without one is no reference).
    public var resultCells: [Int]

    public init(tickers: [String], resultCells: [Int]) {
        self.tickers = tickers
        self.resultCells = resultCells
    }

    /// The text that replaces `word` (the characters after the last space, as the line editor
    /// breaks words), given the text of the line before it. A word inside an open quote is read
    /// whole (`"my dir/pr` completes as a path with a space); a path with a space is quoted; a
    /// folder ends in `/` so its contents complete next.
    public func completions(before: String, word: String) -> [Completion] {
        let line = before + word
        if let quote = Self.openQuote(in: line) {
            let context = String(line[..<quote])
            // Characters of the quoted word that lie before the editor's word: not replaced.
            let kept = before.count - context.count
            guard kept >= 0 else { return [] }
            return candidates(before: context, word: String(line[quote...].dropFirst())).map { text in
                let folder = text.hasSuffix("/")
                return Completion(text: String(Self.quoted(text, closed: !folder).dropFirst(kept)), isFolder: folder)
            }
        }
        return candidates(before: before, word: word).map { text in
            let folder = text.hasSuffix("/")
            return Completion(text: text.contains(" ") ? Self.quoted(text, closed: !folder) : text, isFolder: folder)
        }
    }

    /// One completion: the text to insert and whether it is a folder (no space after it).
    public struct Completion: Sendable, Equatable {
        public var text: String
        public var isFolder: Bool
    }

    /// Where the quote still open at the end of `text` starts, if one is.
    private static func openQuote(in text: String) -> String.Index? {
        var open: (index: String.Index, mark: Character)?
        for i in text.indices {
            let c = text[i]
            if let current = open {
                if c == current.mark { open = nil }
            } else if c == "\"" || c == "'" {
                open = (i, c)
            }
        }
        return open?.index
    }

    /// `"my dir/file.csv"`, open (no closing quote) for a folder still being completed.
    private static func quoted(_ text: String, closed: Bool) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            + (closed ? "\"" : "")
    }

    /// Candidates for `word`, the word being typed, given the text of the line before it.
    public func candidates(before: String, word: String) -> [String] {
        // After `;` a new command starts.
        let segment = before.split(separator: ";", omittingEmptySubsequences: false).last ?? ""
        let current = segment.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let command = current.first?.lowercased() else { return match(word, Language.commandNames) }
        let previous = current.last ?? ""
        let position = current.count  // 1: the first argument
        if word.hasPrefix("-") { return match(word, Declaration.of(command)?.optionNames ?? []) }
        if word.hasPrefix("@") { return paths(String(word.dropFirst())).map { "@" + $0 } }
        let declaration = Declaration.of(command)
        if previous.hasPrefix("--"), let option = declaration?.option(previous), option.kind == .option {
            // An option's value: its declared values, a path, or nothing to offer.
            if let values = option.allValues, !values.isEmpty { return match(word, values) }
            return option.valueName == "PATH" ? paths(word) : []
        }
        if position == 1, let verbs = declaration?.verbs, !verbs.isEmpty { return match(word, verbs) }
        if let declaration, let offered = declared(word, after: current.dropFirst(), in: declaration) {
            return offered
        }
        let sources = SourceID.allValueStrings
        switch command {
        case "help":
            if position == 2 { return match(word, Declaration.of(current[1].lowercased())?.verbs ?? []) }
            return position == 1 ? match(word, Language.commandNames + HelpText.topics) : []
        case "expect":
            switch position {
            case 1: return match(word, references)
            case 2:
                return match(
                    word, Expectation.State.allCases.map(\.rawValue) + Expectation.Field.allCases.map(\.rawValue))
            case 3: return match(word, Expectation.Operator.allCases.map(\.rawValue))
            default:
                if current.count >= 3, current[2] == "source" { return match(word, sources + ["none"]) }
                if current.count >= 3, current[2] == "basis" { return match(word, PriceBasis.allCases.map(\.rawValue)) }
                return []
            }
        case "fault":
            if position == 1 { return match(word, sources + ["clear"]) }
            if position == 2 { return current[1] == "clear" ? match(word, sources) : match(word, Fault.kindNames) }
            return []
        case "set":
            return position == 2 && ["cache", "timing", "pager"].contains(current[1].lowercased())
                ? match(word, ["on", "off"]) : []
        case "record": return position == 1 ? match(word, ["stop"]) + paths(word) : []
        default: return []
        }
    }

    /// What a declared positional value offers, by its type: its listed values, tickers,
    /// references or paths; nil when its type says nothing (the command's own words decide).
    private func declared(_ word: String, after words: ArraySlice<String>, in top: Declaration) -> [String]? {
        var declaration = top
        var words = words
        while let verb = words.first?.lowercased(), let sub = declaration.subcommands[verb] {
            declaration = sub
            words = words.dropFirst()
        }
        var index = 0
        var skipsValue = false
        for word in words {
            if skipsValue {
                skipsValue = false
            } else if word.count > 1, word.hasPrefix("-") {
                skipsValue = !word.contains("=") && declaration.option(word)?.kind == .option
            } else {
                index += 1
            }
        }
        guard let argument = declaration.positional(at: index) else { return declaration.verbs.isEmpty ? [] : nil }
        if let values = argument.allValues, !values.isEmpty { return match(word, values) }
        switch argument.reader?.completion {
        case .tickers?: return match(word, tickers)
        case .references?: return match(word, references)
        case .paths?: return paths(word)
        case .nothing?, nil: return nil
        }
    }

    /// `$N` of the cells with results, `$_`, and the tickers.
    private var references: [String] {
        resultCells.map { "$\($0)" } + (resultCells.isEmpty ? [] : ["$_"]) + tickers
    }

    private func match(_ word: String, _ options: [String]) -> [String] {
        let lower = word.lowercased()
        var seen = Set<String>()
        return options.filter { $0.lowercased().hasPrefix(lower) && seen.insert($0).inserted }
    }

    /// Files and folders (with a trailing `/`) that start with `word`.
    private func paths(_ word: String) -> [String] {
        let folder = word.contains("/") ? String(word[...word.lastIndex(of: "/")!]) : ""
        let prefix = String(word.dropFirst(folder.count))
        let expanded = folder.isEmpty ? "." : FileTarget.expand(folder)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: expanded) else { return [] }
        return names.filter { $0.hasPrefix(prefix) && (!$0.hasPrefix(".") || prefix.hasPrefix(".")) }.sorted().map {
            name in
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: expanded + "/" + name, isDirectory: &isFolder)
            return folder + name + (isFolder.boolValue ? "/" : "")
        }
    }
}
