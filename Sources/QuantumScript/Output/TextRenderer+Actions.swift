import QuantumCore

extension TextRenderer {
    /// `AAPL  4 events · 2 sources (polygon, eodhd)`, a table of events with their sources, the
    /// disagreements, and the sources that did not answer.
    static func actions(_ result: ActionsResult, from: TradingDate?, to: TradingDate?, _ style: TextStyle) -> String {
        let events = result.events(from: from, to: to)
        let answered = result.answered.map(\.rawValue)
        let sim = result.simulated ? " · simulated" : ""
        var lines: [String] = []
        if let failure = result.failure {
            lines.append(
                style.paint(result.ticker, .bold) + "  "
                    + style.paint(failure.kind == .cancelled ? "cancelled" : "failed", .red) + " · " + failure.message)
        } else {
            let range =
                switch (from, to) {
                case (nil, nil): ""
                case (let from?, nil): " · from \(from)"
                case (nil, let to?): " · through \(to)"
                case (let from?, let to?): " · \(from) … \(to)"
                }
            lines.append(
                style.paint(result.ticker, .bold) + "  " + count(events.count, "event") + range + " · "
                    + count(answered.count, "source") + " (\(answered.joined(separator: ", ")))\(sim)")
        }
        if !events.isEmpty {
            let rows = events.map { event -> [String] in
                let sources = event.sources.map(\.rawValue).joined(separator: ", ")
                switch event.action {
                case .split(let split):
                    return [split.date.description, "split", split.ratio.description, sources]
                case .dividend(let dividend):
                    let amount = NumberText.shortest(dividend.amount) + (dividend.currency.map { " " + $0 } ?? "")
                    return [dividend.exDate.description, "dividend", amount, sources]
                case .symbolChange(let change):
                    return [
                        change.date.description, "symbol change", "\(change.oldSymbol) → \(change.newSymbol)", sources,
                    ]
                }
            }
            lines += table(
                [["date", "kind", "detail", "sources"]] + rows, indent: "  ", tint: { row, _ in row == 0 ? .dim : nil },
                style: style)
        }
        let disagreements = result.ledger.disagreements.filter { item in
            (from.map { item.date >= $0 } ?? true) && (to.map { item.date <= $0 } ?? true)
        }
        if !disagreements.isEmpty {
            lines.append(style.paint("sources disagree:", .yellow))
            lines += disagreements.map { "  " + $0.description }
        }
        for item in result.attempts where item.attempt.outcome != .ok {
            let said = item.attempt.message.map { ": \($0)" } ?? ""
            lines.append(
                style.paint(
                    "  \(item.attempt.source.rawValue) \(item.feed.rawValue) \(item.attempt.outcome.rawValue)\(said)",
                    .dim))
        }
        lines += result.warnings.map { style.paint("  note: \($0)", .dim) }
        return lines.joined(separator: "\n")
    }
}
