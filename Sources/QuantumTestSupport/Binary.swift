import Foundation

/// Runs the built `quantum` executable, as a user would, for end-to-end tests.
public enum Binary {
    /// `.build/debug/quantum` beside the package (built by `swift build --build-tests`).
    public static let path = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/debug/quantum").path

    public static var packageRoot: String {
        URL(fileURLWithPath: path).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The environment a new user has: no provider keys or URLs, a private state/config home.
    public static func cleanEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment.filter { key, _ in
            !key.hasSuffix("_API_KEY") && !key.hasSuffix("_BASE_URL") && !key.hasPrefix("QUANTUM_") && !key.hasPrefix("XDG_")
        }
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("quantum-e2e-\(UUID().uuidString)").path
        env["XDG_STATE_HOME"] = home + "/state"
        env["XDG_CONFIG_HOME"] = home + "/config"
        env["XDG_CACHE_HOME"] = home + "/cache"
        return env.merging(extra) { $1 }
    }

    /// Runs to completion and returns what it printed.
    public static func run(_ arguments: [String], environment: [String: String] = cleanEnvironment(), stdin: String? = nil) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
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
        return Output(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self), stderr: String(decoding: stderrData, as: UTF8.self))
    }
}
