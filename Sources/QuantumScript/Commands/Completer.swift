import Foundation
import QuantumCore

/// TAB completion for the language, from the same declarations the parser uses: commands, their
/// options, source names, option values, tickers (well-known and already seen), `$N` references
/// and file paths.
public struct Completer: Sendable {
    /// Tickers to offer: well-known ones and those fetched in this session.
    public var tickers: [String]
    /// Cells so far, for `$N`.
    public var cells: Int

    public init(tickers: [String], cells: Int) {
        self.tickers = tickers
        self.cells = cells
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
        switch previous {
        case "--source": return match(word, SourceID.allValueStrings)
        case "--basis": return match(word, BasisPreference.allValueStrings)
        case "--from", "--to", "--days", "--rows", "--width", "--height", "--concurrency": return []
        case "--svg": return paths(word)
        default: break
        }
        let sources = SourceID.allValueStrings
        switch command {
        case "help": return position == 1 ? match(word, Language.commandNames) : []
        case "fetch": return position == 1 ? match(word, tickers) : []
        case "batch": return match(word, tickers)
        case "show", "chart", "quality": return position == 1 ? match(word, references) : []
        case "export":
            switch position {
            case 1: return match(word, ExportFormat.allValueStrings)
            case 2: return paths(word)
            default: return match(word, references)
            }
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
        case "sources":
            if position == 1 { return match(word, ["order", "enable", "disable"]) }
            return position == 2 && current[1] != "order" ? match(word, sources) : []
        case "limits": return position == 1 ? match(word, sources) : []
        case "fault":
            if position == 1 { return match(word, sources + ["clear"]) }
            if position == 2 { return current[1] == "clear" ? match(word, sources) : match(word, Fault.kindNames) }
            return []
        case "set":
            return position == 1
                ? match(word, Setting.names) : position == 2 && current[1] == "cache" ? match(word, ["on", "off"]) : []
        case "cache":
            return position == 1 ? match(word, ["stats", "clear"]) : position == 2 ? match(word, tickers) : []
        case "record": return position == 1 ? match(word, ["stop"]) + paths(word) : []
        case "run", "save": return position == 1 ? paths(word) : []
        default: return []
        }
    }

    /// `$1` … `$N`, `$_`, and the tickers.
    private var references: [String] {
        (cells > 0 ? (1...cells).map { "$\($0)" } + ["$_"] : []) + tickers
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
        let expanded = folder.isEmpty ? "." : (folder as NSString).expandingTildeInPath
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: expanded) else { return [] }
        return names.filter { $0.hasPrefix(prefix) && (!$0.hasPrefix(".") || prefix.hasPrefix(".")) }.sorted().map {
            name in
            var isFolder: ObjCBool = false
            FileManager.default.fileExists(atPath: expanded + "/" + name, isDirectory: &isFolder)
            return folder + name + (isFolder.boolValue ? "/" : "")
        }
    }
}
