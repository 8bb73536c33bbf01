import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A bare HTTP/1.1 client over TCP to loopback: sends a request's bytes, reads the raw answer,
/// and closes the connection when told, as a client that gives up does (no library in between
/// to keep or pool the connection).
public final class RawClient: @unchecked Sendable {
    // Only the file descriptor, used by one test at a time.
    private let fd: Int32

    public struct Refused: Error {}

    public init(port: Int) throws {
        #if canImport(Glibc)
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard fd >= 0, connected == 0 else { throw Refused() }
    }

    /// Sends `POST path` with a JSON body (and `Connection: close`).
    public func post(_ path: String, json: String) {
        send(
            "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: close\r\n"
                + "Content-Length: \(json.utf8.count)\r\n\r\n\(json)")
    }

    /// Whether the server has closed the connection (end of stream or reset), without waiting.
    public var closedByServer: Bool {
        var byte: UInt8 = 0
        let n = recv(fd, &byte, 1, Int32(MSG_DONTWAIT))
        return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
    }

    /// Sends `text` as it is: part of a request, as a slow client does.
    public func send(_ text: String) {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            // A server that closes before reading everything makes this fail, not raise SIGPIPE.
            #if canImport(Glibc)
                let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            #else
                let n = bytes[sent...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            #endif
            if n <= 0 { return }
            sent += n
        }
    }

    /// What the server sent once `enough` holds for it, or when it closed the connection (`{ _ in
    /// false }`: everything), read on a thread of its own.
    public func received(until enough: @escaping @Sendable (String) -> Bool) async -> String {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: String(decoding: self.collect(until: enough), as: UTF8.self)) }
                .start()
        }
    }

    private func collect(until enough: (String) -> Bool) -> [UInt8] {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while !enough(String(decoding: received, as: UTF8.self)) {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            received += buffer[0..<n]
        }
        return received
    }

    public func close() {
        #if canImport(Glibc)
            _ = Glibc.close(fd)
        #else
            _ = Darwin.close(fd)
        #endif
    }
}
