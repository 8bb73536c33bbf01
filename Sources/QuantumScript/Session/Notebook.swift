import Foundation
import QuantumCore

/// A session as a Markdown notebook: a heading per cell, its input in a `qscript` block, its
/// output as the text renderer draws it. Reads well on its own, in a viewer or a diff.
enum Notebook {
    static func render(_ cells: [Cell], simulated: Bool, settings: Settings, saved: Date) -> String {
        let formatter = ISO8601DateFormatter()
        var out = """
            # quantum session

            Saved \(formatter.string(from: saved)) by quantum \(QuantumVersion.current) · \
            \(simulated ? "simulated market (the built-in simulator, not provider data)" : "live provider data") · \
            sources in priority order: \(settings.sources.filter(\.enabled).map(\.id.rawValue).joined(separator: ", "))


            """
        for cell in cells {
            out += "## [\(cell.number)] \(cell.input)\n\n```qscript\n\(cell.input)\n```\n\n"
            var text = TextRenderer.render(cell, style: TextStyle(color: false, width: 100))
            for notice in cell.notices { text += "\nnote: \(notice)" }
            if !text.isEmpty { out += "```text\n\(text)\n```\n\n" }
        }
        return out
    }
}
