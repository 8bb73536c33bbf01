import QuantumCore

/// Reads a `YYYY-MM-DD` date as a command writes it, telling a malformed date from a well-formed
/// one that names no day (`2024-02-30`).
enum DateText {
    struct Problem: Error {
        /// Words that follow the option's name: "expects a date as YYYY-MM-DD, got 'x'".
        var message: String
    }

    static func parse(_ text: String) -> Result<TradingDate, Problem> {
        if let date = TradingDate(text) { return .success(date) }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, zip(parts, [4, 2, 2]).allSatisfy({ $0.count == $1 && $0.allSatisfy(\.isASCIIDigit) }),
            let year = Int(parts[0]), let month = Int(parts[1]), Int(parts[2]) != nil
        else { return .failure(Problem(message: "expects a date as YYYY-MM-DD, got '\(text)'")) }
        guard year >= 1 else { return .failure(Problem(message: "expects a year from 0001 to 9999, got '\(text)'")) }
        guard (1...12).contains(month) else {
            return .failure(Problem(message: "names no such date: '\(text)' (there is no month \(month))"))
        }
        return .failure(
            Problem(
                message:
                    "names no such date: '\(text)' (\(monthNames[month - 1]) \(year) "
                    + "has \(TradingDate.daysIn(month: month, year: year)) days)"
            ))
    }

    private static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
