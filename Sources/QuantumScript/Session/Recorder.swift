import Foundation
import QuantumCore

/// Writes the commands of a session to a replayable script as they run: relative dates already
/// resolved, `$N` renumbered for the replay, a header saying when, with what and whether the
/// market was simulated (never a key), and every line flushed to disk at once so a crash loses
/// nothing already run.
final class Recorder {
    let path: String
    private let handle: FileHandle
    /// Session cell → the cell it will be in the replay.
    private var replayCell: [Int: Int] = [:]
    private var nextReplayCell: Int
    private(set) var written = 0
    /// The recording's folder, absolute: the paths it writes are relative to it, as a replay
    /// (run in that folder) reads them.
    private let folder: String

    init(path: String, settings: Settings, simulated: Bool, started: Date) throws {
        self.path = path
        folder = URL(fileURLWithPath: FileTarget.expand(path)).deletingLastPathComponent().standardizedFileURL.path
        // Through a symbolic link to its file; never onto a device or other non-regular file.
        handle = try FileTarget.openForWriting(path)
        let order = settings.sources.filter(\.enabled).map(\.id.rawValue)
        let disabled = settings.sources.contains { !$0.enabled } ? " (others disabled)" : ""
        let header = """
            # quantum \(QuantumVersion.current) recording, started \(ResultJSON.timestamp(started))
            # sources in priority order: \(order.joined(separator: ", "))\(disabled)
            # market: \(simulated ? "simulated (quantum's built-in simulator; replay with --sim for the same data)" : "live provider APIs")
            # relative dates are written as the absolute dates they meant. Replay: quantum run \(path)\(simulated ? " --sim" : "")

            """
        // The replay starts from the same priority order, as cell 1.
        let orderLine = "sources order \(settings.sources.map(\.id.rawValue).joined(separator: ","))\n"
        nextReplayCell = 2
        try append(header + orderLine)
    }

    /// Appends one executed command (cell `cell` of the session). Cell references are written
    /// relative (`$-2`), so a replay finds the same results whatever cells its session already
    /// has. Returns why it could not.
    func write(_ command: Command, cell: Int) -> String? {
        let here = nextReplayCell
        let line = command.text { ref in
            let target: Int
            switch ref {
            case .cell(let n): target = n
            case .back(let n): target = cell - n
            default: return ref.description
            }
            return replayCell[target].map { "$-\(here - $0)" }
        } paths: { [folder] in
            RelativePath.from(folder, to: $0)
        }
        guard let line else {
            return appendReporting(
                "# \(command.name): refers to a cell from before the recording started; not recorded\n")
        }
        replayCell[cell] = nextReplayCell
        nextReplayCell += 1
        written += 1
        return appendReporting(line + "\n")
    }

    /// Notes a command that failed, as a comment with why: it is not replayed (a replay stops
    /// at a failure). Returns why it could not be written.
    func comment(_ input: String, failedBecause reason: String) -> String? {
        let oneLine = { (text: String) in text.split(whereSeparator: \.isNewline).joined(separator: " ") }
        return appendReporting("# failed, not replayed: \(oneLine(input)) — \(oneLine(reason))\n")
    }

    private func appendReporting(_ text: String) -> String? {
        do {
            try append(text)
            return nil
        } catch {
            return "recording to \(path) stopped: \(error.localizedDescription)"
        }
    }

    private func append(_ text: String) throws {
        try handle.write(contentsOf: Data(text.utf8))
        try handle.synchronize()
    }

    deinit {
        try? handle.close()
    }
}
