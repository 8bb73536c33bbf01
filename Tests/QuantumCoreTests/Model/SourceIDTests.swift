import Foundation
import QuantumCore
import Testing

/// Source names come from the registry: parsing, order, encoding.
@Suite struct SourceIDTests {
    @Test func theRegistryListsEveryProviderOnceInPriorityOrder() {
        #expect(Array(ProviderRegistry.ids.prefix(4)) == [.polygon, .fmp, .alphavantage, .eodhd])
        #expect(Set(ProviderRegistry.names).count == ProviderRegistry.descriptors.count)
        #expect(ProviderRegistry.ids.reversed().sorted() == ProviderRegistry.ids)
        #expect(Settings.defaults.sources.map(\.id) == ProviderRegistry.ids)
        #expect(Settings.defaults.sources.map(\.baseURL) == ProviderRegistry.descriptors.map(\.defaultBaseURL))
    }

    @Test func onlyRegisteredNamesParse() {
        for provider in ProviderRegistry.descriptors {
            #expect(SourceID(rawValue: provider.id.rawValue) == provider.id)
            #expect(provider.id.descriptor.environmentPrefix == provider.environmentPrefix)
            #expect(dataSource(for: provider.id).id == provider.id)
        }
        #expect(SourceID(rawValue: "yahoo") == nil)
        #expect(SourceID(rawValue: "Polygon") == nil)
    }

    @Test func encodesAsItsNameAndDecodesOnlyKnownNames() throws {
        #expect(String(decoding: try JSONEncoder().encode([SourceID.eodhd]), as: UTF8.self) == #"["eodhd"]"#)
        #expect(try JSONDecoder().decode([SourceID].self, from: Data(#"["fmp"]"#.utf8)) == [.fmp])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([SourceID].self, from: Data(#"["yahoo"]"#.utf8))
        }
        #expect("\(SourceID.alphavantage)" == "alphavantage")
    }
}
