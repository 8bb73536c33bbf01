import QuantumCore

/// The documented range of every number a command takes besides a request's range (whose limits
/// are `RequestVocabulary`'s). A value outside its range is a usage error pointing at the value
/// (`Bounded`), so no input reaches arithmetic that could overflow.
enum NumberRange {
    /// `show --rows N`, from each end.
    static let rows = 1...1_000_000
    /// `chart --width N`, columns.
    static let width = 20...1_000
    /// `chart --height N`, rows of the plot.
    static let height = 3...200
    /// `chart --svg PATH --width N`, pixels.
    static let svgWidth = 320...4_000
    /// `chart --svg PATH --height N`, pixels.
    static let svgHeight = 200...3_000
    /// What `chart --width` accepts before knowing whether it is columns or pixels.
    static let anyWidth = width.lowerBound...svgWidth.upperBound
    /// What `chart --height` accepts before knowing whether it is rows or pixels.
    static let anyHeight = height.lowerBound...svgHeight.upperBound
    /// `batch --concurrency N`, `set concurrency N`.
    static let concurrency = 1...256
    /// `history N`.
    static let historyLast = 1...100_000
    /// `set timeout D`.
    static let timeout = Duration.milliseconds(1)...Duration.seconds(3600)
}
