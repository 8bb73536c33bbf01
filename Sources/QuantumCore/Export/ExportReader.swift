import Crypto
import Foundation

/// Reads candles back from a file a streamed batch wrote, for the commands that need a ticker's
/// bars (`show`, `chart`, `quality`, `export`). The whole file is hashed on the way, and read
/// back only if it is still the file written (same size and SHA-256): a file changed since is an
/// error, never a silently different answer. Only the asked tickers' rows are kept.
public enum ExportReader {
    /// The candles of each of `tickers` in `export`'s file, ascending as written.
    public static func candles(in export: StreamedExport, tickers: Set<String>) throws(ExportReadError)
        -> [String: [Candle]]
    {
        guard export.format != .parquet else {
            throw .unreadable(
                path: export.path,
                reason: "quantum reads back CSV, JSON and NDJSON files; read this Parquet file with pyarrow, polars or "
                    + "DuckDB")
        }
        var found: [String: [Candle]] = [:]
        var lineNumber = 0
        try scan(export) { line in
            lineNumber += 1
            if export.format == .csv, lineNumber == 1 { return }
            if let (ticker, candle) = row(line, format: export.format, wanted: tickers) {
                found[ticker, default: []].append(candle)
            }
        }
        return found
    }

    /// Throws unless `export`'s file is still the one written (same size and SHA-256), reading
    /// nothing else out of it (`expect` on a streamed batch).
    public static func verify(_ export: StreamedExport) throws(ExportReadError) {
        try scan(export, lines: nil)
    }

    /// Reads the whole file, hashing it and passing each line (without its `\n`) to `lines`;
    /// throws when it cannot be read or is not the file written. A file of another size fails
    /// before it is read.
    private static func scan(_ export: StreamedExport, lines: ((ArraySlice<UInt8>) -> Void)?)
        throws(ExportReadError)
    {
        let path = export.path
        let fd = open(export.location, O_RDONLY)
        guard fd >= 0 else {
            throw errno == ENOENT
                ? .removed(path: path) : .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, Int(info.st_size) != export.bytes {
            throw .changed(path: path, how: "\(Int(info.st_size)) bytes, \(export.bytes) when written")
        }
        var hasher = SHA256()
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: ExportStream.bufferBytes)
        var total = 0
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, ExportStream.bufferBytes) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: path, reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            total += n
            hasher.update(data: chunk[..<n])
            guard let lines else { continue }
            pending += chunk[..<n]
            var start = pending.startIndex
            while let end = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                lines(pending[start..<end])
                start = end + 1
            }
            pending.removeSubrange(..<start)
        }
        if let lines, !pending.isEmpty { lines(pending[...]) }
        guard total == export.bytes else {
            throw .changed(path: path, how: "\(total) bytes, \(export.bytes) when written")
        }
        guard HexText.lower(hasher.finalize()) == export.sha256 else {
            throw .changed(path: path, how: "same size, SHA-256 no longer \(export.sha256.prefix(12))…")
        }
    }

    /// One row of the file as (ticker, candle), if its ticker is wanted.
    private static func row(_ line: ArraySlice<UInt8>, format: ExportFormat, wanted: Set<String>) -> (
        String, Candle
    )? {
        switch format {
        case .csv:
            let fields = line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
            guard fields.count == ExportFormat.columns.count else { return nil }
            let ticker = String(decoding: fields[0], as: UTF8.self)
            guard wanted.contains(ticker), let date = TradingDate(String(decoding: fields[1], as: UTF8.self)) else {
                return nil
            }
            let numbers = fields[2...6].compactMap { Double(String(decoding: $0, as: UTF8.self)) }
            guard numbers.count == 5 else { return nil }
            return (
                ticker,
                Candle(
                    date: date, open: numbers[0], high: numbers[1], low: numbers[2], close: numbers[3],
                    volume: numbers[4])
            )
        case .parquet:
            return nil
        case .json, .ndjson:
            var object = Array(line)
            while let last = object.last, last == UInt8(ascii: ",") || last == UInt8(ascii: "\r") {
                object.removeLast()
            }
            guard object.first == UInt8(ascii: "{") else { return nil }
            return try? JSONReader.read(object) { reader -> (String, Candle)? in
                var ticker = ""
                var date: TradingDate?
                var values: [Double] = [.nan, .nan, .nan, .nan, .nan]
                try reader.beginObject()
                while let key = try reader.nextKey() {
                    if key == "ticker" {
                        ticker = try reader.readString()
                        guard wanted.contains(ticker) else { return nil }
                    } else if key == "date" {
                        date = try reader.readDate()
                    } else if key == "open" {
                        values[0] = try reader.readDouble()
                    } else if key == "high" {
                        values[1] = try reader.readDouble()
                    } else if key == "low" {
                        values[2] = try reader.readDouble()
                    } else if key == "close" {
                        values[3] = try reader.readDouble()
                    } else if key == "volume" {
                        values[4] = try reader.readDouble()
                    } else {
                        try reader.skipValue()
                    }
                }
                guard let date, wanted.contains(ticker) else { return nil }
                return (
                    ticker,
                    Candle(
                        date: date, open: values[0], high: values[1], low: values[2], close: values[3],
                        volume: values[4])
                )
            }
        }
    }
}

/// Why a streamed batch's file cannot be read back: it is gone, unreadable, or not the file the
/// batch wrote. The caller words it for the command that needed it.
public enum ExportReadError: Error, Sendable, Equatable {
    case removed(path: String)
    case unreadable(path: String, reason: String)
    /// `how` it differs, e.g. `1024 bytes, 2048 when written`.
    case changed(path: String, how: String)

    /// `PATH, which has changed since (HOW)`, `PATH, which is no longer there` …: the file's state,
    /// for a sentence saying whose candles were streamed there.
    public var fileState: String {
        switch self {
        case .removed(let path): "\(path), which is no longer there"
        case .unreadable(let path, let reason): "\(path), which cannot be read (\(reason))"
        case .changed(let path, let how): "\(path), which has changed since (\(how))"
        }
    }
}
