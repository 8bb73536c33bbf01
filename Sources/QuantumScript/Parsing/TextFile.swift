import Foundation
import QuantumCore

/// Reads the text files a script names (`run FILE`, `batch @FILE`): regular files only, and not
/// huge, so a script naming `/dev/zero` or a multi-gigabyte log fails at once instead of hanging.
public enum TextFile {
    public static let maxBytes = 16 << 20

    /// The file's text, or why it cannot be used.
    public static func read(_ path: String) -> Result<String, TextFileError> {
        // `~` expanded, and through a symbolic link to its file.
        let path = (try? FileTarget.resolve(path)) ?? FileTarget.expand(path)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
            return .failure(.missing)
        }
        guard attributes[.type] as? FileAttributeType == .typeRegular else { return .failure(.notRegular) }
        guard (attributes[.size] as? Int ?? 0) <= maxBytes else { return .failure(.tooLarge) }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return .failure(.notText) }
        return .success(text)
    }
}

public enum TextFileError: Error {
    case missing, notRegular, tooLarge, notText

    /// Words for an error message: "cannot read the script 'x' (it is not a regular file)".
    public var reason: String {
        switch self {
        case .missing: "no such file"
        case .notRegular: "it is not a regular file"
        case .tooLarge: "it is larger than \(TextFile.maxBytes >> 20) MiB"
        case .notText: "it is not UTF-8 text"
        }
    }
}
