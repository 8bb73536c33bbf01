import CEditLine
import Foundation
import QuantumScript

/// Where output goes: cells to stdout as text or JSON, errors to stderr.
struct Console: Sendable {
    let json: Bool

    func show(_ cell: Cell) {
        for notice in cell.notices { note(notice) }
        if json {
            print(JSONRenderer.render(cell))
        } else {
            let text = TextRenderer.render(cell)
            if !text.isEmpty { print(text + "\n") }
        }
        quantum_flush_stdout()
    }

    /// A note for people (stderr, so machine output on stdout stays clean).
    func note(_ text: String) {
        error("note: " + text)
    }

    func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
