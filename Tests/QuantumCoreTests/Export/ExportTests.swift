import Crypto
import Foundation
import Testing
@testable import QuantumCore

/// Export bytes as snapshots, the manifest's provenance, and atomic writes.
@Suite struct ExportTests {
    static let results: [FetchResult] = {
        var results = unadjusted
        // The first bar is before a 2-for-1 split the ledger reports; the second after it.
        results[0].adjustment = Adjustment(
            events: [
                LedgerEvent(
                    action: .split(Split(date: TradingDate("2024-01-03")!, ratio: SplitRatio(new: 2, old: 1)!)),
                    sources: [.polygon])
            ], factors: [0.5, 1], volumeFactors: [2, 1], disagreements: [])
        return results
    }()

    static let unadjusted: [FetchResult] = [
        FetchResult(
            ticker: "AAPL", from: TradingDate("2024-01-02")!, to: TradingDate("2024-01-03")!, source: .polygon,
            basis: .split,
            candles: [
                Candle(
                    date: TradingDate("2024-01-02")!, open: 187.15, high: 188.44, low: 183.885, close: 185.64,
                    volume: 82_488_674),
                Candle(
                    date: TradingDate("2024-01-03")!, open: 184.22, high: 185.88, low: 183.43, close: 184.25,
                    volume: 58_414_460),
            ],
            attempts: [Attempt(source: .polygon, outcome: .ok, status: 200, milliseconds: 12)], simulated: true),
        FetchResult(
            ticker: "NOPE", from: TradingDate("2024-01-02")!, to: TradingDate("2024-01-03")!,
            attempts: [Attempt(source: .polygon, outcome: .notFound, status: 404, message: "not found")],
            error: "no source could serve NOPE", simulated: true),
    ]

    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func csvJSONAndNDJSONBytes() {
        #expect(
            String(decoding: ExportFormat.csv.encode(Self.results), as: UTF8.self) == """
                ticker,date,open,high,low,close,volume,source,basis,factor
                AAPL,2024-01-02,187.15,188.44,183.885,185.64,82488674,polygon,split,0.5
                AAPL,2024-01-03,184.22,185.88,183.43,184.25,58414460,polygon,split,1

                """)
        #expect(
            String(decoding: ExportFormat.ndjson.encode(Self.results), as: UTF8.self) == """
                {"ticker":"AAPL","date":"2024-01-02","open":187.15,"high":188.44,"low":183.885,"close":185.64,\
                "volume":82488674,"source":"polygon","basis":"split","factor":0.5}
                {"ticker":"AAPL","date":"2024-01-03","open":184.22,"high":185.88,"low":183.43,"close":184.25,\
                "volume":58414460,"source":"polygon","basis":"split","factor":1}

                """)
        #expect(
            String(decoding: ExportFormat.json.encode(Self.results), as: UTF8.self) == """
                [
                {"ticker":"AAPL","date":"2024-01-02","open":187.15,"high":188.44,"low":183.885,"close":185.64,\
                "volume":82488674,"source":"polygon","basis":"split","factor":0.5},
                {"ticker":"AAPL","date":"2024-01-03","open":184.22,"high":185.88,"low":183.43,"close":184.25,\
                "volume":58414460,"source":"polygon","basis":"split","factor":1}
                ]

                """)
    }

    @Test func theManifestNamesTheFileItsHashAndEveryTickersProvenance() throws {
        let path = try folder() + "/nested/prices.csv"
        let manifest = try Exporter.write(
            Self.results, format: .csv, to: path, created: Date(timeIntervalSince1970: 1_732_550_400))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(manifest.sha256 == SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined())
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path + ".manifest.json")))
                as? [String: Any])
        #expect(
            json["sha256"] as? String == manifest.sha256 && json["rows"] as? Int == 2
                && json["simulated"] as? Bool == true)
        #expect(
            json["created"] as? String == "2024-11-25T16:00:00Z" && json["version"] as? String == QuantumVersion.current
        )
        let series = try #require(json["series"] as? [[String: Any]])
        #expect(series.map { $0["ticker"] as? String } == ["AAPL", "NOPE"])
        #expect(
            series[0]["source"] as? String == "polygon" && series[0]["basis"] as? String == "split"
                && series[0]["first"] as? String == "2024-01-02")
        let events = try #require(series[0]["adjustment_events"] as? [[String: Any]])
        #expect(
            events.count == 1 && events[0]["kind"] as? String == "split" && events[0]["ratio"] as? Double == 2
                && events[0]["sources"] as? [String] == ["polygon"])
        #expect(
            series[1]["rows"] as? Int == 0
                && (series[1]["attempts"] as? [[String: Any]])?.first?["outcome"] as? String == "not_found")
        // Nothing but the file and its manifest is left behind.
        let left = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)
            .sorted()
        #expect(left == ["prices.csv", "prices.csv.manifest.json"])
    }

    @Test func nothingToExportIsAnErrorAndWritesNothing() throws {
        let path = try folder() + "/empty.csv"
        #expect(throws: ExportError.self) { try Exporter.write([Self.results[1]], format: .csv, to: path) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
