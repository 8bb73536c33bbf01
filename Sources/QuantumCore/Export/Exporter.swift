import Crypto
import Foundation

/// Writes results to a file atomically (a temporary file beside it, synced, then renamed, so an
/// interrupted export never leaves a partial file at the path) with a manifest beside it
/// (`PATH.manifest.json`) that says where every row came from.
public enum Exporter {
    public static func write(
        _ results: [FetchResult], format: ExportFormat, to path: String, created: Date = Date()
    ) throws(ExportError) -> ExportManifest {
        let rows = results.filter(\.ok).reduce(0) { $0 + $1.candles.count }
        guard rows > 0 else {
            let failed = results.filter { !$0.ok }.map(\.ticker)
            throw ExportError(path: path, reason: failed.isEmpty ? "nothing to export: the results hold no candles" : "nothing to export: no candles for \(failed.joined(separator: ", "))")
        }
        let bytes = format.encode(results)
        let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        let manifest = ExportManifest(
            path: path, format: format, rows: rows, bytes: bytes.count, sha256: digest, created: created,
            series: results.map(ExportManifest.Series.init))
        try writeAtomically(bytes, to: path)
        try writeAtomically(Array(manifest.json().utf8), to: manifest.manifestPath)
        return manifest
    }

    /// Temporary file in the same folder (created if missing), fsync, rename over `path`.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(ExportError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw ExportError(path: path, reason: "cannot create the folder \(folder): \(error.localizedDescription)")
        }
        let temporary = folder + "/." + url.lastPathComponent + ".partial-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw ExportError(path: path, reason: String(cString: strerror(errno))) }
        var written = 0
        let failure: Int32? = bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let n = Foundation.write(fd, buffer.baseAddress! + written, buffer.count - written)
                if n < 0 { return errno }
                written += n
            }
            return fsync(fd) == 0 ? nil : errno
        }
        close(fd)
        if let failure {
            unlink(temporary)
            throw ExportError(path: path, reason: String(cString: strerror(failure)))
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ExportError(path: path, reason: reason)
        }
    }
}

/// An export that could not be written, and why.
public struct ExportError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public var description: String { "cannot export to \(path): \(reason)" }
}
