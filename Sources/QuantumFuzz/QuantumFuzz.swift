import Foundation
import QuantumCore
import QuantumScript

/// libFuzzer entry points for the command language and each provider's decoder, built by
/// `scripts/fuzz` with `-sanitize=fuzzer` (and `-DFUZZING`). `QUANTUM_FUZZ_TARGET` picks one:
/// `language`, `polygon`, `fmp`, `alphavantage` or `eodhd`. Any crash or hang is a finding.
enum FuzzTarget {
    static let name = ProcessInfo.processInfo.environment["QUANTUM_FUZZ_TARGET"] ?? "language"
    static let query = BarQuery(ticker: "AAPL", from: TradingDate("2023-01-01")!, to: TradingDate("2023-12-31")!)
    static let context = RequestContext(
        endpoint: SourceEndpoint(baseURL: "http://127.0.0.1:1", key: "fuzz-key"), today: TradingDate("2024-01-15")!)
    /// Statuses the decoders classify; the input's first byte picks one.
    static let statuses = [200, 200, 200, 200, 401, 402, 403, 404, 429, 500, 502, 503]

    static func run(_ bytes: [UInt8]) {
        if name == "session" {
            SessionTarget.run(String(decoding: bytes, as: UTF8.self))
            return
        }
        if name == "language" {
            let text = String(decoding: bytes, as: UTF8.self)
            // Tokenize and parse (a `@FILE` is read only if it is a small regular file).
            if let lines = try? Tokenizer.commands(in: text, origin: "fuzz") {
                for line in lines {
                    if let command = try? CommandParser.parse(line),
                        let canonical = command.text(writingReferences: { $0.description }),
                        let again = try? Tokenizer.commands(in: canonical, origin: "again").first.map(
                            CommandParser.parse)
                    {
                        // What the recorder writes must read back as the same command.
                        precondition(again == command, "\(canonical) does not parse back")
                    }
                }
            }
            return
        }
        guard let id = SourceID(rawValue: name), let first = bytes.first else { return }
        let response = ProviderResponse(
            status: statuses[Int(first) % statuses.count], headers: [("Retry-After", "5")],
            body: Array(bytes.dropFirst()))
        _ = dataSource(for: id).interpret(response, for: query, context: context)
    }
}

#if FUZZING
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        guard let data else { return 0 }
        FuzzTarget.run(Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }

    /// libFuzzer's driver, for an executable that has a `main` of its own (SwiftPM gives one).
    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    @main
    struct QuantumFuzz {
        static func main() {
            var argc = Swift.CommandLine.argc
            var argv = Swift.CommandLine.unsafeArgv
            exit(runFuzzerDriver(&argc, &argv, fuzzOne))
        }
    }
#else
    @main
    struct QuantumFuzz {
        /// Without libFuzzer: runs each file given once (to replay a crash), or says how to fuzz.
        static func main() throws {
            let files = Swift.CommandLine.arguments.dropFirst()
            guard !files.isEmpty else {
                print("quantum-fuzz: build and run it with scripts/fuzz [seconds]; with files, replays them")
                return
            }
            for file in files { FuzzTarget.run(Array(try Data(contentsOf: URL(fileURLWithPath: file)))) }
        }
    }
#endif
