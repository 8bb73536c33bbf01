import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A loopback TCP relay to another port that a test can cut and restore, to take a server away
/// from a client mid-run (a database lost mid-batch) without stopping it: `cut` closes every
/// relayed connection and refuses new ones; `restore` listens on the same port again.
public final class TCPRelay: Sendable {
    /// Where clients connect.
    public let port: Int
    private let target: Int
    private let state = Mutex(State())

    private struct State {
        var listener: Int32 = -1
        var connections: Set<Int32> = []
        /// Per relayed pair (keyed by the client's socket): how many of its two pumps ended.
        var ended: [Int32: Int] = [:]
    }

    /// Listens on 127.0.0.1 (a free port) and relays to 127.0.0.1:`target`.
    public init(to target: Int) throws {
        self.target = target
        let listener = try Self.listen(port: 0)
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        start(listener)
    }

    /// Closes every relayed connection and stops listening: connecting is refused.
    public func cut() {
        state.withLock { state in
            shutdown(state.listener, Int32(SHUT_RDWR))
            close(state.listener)
            state.listener = -1
            for socket in state.connections { shutdown(socket, Int32(SHUT_RDWR)) }
        }
    }

    /// Listens on the same port again.
    public func restore() throws {
        start(try Self.listen(port: port))
    }

    private func start(_ listener: Int32) {
        state.withLock { $0.listener = listener }
        Thread { [self] in
            while true {
                let client = accept(listener, nil, nil)
                guard client >= 0 else { return }
                guard let upstream = try? Self.connect(port: target) else {
                    close(client)
                    continue
                }
                state.withLock { $0.connections.formUnion([client, upstream]) }
                for (from, to) in [(client, upstream), (upstream, client)] {
                    Thread { [self] in pump(from: from, to: to, pair: client) }.start()
                }
            }
        }.start()
    }

    /// Copies bytes until either side ends, then ends both; the pair's second pump to end closes
    /// the sockets (so neither pump ever reads a number reused by a newer connection).
    private func pump(from: Int32, to: Int32, pair: Int32) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(from, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            var sent = 0
            while sent < count {
                let written = buffer.withUnsafeBytes { write(to, $0.baseAddress! + sent, count - sent) }
                guard written > 0 else { break }
                sent += written
            }
            if sent < count { break }
        }
        state.withLock { state in
            for socket in [from, to] { shutdown(socket, Int32(SHUT_RDWR)) }
            state.ended[pair, default: 0] += 1
            guard state.ended[pair] == 2 else { return }
            state.ended[pair] = nil
            for socket in [from, to] {
                state.connections.remove(socket)
                close(socket)
            }
        }
    }

    struct SocketError: Error, CustomStringConvertible {
        var call: String
        var description: String { "\(call) failed: errno \(errno)" }
    }

    private static func address(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    private static func listen(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = address(port: port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, Glibc.listen(fd, 64) == 0 else {
            close(fd)
            throw SocketError(call: "bind/listen")
        }
        return fd
    }

    private static func connect(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = address(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(fd)
            throw SocketError(call: "connect")
        }
        return fd
    }
}
