import Crypto
import Foundation
import Synchronization

/// An export written as a batch goes: each ticker's rows are appended (in the order given) to a
/// temporary file beside the target and hashed on the way, so nothing but the current ticker's
/// rows and a small buffer is in memory. `finish` syncs the file and renames it onto the target
/// (any old manifest is removed first, so a manifest never describes another file), then writes
/// the manifest the same way; until then the target is untouched, and a killed process leaves
/// only the hidden temporary file (`.NAME.partial-PID`), which the next write to NAME removes
/// once that process is gone. The same rules as `Exporter`: one row symbolic links written
/// through, anything but a regular file refused; the caller passes each
/// ticker once (`Engine.batch(_:like:…)` writes a ticker named twice at its first place).
public final class ExportStream: Sendable {
    public let path: String
    public let format: ExportFormat
    private let target: String
    private let temporary: String
    private let state: Mutex<State>
    /// Bytes gathered before a write to the file.
    static let bufferBytes = 1 << 20

    private struct State: @unchecked Sendable {  // `fd` is an int; the Mutex guards every use.
        var fd: Int32
        var encoder: ExportEncoder
        var hasher = SHA256()
        var buffer: [UInt8] = []
        var bytes = 0
        var closed = false
    }

    /// Creates the temporary file and writes the format's header; throws when the target cannot
    /// be written (a folder, a device, no permission), before anything is fetched.
    public init(path: String, format: ExportFormat) throws(ExportError) {
        self.path = path
        self.format = format
        do {
            target = try FileTarget.resolve(path)
            let folder = try FileTarget.makeFolder(for: target, path: path)
            temporary = FileTarget.temporaryFile(for: target, in: folder)
        } catch {
            throw ExportError(path: error.path, reason: error.reason)
        }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw ExportError(path: path, reason: String(cString: strerror(errno))) }
        state = Mutex(State(fd: fd, encoder: ExportEncoder(format: format)))
        try state.withLock { (s: inout State) throws(ExportError) in
            try Self.put(s.encoder.header(), into: &s, path: path)
        }
    }

    deinit {
        abandon()
    }

    /// Rows written so far.
    public var rows: Int { state.withLock { $0.encoder.rows } }

    /// Appends a result's served candles (nothing for a failed result); returns how many rows
    /// went in. A ticker given twice is written twice: callers pass each once.
    @discardableResult
    public func append(_ result: FetchResult) throws(ExportError) -> Int {
        let path = path
        return try state.withLock { (s: inout State) throws(ExportError) -> Int in
            guard !s.closed else { return 0 }
            let before = s.encoder.rows
            try Self.put(s.encoder.rows(of: result), into: &s, path: path)
            return s.encoder.rows - before
        }
    }

    /// Completes the file and puts it in place, then writes `PATH.manifest.json` listing
    /// `series` (in the order given; `simulated` says whether the data came
    /// from the built-in market). Throws (removing the temporary file) when there is no row to
    /// export or a write fails.
    public func finish(series: some Sequence<ExportManifest.Series>, simulated: Bool, created: Date)
        throws(ExportError)
        -> StreamedExport
    {
        let format = format
        let path = path
        let (rows, bytes, digest) = try state.withLock { (s: inout State) throws(ExportError) in
            guard !s.closed else { throw ExportError(path: path, reason: "the export was abandoned") }
            try Self.put(s.encoder.finish(), into: &s, path: path)
            try Self.flush(&s, path: path)
            let synced = fsync(s.fd) == 0 ? nil : errno
            close(s.fd)
            s.closed = true
            if let synced { throw ExportError(path: path, reason: String(cString: strerror(synced))) }
            return (s.encoder.rows, s.bytes, HexText.lower(s.hasher.finalize()))
        }
        guard rows > 0 else {
            unlink(temporary)
            let failed = series.filter { $0.error != nil }.map(\.ticker)
            throw ExportError(
                path: path,
                reason: failed.isEmpty
                    ? "nothing to export: the results hold no candles"
                    : "nothing to export: no candles for \(failed.prefix(20).joined(separator: ", "))"
                        + (failed.count > 20 ? " and \(failed.count - 20) more" : ""))
        }
        let manifestPath = path + ".manifest.json"
        let manifestTarget: String
        do {
            manifestTarget = try FileTarget.resolve(manifestPath)
        } catch {
            unlink(temporary)
            throw ExportError(path: error.path, reason: error.reason)
        }
        let head = ExportManifest.head(
            path: path, format: format, rows: rows, bytes: bytes, sha256: digest, simulated: simulated,
            created: created)
        try FileTarget.inTurn(in: FileTarget.folder(of: target)) { () throws(ExportError) in
            unlink(manifestTarget)
            guard rename(temporary, target) == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(temporary)
                throw ExportError(path: path, reason: reason)
            }
            try Self.writeManifest(
                to: manifestTarget, path: manifestPath, head: head,
                entries: series.lazy.map(ExportManifest.entry))
        }
        return StreamedExport(
            path: path, location: URL(fileURLWithPath: FileTarget.expand(path)).standardizedFileURL.path,
            manifestPath: manifestPath, format: format, rows: rows, bytes: bytes, sha256: digest,
            created: created)
    }

    /// Closes and removes the temporary file; the target is left as it was.
    public func abandon() {
        state.withLock { s in
            guard !s.closed else { return }
            close(s.fd)
            s.closed = true
            unlink(temporary)
        }
    }

    private static func put(_ bytes: [UInt8], into s: inout State, path: String) throws(ExportError) {
        s.buffer.append(contentsOf: bytes)
        if s.buffer.count >= bufferBytes { try flush(&s, path: path) }
    }

    private static func flush(_ s: inout State, path: String) throws(ExportError) {
        guard !s.buffer.isEmpty else { return }
        s.hasher.update(data: s.buffer)
        try writeAll(s.buffer, to: s.fd, path: path)
        s.bytes += s.buffer.count
        s.buffer.removeAll(keepingCapacity: true)
    }

    /// Writes every byte to `fd` (retrying interrupted writes); an error names `path`.
    static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws(ExportError) {
        var written = 0
        let failure: Int32? = bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let n = Foundation.write(fd, buffer.baseAddress! + written, buffer.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                written += n
            }
            return nil
        }
        if let failure { throw ExportError(path: path, reason: String(cString: strerror(failure))) }
    }

    /// Writes the manifest through a temporary file renamed into place, entry by entry, so a
    /// manifest of many thousand tickers is never one string.
    private static func writeManifest(to target: String, path: String, head: String, entries: some Sequence<String>)
        throws(ExportError)
    {
        let folder = FileTarget.folder(of: target)
        let temporary = FileTarget.temporaryFile(for: target, in: folder)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw ExportError(path: path, reason: String(cString: strerror(errno))) }
        do throws(ExportError) {
            var buffer = Array(head.utf8)
            var first = true
            for entry in entries {
                if !first { buffer.append(contentsOf: ",\n".utf8) }
                first = false
                buffer.append(contentsOf: entry.utf8)
                if buffer.count >= bufferBytes {
                    try writeAll(buffer, to: fd, path: path)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            buffer.append(contentsOf: ExportManifest.tail.utf8)
            try writeAll(buffer, to: fd, path: path)
            guard fsync(fd) == 0 else { throw ExportError(path: path, reason: String(cString: strerror(errno))) }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        guard rename(temporary, target) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ExportError(path: path, reason: reason)
        }
    }
}

/// A streamed export in place: where, how many rows and bytes, and the file's SHA-256 (hex).
public struct StreamedExport: Sendable {
    /// As given (relative to the folder the command ran in).
    public var path: String
    /// The same file, absolute: where it is read back from, whatever folder a later command runs in.
    public var location: String
    public var manifestPath: String
    public var format: ExportFormat
    public var rows: Int
    public var bytes: Int
    public var sha256: String
    public var created: Date
}
