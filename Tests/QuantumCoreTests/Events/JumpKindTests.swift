import QuantumTestSupport
import Testing
@testable import QuantumCore

/// The cache forgets a series on the kind of jump its seam makes, never on a note's words.
@Suite struct JumpKindTests {
    @Test func aJumpSaysWhetherItLooksLikeASplit() {
        let before = MockProviders.bar("2024-07-01", close: 100)
        #expect(
            QualityReport.jump(from: before, to: MockProviders.bar("2024-07-02", close: 25), basis: .split)?.kind
                == .split)
        #expect(
            QualityReport.jump(from: before, to: MockProviders.bar("2024-07-02", close: 1000), basis: .split)?.kind
                == .reverseSplit)
        #expect(
            QualityReport.jump(from: before, to: MockProviders.bar("2024-07-02", close: 60), basis: .split)?.kind
                == .move)
        #expect(QualityReport.jump(from: before, to: MockProviders.bar("2024-07-02", close: 99), basis: .split) == nil)
    }

    @Test func onlyASplitLikeSeamBreaksACachedSeries() {
        let cached = [MockProviders.bar("2024-07-01", close: 100)]
        #expect(Orchestrator.seamBreaks(cached, [MockProviders.bar("2024-07-02", close: 50)]))
        #expect(!Orchestrator.seamBreaks(cached, [MockProviders.bar("2024-07-02", close: 60)]))
    }
}
