import QuantumCore

/// The documented range of every number a command takes. A value outside its range is a usage
/// error pointing at the value, so no input reaches arithmetic that could overflow.
enum NumberRange {
    /// `--days N`: up to a hundred years.
    static let days = 1...36_500
    /// `--days 2w`, `--days 3m`, `--days 1y`: the same hundred years.
    static let spans: [DateRange.Span: ClosedRange<Int>] = [.weeks: 1...5_214, .months: 1...1_200, .years: 1...100]
    /// `show --rows N`, from each end.
    static let rows = 1...1_000_000
    /// `chart --width N`, columns.
    static let width = 20...1_000
    /// `chart --height N`, rows of the plot.
    static let height = 3...200
    /// `batch --concurrency N`, `set concurrency N`.
    static let concurrency = 1...256
    /// `history N`.
    static let historyLast = 1...100_000
    /// `set timeout D`.
    static let timeout = Duration.milliseconds(1)...Duration.seconds(3600)

    /// A whole number in `range`, else an error at `token` naming the range.
    static func whole(_ text: String, _ range: ClosedRange<Int>, _ what: String, at token: Token, in line: ScriptLine)
        throws(ScriptError) -> Int
    {
        guard let n = SettingValues.wholeNumber(text), range.contains(n) else {
            throw ScriptError(
                "\(what) expects a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text)'",
                at: token, in: line)
        }
        return n
    }
}
