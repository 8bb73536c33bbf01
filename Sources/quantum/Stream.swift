import Foundation

/// Writes to a file descriptor that may be gone (a closed terminal, a pipe whose reader quit):
/// what cannot be written is dropped, never a crash (FileHandle's `write(_:)` traps on an error).
enum Stream {
    static func write(_ text: String, to fd: Int32) {
        var bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Foundation.write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return }
            written += n
        }
    }
}
