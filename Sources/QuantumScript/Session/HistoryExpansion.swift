import Foundation
import QuantumCore

/// `!N` (cell N's command again), `!!` (the previous cell's) and `!-N` (N cells back), typed
/// alone at the prompt, as a shell's history expansion.
public enum HistoryExpansion {
    public enum Result: Sendable, Equatable {
        /// Not a history reference: run the line as typed.
        case unchanged
        /// The command to run (and to print, so the person sees what runs).
        case expanded(String)
        /// A reference to no command, and why.
        case failed(String)
    }

    public static func expand(_ line: String, cells: [Cell]) -> Result {
        let word = line.trimmingCharacters(in: .whitespaces)
        guard word.hasPrefix("!"), word.count > 1, !word.contains(" ") else { return .unchanged }
        let rest = word.dropFirst()
        let number: Int?
        if rest == "!" {
            number = cells.last?.number
        } else if rest.hasPrefix("-"), let back = SettingValues.wholeNumber(rest.dropFirst()), back >= 1 {
            number = cells.count >= back ? cells[cells.count - back].number : nil
        } else if let n = SettingValues.wholeNumber(rest), n >= 1 {
            number = n
        } else {
            return .failed("expected !N (a cell number), !! (the previous command) or !-N, got '\(word)'")
        }
        guard let number, let cell = cells.first(where: { $0.number == number }) else {
            let known =
                cells.isEmpty ? "no commands yet" : "cells \(cells[0].number) to \(cells[cells.count - 1].number)"
            return .failed("\(word) names no command (\(known))")
        }
        return .expanded(cell.input)
    }
}
