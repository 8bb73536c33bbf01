import Foundation
import QuantumSimulator
import QuantumTestSupport
import Testing

/// Parquet from `export parquet` and from a streamed `batch … --export x.parquet`, read back by
/// pyarrow and DuckDB (`Scripts/parquet_oracle.py`) against the CSV export of the same results.
@Suite(
    .enabled(
        if: FileManager.default.isExecutableFile(atPath: Binary.path),
        "build the executable first: swift build --build-tests"),
    .enabled(if: Python.hasParquetReaders, "python3 with pyarrow and duckdb is needed (.ci/run installs them)"))
struct ParquetExportTests {
    @Test func pyarrowAndDuckDBReadTheCSVExportsValuesTyped() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("parquet-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try Market.syntheticTickers(12).joined(separator: "\n").write(
            toFile: home + "/tickers.txt", atomically: true, encoding: .utf8)
        // Room at every source, so both pulls are served by the same ones.
        var environment = Binary.cleanEnvironment()
        for prefix in ["POLYGON", "FMP", "ALPHAVANTAGE", "EODHD"] { environment[prefix + "_LIMITS"] = "1000/s" }
        let commands = [
            // More rows than one row group holds (32,768).
            "batch @\(home)/tickers.txt --from 2005-01-03 --to 2024-12-31 --export \(home)/pull.parquet",
            "batch @\(home)/tickers.txt --from 2005-01-03 --to 2024-12-31 --export \(home)/pull.csv",
            // Split- and dividend-adjusted, a failed ticker, a listing abroad.
            "batch AAPL TSLA NOPE VOD.LSE --from 2019-06-03 --to 2021-03-31 --basis split+dividend",
            "export parquet \(home)/held.parquet", "export csv \(home)/held.csv",
            // The close-price matrix of the streamed pull, read back from its CSV file.
            "export parquet \(home)/wide.parquet $2 --wide close", "export csv \(home)/wide.csv $2 --wide close",
        ]
        let run = try await Binary.run(["-c", commands.joined(separator: "; ")], environment: environment)
        #expect(run.status == 0, "\(run.stderr)")
        let script = Binary.packageRoot + "/Tests/EndToEndTests/Scripts/parquet_oracle.py"
        let oracle = try await Binary.run(
            script: "python3",
            [
                script, home + "/pull.parquet", home + "/pull.csv", home + "/held.parquet", home + "/held.csv",
                home + "/wide.parquet", home + "/wide.csv",
            ])
        #expect(oracle.status == 0, "\(oracle.stdout)\n\(oracle.stderr)")
        #expect(oracle.stdout.contains("2 row group(s)"), "\(oracle.stdout)")
    }
}
