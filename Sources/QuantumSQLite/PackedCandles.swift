import Foundation
import QuantumCore

/// A run of candles packed in one BLOB, as the SQLite cache keeps each calendar year of a series:
/// reading a year is one row and a copy, not one row per day.
///
/// Each candle is 64 bytes, little-endian: the day (Int32, days since 1970-01-01), the number of
/// trades (Int32, -1 when not reported), then open, high, low, close, volume, VWAP and adjusted
/// close (Double; VWAP and adjusted close are NaN when not reported), in date order.
enum PackedCandles {
    static let stride = 64

    /// The candles' bytes, in the order given.
    static func pack(_ candles: [Candle]) -> Data {
        var data = Data(count: candles.count * stride)
        data.withUnsafeMutableBytes { bytes in
            for (i, candle) in candles.enumerated() {
                let at = i * stride
                bytes.storeBytes(of: candle.date.daysSinceEpoch.littleEndian, toByteOffset: at, as: Int32.self)
                let trades = candle.trades.map { Int32(clamping: $0) } ?? -1
                bytes.storeBytes(of: trades.littleEndian, toByteOffset: at + 4, as: Int32.self)
                func store(_ value: Double, _ field: Int) {
                    bytes.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: at + 8 * field, as: UInt64.self)
                }
                store(candle.open, 1)
                store(candle.high, 2)
                store(candle.low, 3)
                store(candle.close, 4)
                store(candle.volume, 5)
                store(candle.vwap ?? .nan, 6)
                store(candle.adjustedClose ?? .nan, 7)
            }
        }
        return data
    }

    /// Appends the candles packed in `bytes` to `candles`.
    /// - Throws: `PackedCandlesError` when the length is not a whole number of candles.
    static func unpack(_ bytes: UnsafeRawBufferPointer, into candles: inout [Candle]) throws {
        guard bytes.count % stride == 0 else { throw PackedCandlesError(length: bytes.count) }
        func value(_ at: Int) -> Double {
            Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self)))
        }
        for at in Swift.stride(from: 0, to: bytes.count, by: stride) {
            let day = Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: Int32.self))
            let trades = Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: at + 4, as: Int32.self))
            let vwap = value(at + 48), adjustedClose = value(at + 56)
            candles.append(
                Candle(
                    date: TradingDate(daysSinceEpoch: day), open: value(at + 8), high: value(at + 16),
                    low: value(at + 24),
                    close: value(at + 32), volume: value(at + 40), vwap: vwap.isNaN ? nil : vwap,
                    trades: trades < 0 ? nil : Int(trades), adjustedClose: adjustedClose.isNaN ? nil : adjustedClose))
        }
    }
}

/// A cached BLOB whose length is not a whole number of packed candles: the file was damaged or
/// written by something else.
struct PackedCandlesError: Error, CustomStringConvertible {
    var length: Int
    var description: String {
        "the cache holds \(length) bytes of candles, not a multiple of \(PackedCandles.stride): the file is damaged"
    }
}
