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
    /// `batch --concurrency N`, `set concurrency N`.
    static let concurrency = 1...256
    /// `history N`.
    static let historyLast = 1...100_000
    /// `set timeout D`.
    static let timeout = Duration.milliseconds(1)...Duration.seconds(3600)
}
