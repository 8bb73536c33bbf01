import Foundation
import QuantumTestSupport
import Testing

/// The REPL issue's leftovers at a pseudo-terminal: `quit` in the start-up file refused, a history
/// file that cannot be written warned about once, a cancelled compare that claims no agreement,
/// and a cancelled batch's rows within the terminal's width.
@Suite(
    .enabled(
        if: FileManager.default.isExecutableFile(atPath: Binary.path),
        "build the executable first: swift build --build-tests"),
    .enabled(if: Python.hasPexpect, "python3 with pexpect is needed for the pseudo-terminal test"))
struct ShellLeftoverBinaryTests {
    @Test func theStartUpFileHistoryCompareAndRowsAtAPseudoTerminal() async throws {
        let script = Binary.packageRoot + "/Tests/EndToEndTests/Scripts/repl_leftovers.py"
        let run = try await Binary.run(script: "python3", [script, Binary.path])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
    }
}
