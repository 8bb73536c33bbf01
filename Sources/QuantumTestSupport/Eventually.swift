/// Lets other tasks run until `condition` holds (or a bound on the number of yields is reached),
/// for tests on a test clock: advancing it wakes sleepers, but they run later. Returns whether
/// the condition held, so a test still fails when it never does.
public func eventually(_ condition: () -> Bool, yields: Int = 20_000) async -> Bool {
    for _ in 0..<yields {
        if condition() { return true }
        await Task.yield()
    }
    return condition()
}

/// Lets other tasks run for a while (until they are all waiting on the clock, in practice).
public func settle(yields: Int = 2_000) async {
    for _ in 0..<yields { await Task.yield() }
}
