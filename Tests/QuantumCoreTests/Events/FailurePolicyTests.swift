import Testing
@testable import QuantumCore

/// When a batch that ran still failed, decided once for every front end.
@Suite struct FailurePolicyTests {
    func failure(failed: Int = 0, incomplete: Int = 0, served: Bool = true, cancelled: Bool = false, strict: Bool)
        -> String?
    {
        FailurePolicy.failure(
            tickers: 4, failed: failed, incomplete: incomplete, anyServed: served, cancelled: cancelled, strict: strict)
    }

    @Test func strictFailsOnAnyTickerNotServedOrIncomplete() {
        #expect(failure(failed: 1, strict: true) == "1 of 4 tickers could not be served (--strict)")
        #expect(failure(incomplete: 2, strict: true) == "2 of 4 tickers miss trading days (--strict)")
        #expect(failure(failed: 1, incomplete: 2, strict: false) == nil)
    }

    @Test func aBatchThatServedNothingFailsAndACancelledOneToo() {
        #expect(failure(failed: 4, served: false, strict: false) == "no ticker was served: 4 of 4 failed")
        #expect(failure(cancelled: true, strict: false) == "the batch was cancelled")
        #expect(failure(failed: 1, cancelled: true, strict: true) == "1 of 4 tickers could not be served (--strict)")
        #expect(failure(strict: true) == nil)
    }
}
