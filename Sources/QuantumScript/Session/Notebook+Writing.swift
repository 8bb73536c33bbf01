import Foundation
import QuantumCore

extension Notebook {
    /// The notebook with `header` at the top and `outputs[b]` (Markdown, or nil for none) after
    /// block `b`, each behind a blank line; every generated part it had is dropped first, so
    /// running a rendered notebook again replaces its outputs instead of adding to them. Lines
    /// end in LF, and the file in one.
    func rendered(header: String, outputs: [String?]) -> String {
        let dropped = Set(generated.flatMap { Array($0) })
        let closing = Dictionary(uniqueKeysWithValues: blocks.enumerated().map { ($1.close, $0) })
        var out: [String] = []
        for index in 0...lines.count {
            if index == headerLine { out += [header, ""] }
            guard index < lines.count else { break }
            if dropped.contains(index) { continue }
            out.append(lines[index])
            if let block = closing[index], block < outputs.count, let output = outputs[block] {
                out.append("")
                out += Lines.split(output)
            }
        }
        while out.last == "" { out.removeLast() }
        return out.joined(separator: "\n") + "\n"
    }

    /// `output` between the markers that make it generated.
    static func generatedOutput(_ output: String) -> String {
        "\(outputStart)\n\(output)\n\(outputEnd)"
    }

    /// The header comment: the tool's version, live or simulated, the source order when the run
    /// started, the parameters `given` with `-p` (so a rendered notebook says which values its
    /// outputs are for, while its blocks keep their own `let` defaults) and when the outputs
    /// were produced. Never a key (an HTML comment, and without `--`, which a comment may not
    /// hold: a value's `--` is written `‑‑`, non-breaking hyphens).
    static func header(simulated: Bool, settings: Settings, given: [String: String] = [:], time: String) -> String {
        let order = settings.sources.filter(\.enabled).map(\.id.rawValue).joined(separator: ", ")
        let disabled = settings.sources.contains { !$0.enabled } ? " (others disabled)" : ""
        let market = simulated ? "simulated market (the built-in simulator, not provider data)" : "live provider data"
        let parameters =
            given.isEmpty
            ? ""
            : " · run with "
                + given.sorted { $0.key < $1.key }.map { name, value in
                    "-p "
                        + Tokenizer.quoteIfNeeded("\(name)=\(value)").replacingOccurrences(
                            of: "--", with: "\u{2011}\u{2011}")
                }.joined(separator: " ")
        return "\(headerPrefix) · quantum \(QuantumVersion.current) · \(market) · sources in priority order: "
            + "\(order)\(disabled)\(parameters) · outputs of \(time) -->"
    }

    /// `2026-11-30T13:55:02Z`.
    static func timestamp(_ date: Date) -> String {
        ResultJSON.timestamp(date)
    }

    /// The time a header line names (what follows "outputs of ").
    static func time(inHeader text: String) -> String? {
        guard let line = Lines.split(text).first(where: { $0.hasPrefix(headerPrefix) }),
            let start = line.range(of: " · outputs of ")?.upperBound, let end = line.range(of: " -->")?.lowerBound,
            start <= end
        else { return nil }
        return String(line[start..<end])
    }

    /// Writes the notebook `render(time)` makes to `path` — unless the file there already holds
    /// exactly what it would with the time its header names: that time says when these outputs
    /// were produced, so a re-run that produces the same outputs leaves the file as it was, byte
    /// for byte. Returns whether the file was written.
    static func write(to path: String, now: Date, render: (String) -> String) throws(FileTargetError) -> Bool {
        if case .success(let existing) = TextFile.read(path), let time = time(inHeader: existing),
            render(time) == existing
        {
            return false
        }
        try FileTarget.writeAtomically(Array(render(timestamp(now)).utf8), to: path)
        return true
    }
}
