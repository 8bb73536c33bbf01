import Foundation

/// Runs the built `quantum` executable, as a user would, for end-to-end tests.
public enum Binary {
    /// `.build/debug/quantum` beside the package (built by `swift build --build-tests`).
    public static let path = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/debug/quantum").path

    /// `.build/release/quantum`, where `scripts/test` builds it (`QUANTUM_RELEASE_BINARY` names
    /// it there, and makes the tests that need it fail rather than skip when it is missing).
    public static let releasePath =
        ProcessInfo.processInfo.environment["QUANTUM_RELEASE_BINARY"]
        ?? URL(fileURLWithPath: path).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
            "release/quantum"
        ).path

    /// Whether the release binary's tests run: always under `scripts/test`, else when it is built.
    public static var releaseTestsRun: Bool {
        ProcessInfo.processInfo.environment["QUANTUM_RELEASE_BINARY"] != nil
            || FileManager.default.isExecutableFile(atPath: releasePath)
    }

    public static var packageRoot: String {
        URL(fileURLWithPath: path).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .path
    }

    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The environment a new user has: no provider keys or URLs, a private state/config home.
    public static func cleanEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment.filter { key, _ in
            !key.hasSuffix("_API_KEY") && !key.hasSuffix("_BASE_URL") && !key.hasPrefix("QUANTUM_")
                && !key.hasPrefix("XDG_")
        }
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("quantum-e2e-\(UUID().uuidString)")
            .path
        env["XDG_STATE_HOME"] = home + "/state"
        env["XDG_CONFIG_HOME"] = home + "/config"
        env["XDG_CACHE_HOME"] = home + "/cache"
        return env.merging(extra) { $1 }
    }

    /// Starts `quantum sim serve ARGUMENTS` and returns the process with the first line it
    /// printed (its address), read on a thread of its own: a blocking read on the pool's threads
    /// would hold one of them.
    public static func startSimulator(_ arguments: [String]) async throws -> (process: Process, firstLine: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["sim", "serve"] + arguments
        process.environment = cleanEnvironment()
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let reader = out.fileHandleForReading
        let firstLine = await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: String(decoding: reader.availableData, as: UTF8.self)) }.start()
        }
        return (process, firstLine)
    }

    /// Runs to completion and returns what it printed. The wait happens on a thread of its own,
    /// so servers in the test process keep answering meanwhile. `executable`: the debug build
    /// unless told (`releasePath`).
    public static func run(
        _ arguments: [String], environment: [String: String] = cleanEnvironment(), stdin: String? = nil,
        executable: String = path
    ) async throws -> Output {
        try await offThePool {
            try runBlocking(executable: executable, arguments, environment: environment, stdin: stdin)
        }
    }

    /// Runs another program found on PATH (a test driver such as python3) the same way.
    public static func run(
        script program: String, _ arguments: [String], environment: [String: String] = cleanEnvironment()
    ) async throws -> Output {
        try await offThePool {
            try runBlocking(executable: "/usr/bin/env", [program] + arguments, environment: environment, stdin: nil)
        }
    }

    private static func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }

    static func runBlocking(executable: String, _ arguments: [String], environment: [String: String], stdin: String?)
        throws -> Output
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: packageRoot)
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrData, as: UTF8.self))
    }
}

/// Python on this machine, for tests that drive a terminal.
public enum Python {
    /// Whether `python3 -c "import pexpect"` works.
    public static let hasPexpect: Bool = {
        let output = try? Binary.runBlocking(
            executable: "/usr/bin/env", ["python3", "-c", "import pexpect"],
            environment: ProcessInfo.processInfo.environment, stdin: nil)
        return output?.status == 0
    }()

    /// Whether `python3` imports pyarrow and duckdb (the Parquet readers the export is checked by).
    public static let hasParquetReaders: Bool = {
        let output = try? Binary.runBlocking(
            executable: "/usr/bin/env", ["python3", "-c", "import pyarrow.parquet, duckdb"],
            environment: ProcessInfo.processInfo.environment, stdin: nil)
        return output?.status == 0
    }()
}
