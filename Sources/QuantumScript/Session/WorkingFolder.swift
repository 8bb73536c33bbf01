import Foundation
import QuantumCore

/// The process's working folder, moved to a script's or a notebook's own while it is parsed and
/// run, so the paths in it (`batch @FILE`, `export`, `chart --svg`, `run FILE`) are relative to
/// where it lies, wherever it is run from. The executable runs one script at a time.
public enum WorkingFolder {
    /// Runs `body` in the folder holding `path`; nil (and `body` not run) when that folder
    /// cannot be entered.
    public static func within<T>(folderOf path: String, _ body: () throws(ScriptError) -> T) throws(ScriptError)
        -> T?
    {
        guard let previous = enter(folderOf: path) else { return nil }
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
        return try body()
    }

    /// `within` for asynchronous work.
    public static func within<T>(folderOf path: String, _ body: () async -> T) async -> T? {
        guard let previous = enter(folderOf: path) else { return nil }
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
        return await body()
    }

    /// Moves into the folder holding `path`; returns the folder it left, nil when it could not.
    private static func enter(folderOf path: String) -> String? {
        let previous = FileManager.default.currentDirectoryPath
        let folder = NotebookRunner.folderPart(FileTarget.expand(path))
        return folder.isEmpty || FileManager.default.changeCurrentDirectoryPath(folder) ? previous : nil
    }

    /// The error of a folder that cannot be entered.
    public static func unenterable(_ path: String) -> String {
        "cannot enter the folder of \(path), which its paths are relative to"
    }
}
