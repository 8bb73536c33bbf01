import Foundation
import QuantumCore
import QuantumScript

/// The whole command path for the fuzzer: what the input parses to runs in a session over an
/// engine whose Polygon answers with weekday bars (the other sources with errors), each cell is
/// rendered as text and as JSON. Commands that would write files, set limits that wait for hours
/// or inject faults are left out; everything else runs as a person at the prompt would run it.
enum SessionTarget {
    static let engine: Engine = {
        var settings = Settings.defaults
        for i in settings.sources.indices {
            settings.sources[i].key = "fuzz-key"
            settings.sources[i].baseURL = "http://fuzz"
            settings.sources[i].limits = []
        }
        var retry = RetryPolicy()
        retry.maxTries = 1
        return Engine(
            EngineParts(
                settings: settings, transport: WeekdayBars(), candleStore: MemoryCandleStore(),
                today: { TradingDate("2024-01-15")! }, sessionIsOver: { _, _ in true }, random: { 0.5 }, retry: retry))
    }()

    static func run(_ text: String) {
        guard let lines = try? Tokenizer.commands(in: text, origin: "fuzz") else { return }
        let commands = lines.compactMap { line in (try? CommandParser.parse(line)).map { (line, $0) } }
            .filter { isSafe($0.1) }
        guard !commands.isEmpty else { return }
        let done = DispatchSemaphore(value: 0)
        Task {
            let session = Session(engine: engine)
            _ = await ScriptRunner(keepGoing: true).run(commands, in: session) { cell in
                _ = TextRenderer.render(cell, style: TextStyle(color: true, width: 80))
                JSONRenderer.write(cell) { _ in }
            }
            done.signal()
        }
        done.wait()
    }

    /// Whether running the command stays in memory and finishes at once.
    private static func isSafe(_ command: Command) -> Bool {
        switch command {
        case .export, .record, .save, .output, .run, .fault: false
        case .limits(_, let windows): windows.isEmpty
        default: true
        }
    }
}

/// Polygon's aggregates for every weekday of the asked range (at most ten years), prices drawn
/// from the ticker's name; any other source answers 500.
private struct WeekdayBars: HTTPTransport {
    func get(_ request: ProviderRequest, timeout: Duration) async throws(TransportError) -> ProviderResponse {
        let parts = request.url.split(separator: "?")[0].split(separator: "/")
        guard let at = parts.firstIndex(of: "ticker"), parts.count > at + 6,
            let from = TradingDate(parts[at + 5]), let to = TradingDate(parts[at + 6])
        else { return ProviderResponse(status: 500, headers: [], body: Array("{}".utf8)) }
        let seed = Double(abs(parts[at + 1].hashValue % 500) + 5)
        var bars: [String] = []
        var date = from
        while date <= to, bars.count < 2600 {
            if !date.isWeekend {
                let price = seed + Double(date.daysSinceEpoch % 17)
                let t = Int64(date.daysSinceEpoch) * 86_400_000 + 5 * 3_600_000
                bars.append(
                    #"{"t":\#(t),"o":\#(price),"h":\#(price + 1),"l":\#(price - 1),"c":\#(price + 0.5),"v":1000}"#)
            }
            date = date.adding(days: 1)
        }
        let body = #"{"status":"OK","resultsCount":\#(bars.count),"results":[\#(bars.joined(separator: ","))]}"#
        return ProviderResponse(status: 200, headers: [], body: Array(body.utf8))
    }
}
