import Foundation

/// The real recorded provider responses in `../shared/fixtures` (beside the project's checkout),
/// read in place: they are never copied into the project.
public enum Fixtures {
    /// The fixtures folder: `$QUANTUM_SHARED_FIXTURES`, else `../shared/fixtures` from the package root.
    public static let directory: URL? = {
        if let explicit = ProcessInfo.processInfo.environment["QUANTUM_SHARED_FIXTURES"], !explicit.isEmpty {
            return URL(fileURLWithPath: explicit)
        }
        // …/Sources/QuantumTestSupport/Fixtures.swift → package root → ../shared/fixtures
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let shared = root.deletingLastPathComponent().appendingPathComponent("shared/fixtures")
        return FileManager.default.fileExists(atPath: shared.path) ? shared : nil
    }()

    /// Whether the shared fixtures are present; tests that need them are skipped otherwise.
    public static var available: Bool { directory != nil }

    /// The bytes of `provider/name`.
    public static func bytes(_ provider: String, _ name: String) throws -> [UInt8] {
        guard let directory else { throw CocoaError(.fileNoSuchFile) }
        return Array(try Data(contentsOf: directory.appendingPathComponent(provider).appendingPathComponent(name)))
    }

    /// Every fixture file of a provider's bars (by name): hidden files and folders (such as
    /// `actions/`, the corporate-action recordings) left out.
    public static func names(_ provider: String) -> [String] {
        guard let directory else { return [] }
        let folder = directory.appendingPathComponent(provider).path
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.filter { name in
            var isFolder: ObjCBool = false
            return !name.hasPrefix(".")
                && FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isFolder)
                && !isFolder.boolValue
        }.sorted()
    }
}
