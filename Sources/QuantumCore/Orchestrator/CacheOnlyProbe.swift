import Synchronization

/// Marks a fetch answered from the cache alone (`Engine.cachedAnswer`): every point of the
/// orchestrator that would ask a source (bars, a ledger of corporate actions) records here that
/// it would have, and asks nothing.
final class CacheOnlyProbe: Sendable {
    /// The failure message of a part of the fetch the cache could not answer.
    static let refusal = "not in the cache (the cache alone was asked)"

    private let wanted = Mutex(false)

    /// Whether a source would have been asked.
    var wantedSources: Bool { wanted.withLock { $0 } }

    func wantSources() {
        wanted.withLock { $0 = true }
    }
}

extension Orchestrator {
    /// Set while a fetch may use the cache alone.
    @TaskLocal static var cacheOnly: CacheOnlyProbe?
}
