import CEditLine
import Foundation
import Synchronization

/// Writes to a file descriptor that may be gone (a closed terminal, a pipe whose reader quit):
/// what cannot be written is dropped, never a crash (FileHandle's `write(_:)` traps on an error).
///
/// Every write of the process to a terminal or pipe goes through here, one at a time: a batch's
/// progress bar (stderr, from the batch's task) never lands inside a row (stdout) that the
/// terminal took in two parts, which would split a multi-byte character between them.
enum Stream {
    private static let writing = Mutex(())

    static func write(_ text: String, to fd: Int32) {
        var bytes = Array(text.utf8)
        writing.withLock { _ in
            var written = 0
            while written < bytes.count {
                let n = bytes.withUnsafeMutableBytes {
                    Foundation.write(fd, $0.baseAddress! + written, $0.count - written)
                }
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { return }
                written += n
            }
        }
    }

    /// Standard output, after whatever `print` left in the C library's buffer.
    static func standardOutput(_ text: String) {
        quantum_flush_stdout()
        write(text, to: STDOUT_FILENO)
    }
}
