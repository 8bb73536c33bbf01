import Crypto
import Foundation

/// Reads candles back from a file a streamed batch wrote, for the commands that need a ticker's
/// bars (`show`, `chart`, `quality`, `export`). The whole file is hashed on the way, and read
/// back only if it is still the file written (same size and SHA-256): a file changed since is an
/// error, never a silently different answer. Only the asked tickers' rows are kept.
public enum ExportReader {
    /// The candles of each of `tickers` in `export`'s file, ascending as written.
    public static func candles(in export: StreamedExport, tickers: Set<String>) throws(ExportError)
        -> [String: [Candle]]
    {
        let path = export.path
        let fd = open(FileTarget.expand(path), O_RDONLY)
        guard fd >= 0 else {
            throw ExportError(path: path, reason: "cannot read it back (\(String(cString: strerror(errno))))")
        }
        defer { close(fd) }
        var hasher = SHA256()
        var found: [String: [Candle]] = [:]
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: ExportStream.bufferBytes)
        var total = 0
        var lineNumber = 0
        func take(_ line: ArraySlice<UInt8>) {
            lineNumber += 1
            if export.format == .csv, lineNumber == 1 { return }
            if let (ticker, candle) = row(line, format: export.format, wanted: tickers) {
                found[ticker, default: []].append(candle)
            }
        }
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, ExportStream.bufferBytes) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ExportError(path: path, reason: "cannot read it back (\(String(cString: strerror(errno))))")
            }
            if n == 0 { break }
            total += n
            hasher.update(data: chunk[..<n])
            pending += chunk[..<n]
            var start = pending.startIndex
            while let end = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                take(pending[start..<end])
                start = end + 1
            }
            pending.removeSubrange(..<start)
        }
        if !pending.isEmpty { take(pending[...]) }
        let digest = HexText.lower(hasher.finalize())
        guard total == export.bytes, digest == export.sha256 else {
            throw ExportError(
                path: path,
                reason: "it changed since the batch wrote it (its SHA-256 is no longer \(export.sha256)); "
                    + "run the batch again to read its candles")
        }
        return found
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
