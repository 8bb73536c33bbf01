import Foundation
import QuantumCore

/// A path as a file in another folder names it: a recording written to `out/` names the
/// `out/prices.csv` its session exported as `prices.csv`, since a replay runs in the
/// recording's folder.
enum RelativePath {
    /// `path` (relative to the current folder, absolute, or `~/…`) relative to `folder` (absolute);
    /// absolute and home paths are kept as written.
    static func from(_ folder: String, to path: String) -> String {
        guard !path.hasPrefix("/"), !path.hasPrefix("~") else { return path }
        let target = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
        let base = URL(fileURLWithPath: folder).standardizedFileURL.pathComponents
        var common = 0
        while common < min(target.count, base.count), target[common] == base[common] { common += 1 }
        let up = Array(repeating: "..", count: base.count - common)
        return (up + target[common...]).joined(separator: "/")
    }
}
