import QuantumCore
import QuantumTestSupport
import Testing

/// Every registered provider passes the same conformance kit.
@Suite struct ProviderConformanceTests {
    func record(_ failures: [ProviderConformance.Failure]) {
        for failure in failures { Issue.record(Comment(rawValue: failure.description)) }
    }

    @Test(arguments: ProviderRegistry.descriptors)
    func buildsItsRequests(_ provider: ProviderDescriptor) {
        record(ProviderConformance(provider).requests())
    }

    @Test(arguments: ProviderRegistry.descriptors)
    func declaresTheBasisItServes(_ provider: ProviderDescriptor) {
        record(ProviderConformance(provider).basis())
    }

    @Test(arguments: ProviderRegistry.descriptors)
    func classifiesItsOwnFixturesAsNamed(_ provider: ProviderDescriptor) async {
        record(await ProviderConformance(provider).ownFixtures())
    }

    @Test(arguments: ProviderRegistry.descriptors)
    func classifiesEveryFailureShape(_ provider: ProviderDescriptor) {
        record(ProviderConformance(provider).failureShapes())
    }

    @Test(arguments: ProviderRegistry.descriptors)
    func buildsItsCorporateActionRequests(_ provider: ProviderDescriptor) {
        record(ProviderConformance(provider).actionRequests())
    }

    @Test(arguments: ProviderRegistry.descriptors)
    func classifiesEveryFailureShapeOfItsCorporateActions(_ provider: ProviderDescriptor) {
        record(ProviderConformance(provider).actionFailureShapes())
    }

    @Test(arguments: ProviderRegistry.descriptors)
    func aValidBodyFollowedByGarbageIsABadResponse(_ provider: ProviderDescriptor) {
        record(ProviderConformance(provider).bytesAfterTheDocument())
    }

    @Test(
        .enabled(
            if: Fixtures.available, "../shared/fixtures is not beside the checkout (or set QUANTUM_SHARED_FIXTURES)"),
        arguments: ProviderRegistry.descriptors)
    func decodesItsRecordedResponses(_ provider: ProviderDescriptor) {
        record(ProviderConformance(provider).recordedResponses())
    }
}
