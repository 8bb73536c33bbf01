import Crypto
import Foundation

/// Writes results to a file atomically (see `FileTarget`: symbolic links are written through,
/// devices and other non-regular files refused) with a manifest beside it (`PATH.manifest.json`)
/// that says where every row came from; or, for the path `-`, to standard output with no
/// manifest (`standardOutput` may name another descriptor: `output FILE`'s). One row per
/// (ticker, date, source, basis), however often a result was named.
public enum Exporter {
    /// The path that means standard output.
    public static let standardOutput = "-"

    /// With `wide`, one row per date and one column per ticker holding that field (`WideTable`).
    public static func write(
        _ results: [FetchResult], format: ExportFormat, to path: String, wide: WideField? = nil, created: Date = Date(),
        standardOutput descriptor: Int32 = STDOUT_FILENO
    ) throws(ExportError) -> ExportManifest {
        let results = ExportRows.unique(results)
        let candles = results.filter(\.ok).reduce(0) { $0 + $1.candles.count }
        guard candles > 0 else {
            let failed = results.filter { !$0.ok }.map(\.ticker)
            throw ExportError(
                path: path,
                reason: failed.isEmpty
                    ? "nothing to export: the results hold no candles"
                    : "nothing to export: no candles for \(failed.joined(separator: ", "))")
        }
        if path == standardOutput, format == .parquet, isatty(descriptor) == 1 {
            throw ExportError(
                path: path,
                reason:
                    "Parquet is binary: pipe standard output to a file or a program (export parquet - > f.parquet), "
                    + "or name a file")
        }
        let table = try wide.map { field throws(ExportError) in try WideTable(results, field: field, path: path) }
        let bytes = table?.encode(format) ?? format.encode(results)
        let digest = HexText.lower(SHA256.hash(data: bytes))
        var manifest = ExportManifest(
            path: path, format: format, rows: table?.dates.count ?? candles, bytes: bytes.count, sha256: digest,
            created: created, series: results.map(ExportManifest.Series.init))
        if let table {
            manifest.columns = table.columns
            manifest.wide = table.field
        }
        if path == standardOutput {
            try writeToStandardOutput(bytes, descriptor)
            return manifest
        }
        do {
            let folder = try FileTarget.makeFolder(for: FileTarget.resolve(path), path: path)
            try FileTarget.inTurn(in: folder) { () throws(FileTargetError) in
                try FileTarget.writeAtomically(bytes, to: path)
                try FileTarget.writeAtomically(Array(manifest.json().utf8), to: path + ".manifest.json")
            }
        } catch {
            throw ExportError(path: error.path, reason: error.reason)
        }
        return manifest
    }

    private static func writeToStandardOutput(_ bytes: [UInt8], _ descriptor: Int32) throws(ExportError) {
        try ExportStream.writeAll(bytes, to: descriptor, path: standardOutput)
    }
}

/// An export that could not be written, and why.
public struct ExportError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public var description: String {
        "cannot export to \(path == Exporter.standardOutput ? "standard output" : path): \(reason)"
    }
}
