import Foundation
import Synchronization

/// The file `output FILE` named, opened once for appending (the session created or emptied it
/// when the command ran) and closed when output returns to stdout or moves on.
final class OutputFile: Sendable {
    private let state = Mutex<(path: String, handle: FileHandle)?>(nil)

    /// The handle for `path`, or nil for standard output (also when the file cannot be opened,
    /// which `note` says once).
    func handle(for path: String?, note: (String) -> Void) -> FileHandle? {
        state.withLock { current in
            if current?.path == path { return current?.handle }
            try? current?.handle.close()
            current = nil
            guard let path else { return nil }
            // Appended to, never sought: a terminal such as /dev/tty cannot seek.
            let fd = open(path, O_WRONLY | O_APPEND | O_NONBLOCK)
            guard fd >= 0 else {
                note("cannot open \(path) for output (\(String(cString: strerror(errno)))); printing here instead")
                return nil
            }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
            let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
            current = (path, handle)
            return handle
        }
    }
}
