import Foundation
import QuantumTestSupport
import Testing

/// The optimized build, as shipped: Ctrl-C must reach the REPL there too (a flag defined per
/// object file once left it unseen in release builds only). `scripts/test` builds it first.
@Suite(
    .enabled(
        if: Binary.releaseTestsRun,
        "build the release binary first: swift build -c release --product quantum (scripts/test does)"))
struct ReleaseBinaryTests {
    @Test func ctrlCStopsABatchAndASlowFetchPromptly() async throws {
        #expect(
            FileManager.default.isExecutableFile(atPath: Binary.releasePath),
            "no release binary at \(Binary.releasePath)")
        let script = Binary.packageRoot + "/Tests/EndToEndTests/Scripts/repl_interrupt.py"
        let run = try await Binary.run(script: "python3", [script, Binary.releasePath])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        print("release Ctrl-C: \(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines))")
    }

    /// The shell manners a psql or IPython user expects, in the build people run: the start-up
    /// file, the prompt's state, !N, history shared by two REPLs, a resize, Ctrl-Z and fg under a
    /// shell, the prompt when stdout is a pipe, the question before replacing a file, the pager,
    /// output FILE, UTF-8 typed at the prompt.
    @Test(.enabled(if: Python.hasPexpect, "python3 with pexpect is needed for the pseudo-terminal test"))
    func theShellMannersInTheReleaseBuild() async throws {
        let script = Binary.packageRoot + "/Tests/EndToEndTests/Scripts/repl_shell.py"
        let run = try await Binary.run(script: "python3", [script, Binary.releasePath])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
    }
}
