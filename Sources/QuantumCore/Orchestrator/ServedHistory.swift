import Synchronization

/// How far back each source has served bars in this process: when a source has served some
/// ticker's bars from before a date, a later ticker whose series starts after that date at the
/// same source was listed later; the source's plan does not stop there.
public final class ServedHistory: Sendable {
    private let earliest = Mutex<[SourceID: TradingDate]>([:])

    public init() {}

    /// Notes that `source` served a bar dated `date`.
    func served(_ source: SourceID, from date: TradingDate) {
        earliest.withLock { $0[source] = min($0[source] ?? date, date) }
    }

    /// Whether `source` has served a bar dated before `date`.
    func reaches(_ source: SourceID, before date: TradingDate) -> Bool {
        earliest.withLock { $0[source].map { $0 < date } ?? false }
    }
}
