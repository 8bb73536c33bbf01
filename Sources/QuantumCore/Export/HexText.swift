/// Lower-case hexadecimal text of bytes (digests, key hashes), without `String(format:)`, whose
/// locale-aware formatting costs microseconds per byte.
public enum HexText {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func lower(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
