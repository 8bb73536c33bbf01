import Foundation

/// Where a file the user names is written (an export, a notebook, a recording): `~` expanded,
/// symbolic links followed to the file they name — which is then written in place of the link,
/// so the link stays a link — and anything but a regular file refused: a device, a fifo, a
/// socket or a folder is never replaced.
public enum FileTarget {
    /// `~` and `~/…` as the home folder (`$HOME`, as a shell has it); other paths unchanged.
    public static func expand(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        return home + path.dropFirst()
    }

    private static var home: String {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? ""
        return home.isEmpty ? NSHomeDirectory() : home
    }

    /// The regular file (existing or to be created) a write to `path` lands in.
    public static func resolve(_ path: String) throws(FileTargetError) -> String {
        var current = expand(path)
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0 else {
                if errno == ENOENT { return current }
                throw FileTargetError(path: path, reason: String(cString: strerror(errno)))
            }
            switch info.st_mode & S_IFMT {
            case S_IFREG:
                return current
            case S_IFLNK:
                guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else {
                    throw FileTargetError(path: path, reason: "its symbolic link cannot be read")
                }
                current =
                    target.hasPrefix("/") ? target : folder(of: current) + "/" + target
                // /dev/stdout and the like lead to /proc's links to open files, which name no file
                // to write in place (a pipe, a terminal, or a file a shell opened).
                if current.hasPrefix("/proc/") {
                    throw FileTargetError(
                        path: path,
                        reason:
                            "it leads to \(current), an open file of a process, not a file to write; '-' writes to standard output"
                    )
                }
            case S_IFDIR:
                throw FileTargetError(
                    path: path, reason: "\(current == path ? "it" : current) is a folder; name a file inside it")
            default:
                throw FileTargetError(
                    path: path,
                    reason:
                        "\(current == path ? "it" : current) is not a regular file (a device, fifo or socket), and is never replaced"
                )
            }
        }
        throw FileTargetError(path: path, reason: "too many symbolic links")
    }

    /// Writes `bytes` to the file `path` names, atomically: a temporary file in the target's
    /// folder (created if missing), synced, then renamed onto the target, so an interrupted write
    /// never leaves a partial file.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws(FileTargetError) {
        let target = try resolve(path)
        let folder = try makeFolder(for: target, path: path)
        let temporary = temporaryFile(for: target, in: folder)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw FileTargetError(path: path, reason: String(cString: strerror(errno))) }
        var written = 0
        let failure: Int32? = bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let n = Foundation.write(fd, buffer.baseAddress! + written, buffer.count - written)
                if n < 0 { return errno }
                written += n
            }
            return fsync(fd) == 0 ? nil : errno
        }
        close(fd)
        if let failure {
            unlink(temporary)
            throw FileTargetError(path: path, reason: String(cString: strerror(failure)))
        }
        guard rename(temporary, target) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw FileTargetError(path: path, reason: reason)
        }
    }

    /// Whether two paths name one existing file (the same device and inode, through links).
    public static func sameFile(_ a: String, _ b: String) -> Bool {
        var first = stat()
        var second = stat()
        guard stat(a, &first) == 0, stat(b, &second) == 0 else { return false }
        return first.st_dev == second.st_dev && first.st_ino == second.st_ino
    }

    /// Runs `body` holding an exclusive `flock` on `folder`, so that two processes putting a
    /// file and its manifest in place in the same folder take turns and a manifest always
    /// describes the file beside it. A folder that cannot be locked (a file system without
    /// `flock`) runs `body` unlocked.
    static func inTurn<T, E: Error>(in folder: String, _ body: () throws(E) -> T) throws(E) -> T {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return try body() }
        defer { close(fd) }  // closing the descriptor releases the lock
        while flock(fd, LOCK_EX) != 0, errno == EINTR {}
        return try body()
    }

    /// The hidden temporary file a write to `target` goes through, `FOLDER/.NAME.partial-PID`
    /// (this process's id), made free. Leftovers of killed writes to the same NAME are removed on
    /// the way: a `.NAME.partial-PID` whose process no longer exists (`kill(PID, 0)` fails with
    /// `ESRCH`) or is a zombie; one whose process is alive (or cannot be asked: `EPERM`) is never
    /// touched.
    static func temporaryFile(for target: String, in folder: String) -> String {
        let prefix = "." + name(of: target) + ".partial-"
        let own = getpid()
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where entry.hasPrefix(prefix)
        {
            guard let pid = SettingValues.wholeNumber(entry.dropFirst(prefix.count)).flatMap(Int32.init(exactly:)),
                pid > 0, pid != own, !isAlive(pid)
            else { continue }
            unlink(folder + "/" + entry)
        }
        let temporary = folder + "/" + prefix + String(own)
        unlink(temporary)  // a leftover of a killed run with the same process id
        return temporary
    }

    /// Whether process `pid` may still write: it exists (`kill(pid, 0)` does not fail with
    /// `ESRCH`) and is not a zombie (killed, not yet reaped: Linux's `/proc/PID/stat` says `Z`).
    static func isAlive(_ pid: Int32) -> Bool {
        if kill(pid, 0) == -1, errno == ESRCH { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return true }
        // `PID (NAME) STATE …`: the name may hold spaces and parentheses, the state follows the last `)`.
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first != "Z"
    }

    /// Opens the file `path` names for writing from the start (a recording appended to as it
    /// goes), created if missing, through a symbolic link.
    public static func openForWriting(_ path: String) throws(FileTargetError) -> FileHandle {
        let target = try resolve(path)
        _ = try makeFolder(for: target, path: path)
        let fd = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { throw FileTargetError(path: path, reason: String(cString: strerror(errno))) }
        return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    /// The folder part of a path: `.` for `x`, `/` for `/x`, `a/b` for `a/b/c` (Foundation's
    /// `deletingLastPathComponent` traps on a one-character name on Linux).
    public static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let folder = String(path[..<slash])
        return folder.isEmpty ? "/" : folder
    }

    /// The last part of a path: `c` for `a/b/c`.
    public static func name(of path: String) -> String {
        path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
    }

    static func makeFolder(for target: String, path: String) throws(FileTargetError) -> String {
        let place = folder(of: target)
        do {
            try FileManager.default.createDirectory(atPath: place, withIntermediateDirectories: true)
        } catch {
            throw FileTargetError(path: path, reason: "cannot create the folder \(place)")
        }
        return place
    }
}

/// A file that cannot be written, and why, in words.
public struct FileTargetError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public var description: String { "\(path): \(reason)" }
}
