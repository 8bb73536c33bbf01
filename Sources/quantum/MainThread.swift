import Dispatch
import Synchronization

/// Runs blocking work — reading a line — on the process's main thread for async code elsewhere,
/// so a blocking read never holds a thread of the concurrency pool, and a Ctrl-C (which Linux
/// delivers to the main thread) interrupts it.
final class MainThread: Sendable {
    private struct Queue {
        var jobs: [@Sendable () -> Void] = []
        var finished = false
    }

    private let queue = Mutex(Queue())
    private let wake = DispatchSemaphore(value: 0)

    /// Runs `body` on the main thread and returns its result.
    func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.withLock { $0.jobs.append { continuation.resume(returning: body()) } }
            wake.signal()
        }
    }

    /// Lets `serve` return once the queued work is done.
    func finish() {
        queue.withLock { $0.finished = true }
        wake.signal()
    }

    /// Called on the main thread: runs queued work until `finish`.
    func serve() {
        while true {
            wake.wait()
            while let job = queue.withLock({ $0.jobs.isEmpty ? nil : $0.jobs.removeFirst() }) { job() }
            if queue.withLock({ $0.finished && $0.jobs.isEmpty }) { return }
        }
    }
}
