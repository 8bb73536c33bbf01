import Foundation
import QuantumCore

extension Notebook {
    /// A session's cells as a notebook that re-runs (`save PATH.md`): each command in a `quantum`
    /// block as a replay runs it (relative dates already resolved, `$N` renumbered for the
    /// notebook's own cells), its output generated after it as a run writes it. Commands about
    /// the session itself (`record`, `save`, `history`, `help`) are left out; a failed command,
    /// or one naming a cell left out, is said in prose and not run again (a run stops at a
    /// failure). `name` is the file's, for the line saying how to run it again; `link` turns a
    /// chart file into the link to write.
    static func saved(_ cells: [Cell], header: String, name: String = "FILE.md", link: (String) -> String) -> String {
        var out = [
            header, "", "# quantum session", "",
            "Saved from a quantum session. Run it again with `quantum run \(name)`; "
                + "`quantum run \(name) --output \(name)` also writes the outputs back.",
        ]
        var renumbered: [Int: Int] = [:]
        for cell in cells {
            guard let replay = cell.replay else { continue }
            let input = MarkdownRenderer.codeSpan(cell.input.split(whereSeparator: \.isNewline).joined(separator: " "))
            if let failure = cell.failure {
                out += [
                    "",
                    "> Not run again: \(input) failed: \(failure.split(whereSeparator: \.isNewline).joined(separator: " "))",
                ]
                continue
            }
            let number = renumbered.count + 1
            let line = replay.text { ref in
                let target: Int
                switch ref {
                case .cell(let n): target = n
                case .back(let n): target = cell.number - n
                default: return ref.description
                }
                return renumbered[target].map { "$\($0)" }
            }
            guard let line else {
                out += ["", "> Not run again: \(input) refers to a cell that is not in this notebook."]
                continue
            }
            renumbered[cell.number] = number
            var shown = cell
            shown.number = number
            shown.input = line
            out += ["", "```quantum", line, "```", "", generatedOutput(MarkdownRenderer.render(shown, link: link))]
        }
        return out.joined(separator: "\n") + "\n"
    }
}
