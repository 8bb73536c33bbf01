import Foundation
import QuantumCore

/// The project's own fixtures in `Tests/Fixtures/<provider>/`, one response body per file, named
/// `<status>_<expected outcome>_<what>.<ext>` (outcome `ok` for a decodable success).
public enum OwnFixtures {
    public static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Tests/Fixtures")

    /// One fixture with what its name says.
    public struct Case: Sendable, CustomStringConvertible {
        public var source: SourceID
        public var name: String
        public var status: Int
        public var expected: Outcome
        public var body: [UInt8]

        public var description: String { "\(source.rawValue)/\(name)" }
    }

    public static func cases(_ source: SourceID) -> [Case] {
        let folder = directory.appendingPathComponent(source.rawValue)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().compactMap { name in
            let parts = name.split(separator: "_", maxSplits: 1)
            guard parts.count == 2, let status = Int(parts[0]) else { return nil }
            let rest = String(parts[1])
            let outcome = Outcome.allCases.filter { rest.hasPrefix($0.rawValue + "_") }.max {
                $0.rawValue.count < $1.rawValue.count
            }
            guard let outcome, let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path)
            else { return nil }
            return Case(source: source, name: name, status: status, expected: outcome, body: Array(data))
        }
    }
}
