import Foundation
import QuantumCore

/// An interpreter over an `Engine`: numbered cells, references to their results, a recording in
/// progress. Every domain decision (sources, limits, the cache, what a result means) is the
/// engine's; a session never prints: it returns cells. Callers may run commands concurrently:
/// cell numbers are handed out in the order commands start.
public actor Session {
    public let engine: Engine
    public private(set) var cells: [Cell] = []
    /// Whether the sources are the built-in simulator.
    public nonisolated var simulated: Bool { engine.simulated }
    private var nextNumber = 1
    private var recorder: Recorder?
    /// How results are shown (`set timing`, `set pager`, `output`); each cell carries a copy.
    public private(set) var display = Display()
    /// Whether a recording is in progress (for the prompt).
    public var isRecording: Bool { recorder != nil }
    /// The basis fetches, batches and comparisons ask for when they name none (`set basis`).
    public private(set) var basis = RequestVocabulary.defaultBasis
    /// Where charts are written as SVG files when no `--svg` names one (see `writeCharts(to:)`).
    var chartDirectory: String?
    /// `${NAME}`'s values: `-p` given, `let` defined.
    private var parameterValues = Parameters()

    public init(engine: Engine) {
        self.engine = engine
    }

    /// The values `${NAME}` takes in the next commands parsed; `${today}` is the date where the
    /// user is (the process's time zone, `TZ`), as a file named for a daily run expects, not New
    /// York's trading date.
    public func parameters() -> Parameters {
        var now = parameterValues
        let day = Calendar.current.dateComponents([.year, .month, .day], from: engine.now())
        now.today = TradingDate(year: day.year ?? 1970, month: day.month ?? 1, day: day.day ?? 1)
        return now
    }

    /// Values given on the command line (`quantum run FILE -p NAME=VALUE`): a script's `let`
    /// does not change them.
    public func give(_ values: [String: String]) {
        parameterValues = Parameters(given: values)
    }

    /// The engine's settings now (source order, limits, timeout).
    public var settings: Settings {
        get async { await engine.settings }
    }

    /// Runs a parsed command and records it as the next cell. `progress` hears each ticker of a batch.
    public func execute(
        _ command: Command, input: String, progress: @escaping @Sendable (BatchProgress) -> Void = { _ in }
    ) async -> Cell {
        // The engine's events while this command runs are its cell's, not a command's beside it.
        let heard = EventCollector()
        return await heard.collect { await run(command, input: input, progress: progress, heard: heard) }
    }

    private func run(
        _ command: Command, input: String, progress: @escaping @Sendable (BatchProgress) -> Void,
        heard: EventCollector
    ) async -> Cell {
        var cell = Cell(number: takeNumber(), input: input, command: command, output: .quit)
        let started = ContinuousClock.now
        var replay: Command? = command
        switch command {
        case .fetch(let spec):
            let (from, to) = spec.range.resolve(today: engine.today())
            let basis = spec.basis ?? basis
            let request = FetchRequest(
                ticker: spec.ticker, from: from, to: to, basis: basis, pinned: spec.source,
                readsCache: !spec.noCache,
                keepsUnfinished: spec.partial)
            let result = await engine.fetch(request)
            cell.failure = FailurePolicy.failure(of: result, strict: spec.strict)
            cell.output = .fetch(result, quality: engine.quality(of: result))
            var resolved = spec
            resolved.range = .dates(from: from, to: to)
            resolved.basis = basis
            replay = .fetch(resolved)
        case .batch(let spec):
            let (from, to) = spec.range.resolve(today: engine.today())
            let basis = spec.basis ?? basis
            let request = { (ticker: String) in
                FetchRequest(
                    ticker: ticker, from: from, to: to, basis: basis, pinned: spec.source,
                    readsCache: !spec.noCache, keepsUnfinished: spec.partial)
            }
            if let export = spec.export, let first = spec.tickers.first {
                await streamBatch(spec, like: request(first), to: export, into: &cell, progress: progress)
                var resolved = spec
                resolved.range = .dates(from: from, to: to)
                resolved.basis = basis
                replay = .batch(resolved)
                break
            }
            let requests = spec.tickers.map(request)
            let report = await engine.batch(requests, concurrency: spec.concurrency, progress: progress)
            cell.failure = FailurePolicy.failure(of: report, strict: spec.strict)
            cell.output = .batch(report)
            var resolved = spec
            resolved.range = .dates(from: from, to: to)
            resolved.basis = basis
            replay = .batch(resolved)
        case .compare(let spec):
            let (from, to) = spec.range.resolve(today: engine.today())
            let basis = spec.basis ?? basis
            let comparison = await engine.compare(
                ticker: spec.ticker, from: from, to: to, sources: spec.sources, basis: basis,
                tolerance: (spec.tolerance, spec.tolerance * 10))
            cell.failure = FailurePolicy.failure(of: comparison, ticker: spec.ticker, from: from, to: to)
            cell.output = .compare(comparison)
            var resolved = spec
            resolved.range = .dates(from: from, to: to)
            resolved.basis = basis
            replay = .compare(resolved)
        case .actions(let spec):
            let result = await engine.actions(spec.ticker, sources: spec.sources)
            cell.failure = result.failure?.message
            cell.output = .actions(result, from: spec.from, to: spec.to)
        case .sources(let action):
            switch action {
            case .list: break
            case .order(let order): await engine.setOrder(order)
            case .enable(let id): await engine.setEnabled(true, for: id)
            case .disable(let id): await engine.setEnabled(false, for: id)
            }
            let report = await engine.sources()
            cell.output = .sources(report.sources, status: report.status, simulated: report.simulated)
        case .limits(let source, let windows):
            if let source { await engine.setLimits(windows, for: source) }
            cell.output = .limits(await engine.limits())
        case .set(let setting):
            cell.output = .message(await apply(setting))
        case .settings:
            replay = nil
            cell.output = .settings(await settingsList())
        case .fault(let action):
            do {
                let report: FaultsReport
                switch action {
                case .list: report = try await engine.activeFaults()
                case .inject(let source, let fault): report = try await engine.injectFault(fault, at: source)
                case .clear(let source): report = try await engine.clearFaults(source)
                }
                cell.output = .faults(report.faults, label: report.label)
            } catch {
                cell.failure = "\(error)"
                cell.output = .message("\(error)")
            }
        case .show(let ref, let rows):
            withResults(ref, into: &cell) { .show($0, rows: rows) }
        case .chart(let ref, let width, let height, let svg):
            let number = cell.number
            withResults(ref, into: &cell) { results in
                .chart(results, width: width, height: height, files: chartFiles(for: results, svg: svg, cell: number))
            }
            if case .chart(let results, _, _, let files) = cell.output {
                // With --svg, --width and --height are the picture's pixels; otherwise the
                // terminal's columns and rows, and a notebook's picture keeps its default size.
                let size = SVGChart.Size(
                    width: (svg == nil ? nil : width).map(Double.init) ?? SVGChart.defaultSize.width,
                    height: (svg == nil ? nil : height).map(Double.init) ?? SVGChart.defaultSize.height)
                writeCharts(results, to: files, size: size, into: &cell)
            }
        case .quality(let ref):
            withResults(ref, into: &cell) { results in .quality(results.map(engine.quality(of:))) }
        case .export(let format, let path, let refs, let wide):
            await export(format, path: path, refs: refs, wide: wide, into: &cell)
        case .expect(let expectation):
            do {
                let (passed, detail) = try check(expectation, from: cell.number)
                cell.output = .expectation(expectation, passed: passed, detail: detail)
                if !passed { cell.unmet = detail }
            } catch {
                cell.failure = error.message
                cell.output = .message(error.message)
            }
        case .record(let action):
            replay = nil
            await record(action, into: &cell)
        case .save(let path, let force):
            replay = nil
            await save(to: path, force: force, into: &cell)
        case .history(let last):
            replay = nil
            cell.output = .history(cells.suffix(last ?? cells.count).map { ($0.number, $0.input) })
        case .output(let path):
            replay = nil
            redirect(to: path, into: &cell)
        case .cache(let action):
            await cacheCommand(action, into: &cell)
        case .calendar(let action):
            calendarCommand(action, into: &cell)
        case .run(let path):
            // The script runner runs a script's commands as cells of their own.
            cell.failure = "run \(path): scripts are run by the script runner, not as one cell"
            cell.output = .message(cell.failure ?? "")
        case .help(let topic):
            replay = nil
            cell.output = .help(topic: topic)
        case .quit:
            replay = nil
        case .let(let name, let value):
            let now = parameterValues.define(name, value)
            cell.output = .message(
                now == value
                    ? "\(name) = \(now)" : "\(name) = \(now) (given with -p; the script's \(value) is not used)")
            replay = .let(name: name, value: now)
        }
        cell.notices = heard.events.filter(\.isNotice).map(\.message)
        cell.elapsed = ContinuousClock.now - started
        cell.display = display
        cell.replay = replay
        if let replay, let recorder {
            let problem =
                cell.failure.map { recorder.comment(input, failedBecause: $0) }
                ?? recorder.write(replay, cell: cell.number)
            if let problem {
                cell.notices.append(problem)
                self.recorder = nil
            }
        }
        insert(cell)
        return cell
    }

    /// The next cell number, taken when a command starts.
    private func takeNumber() -> Int {
        defer { nextNumber += 1 }
        return nextNumber
    }

    /// Keeps cells in number order whatever order concurrent commands finish in.
    private func insert(_ cell: Cell) {
        let at = cells.lastIndex { $0.number < cell.number }.map { $0 + 1 } ?? 0
        cells.insert(cell, at: at)
    }

    /// The cell numbered `n`, if it has finished.
    func cell(_ n: Int) -> Cell? {
        cells.first { $0.number == n }
    }

    /// Records a command that could not run (a script it names does not parse) as a failed cell.
    public func reject(_ command: Command, input: String, because message: String) -> Cell {
        let cell = Cell(
            number: takeNumber(), input: input, command: command, output: .message(message), failure: message)
        insert(cell)
        return cell
    }

    private func apply(_ setting: Setting) async -> String {
        switch setting {
        case .timeout(let timeout):
            await engine.setRequestTimeout(timeout)
            return "timeout = \(DurationText.human(timeout)) per request"
        case .concurrency(let n):
            await engine.setConcurrency(n)
            return "concurrency = \(n) tickers at once"
        case .timing(let on):
            display.timing = on ?? !display.timing
            return "timing = \(display.timing ? "on: each command's time is printed after it" : "off")"
        case .pager(let on):
            display.pager = on
            return "pager = \(on ? "on: output taller than the terminal is paged" : "off")"
        case .rows(let n):
            display.rows = n
            return "rows = \(n): show prints the first and last \(n) candles (show --all for every one)"
        case .format(let format):
            display.format = format
            return "format = \(format.rawValue): \(Self.meaning(of: format))"
        case .basis(let basis):
            self.basis = basis
            return "basis = \(basis.rawValue): \(Self.meaning(of: basis))"
        case .cache(let on):
            guard await engine.setCacheEnabled(on) else {
                return "cache = \(on ? "on" : "off") (no cache is open in this session)"
            }
            return on
                ? "cache = on: cached bars are served, only missing days are fetched"
                : "cache = off: every fetch asks the providers, and nothing is cached"
        }
    }

    /// What a basis setting means, as `set` says it.
    private static func meaning(of format: ShowFormat) -> String {
        switch format {
        case .table: "show prints an aligned table under the summary"
        case .vertical: "show prints one block per candle"
        case .markdown: "show prints a Markdown table to paste"
        case .csv: "show prints every row as the CSV export does"
        case .json: "show prints every row as the JSON export does"
        }
    }

    private static func meaning(of basis: BasisPreference) -> String {
        switch basis {
        case .raw: "fetches serve prices as traded"
        case .split: "fetches serve split-adjusted prices, computed here"
        case .splitDividend: "fetches serve split- and dividend-adjusted prices, computed here"
        case .native: "each source's own basis"
        }
    }

    /// Every setting with its value and what it means, as `set` lists them.
    private func settingsList() async -> [SettingLine] {
        let status = await engine.status()
        let order = await engine.settings.sources.filter(\.enabled).sorted { $0.priority < $1.priority }
        return [
            SettingLine("timeout", DurationText.human(status.requestTimeout), "per request"),
            SettingLine("concurrency", String(status.concurrency), "tickers a batch fetches at once"),
            SettingLine(
                "cache", status.cacheEnabled ? "on" : "off",
                !status.cacheOpen
                    ? "no cache is open"
                    : status.cacheEnabled
                        ? "cached bars are served; only missing days are fetched" : "every fetch asks the providers"),
            SettingLine("basis", basis.rawValue, Self.meaning(of: basis)),
            SettingLine("timing", display.timing ? "on" : "off", "print each command's time"),
            SettingLine("pager", display.pager ? "on" : "off", "page output taller than the terminal"),
            SettingLine("rows", String(display.rows), "candles show prints from each end"),
            SettingLine("format", display.format.rawValue, Self.meaning(of: display.format)),
            SettingLine(
                "output", display.output ?? "-", display.output == nil ? "standard output" : "'output' alone ends it"),
            SettingLine(
                "sources", order.map(\.id.rawValue).joined(separator: ","), "priority order ('sources order …')"),
            SettingLine(
                "market", status.simulated ? "simulated" : "live",
                status.simulated ? "the built-in simulator" : "the providers"),
        ]
    }

    /// `output FILE`: the file is created (or emptied) now, so a path that cannot be written fails
    /// this command rather than losing what later commands print.
    private func redirect(to path: String?, into cell: inout Cell) {
        guard let path, path != "-" else {
            cell.output = .message(
                display.output.map { "output back to standard output (was \($0))" } ?? "output is standard output")
            display.output = nil
            return
        }
        let expanded = FileTarget.expand(path)
        var info = stat()
        if stat(expanded, &info) == 0, [S_IFIFO, S_IFSOCK, S_IFDIR].contains(info.st_mode & S_IFMT) {
            let kind =
                info.st_mode & S_IFMT == S_IFDIR
                ? "a folder; name a file inside it" : "a fifo or socket, which would block"
            cell.failure = "cannot write output to \(path): it is \(kind)"
            cell.output = .message(cell.failure ?? "")
            return
        }
        // Non-blocking only to open: a terminal or a file opens at once; nothing waits for a reader.
        let fd = open(expanded, O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK, 0o644)
        guard fd >= 0 else {
            cell.failure = "cannot write output to \(path): \(String(cString: strerror(errno)))"
            cell.output = .message(cell.failure ?? "")
            return
        }
        close(fd)
        display.output = expanded
        cell.output = .message("output goes to \(path); 'output' alone returns to standard output")
    }

    /// Refuses to replace an existing file unless `force` (a prompt asks before it gets here).
    /// Only an existing file is asked about: a folder or a device is refused by the write itself.
    private func refuseOverwrite(_ path: String, force: Bool, _ what: String, into cell: inout Cell) -> Bool {
        guard !force, let target = try? FileTarget.resolve(path), FileManager.default.fileExists(atPath: target)
        else { return false }
        cell.failure = "\(path) exists; '\(what) \(Tokenizer.quoteIfNeeded(path)) --force' replaces it"
        cell.output = .message(cell.failure ?? "")
        return true
    }

    /// Runs `body` on a reference's results, or fails the cell with why they cannot be found.
    private func withResults(_ ref: Ref?, into cell: inout Cell, _ body: ([FetchResult]) -> CommandOutput) {
        do {
            cell.output = body(try results(ref, from: cell.number))
        } catch {
            cell.failure = error.message
            cell.output = .message(error.message)
        }
    }

    private func export(_ format: ExportFormat, path: String, refs: [Ref], wide: WideField?, into cell: inout Cell)
        async
    {
        do {
            var selected: [FetchResult] = []
            for ref in refs.isEmpty ? [nil] : refs.map(Optional.some) {
                selected += try results(ref, from: cell.number)
            }
            // `export csv -` under `output FILE` writes its rows where everything printed goes.
            let redirected =
                path == Exporter.standardOutput ? display.output.map { open($0, O_WRONLY | O_APPEND) } : nil
            defer { if let redirected, redirected >= 0 { close(redirected) } }
            let manifest = try Exporter.write(
                selected, format: format, to: path, wide: wide, created: engine.now(),
                standardOutput: redirected.flatMap { $0 >= 0 ? $0 : nil } ?? STDOUT_FILENO)
            cell.output = .export(manifest)
        } catch let error as RefError {
            cell.failure = error.message
            cell.output = .message(error.message)
        } catch {
            cell.failure = "\(error)"
            cell.output = .message("\(error)")
        }
    }

    /// A batch written to its file as it goes; the cell keeps the summaries.
    private func streamBatch(
        _ spec: BatchSpec, like template: FetchRequest, to export: BatchExport, into cell: inout Cell,
        progress: @escaping @Sendable (BatchProgress) -> Void
    ) async {
        let report: StreamedBatch
        do {
            report = try await engine.batch(
                spec.tickers, like: template, concurrency: spec.concurrency, exportingTo: export.path,
                format: export.format, progress: progress)
        } catch {
            cell.failure = error.description
            cell.output = .message(error.description)
            return
        }
        cell.failure = FailurePolicy.failure(of: report, strict: spec.strict)
        cell.output = .streamedBatch(report)
    }

    private func cacheCommand(_ action: CacheAction, into cell: inout Cell) async {
        do {
            switch action {
            case .stats:
                cell.output = .cache(try await engine.cacheStats())
            case .clear(let ticker):
                let removed = try await engine.clearCache(ticker: ticker)
                cell.output = .message("removed \(removed) cached candle(s)\(ticker.map { " of \($0)" } ?? "")")
            }
        } catch EngineError.noCache {
            cell.output = .message(EngineError.noCache.description)
        } catch {
            let what = if case .clear = action { "cleared" } else { "read" }
            cell.failure = "the cache could not be \(what): \(error)"
            cell.output = .message(cell.failure ?? "")
        }
    }

    private func record(_ action: RecordAction, into cell: inout Cell) async {
        switch action {
        case .start(let path, let force):
            guard path != "-" else {
                cell.failure = "record needs a file to write the script to ('-', standard output, cannot be replayed)"
                cell.output = .message(cell.failure ?? "")
                return
            }
            if refuseOverwrite(path, force: force, "record", into: &cell) { return }
            if let current = recorder {
                cell.failure = "already recording to \(current.path); 'record stop' first"
                cell.output = .message(cell.failure ?? "")
                return
            }
            do {
                recorder = try Recorder(
                    path: path, settings: await engine.settings, simulated: simulated, started: engine.now())
                cell.output = .message(
                    "recording to \(path): each command is written as it runs; 'record stop' ends it")
            } catch {
                cell.failure =
                    "cannot record to \(path): \((error as? FileTargetError)?.reason ?? error.localizedDescription)"
                cell.output = .message(cell.failure ?? "")
            }
        case .stop:
            guard let current = recorder else {
                cell.output = .message("not recording")
                return
            }
            recorder = nil
            cell.output = .message(
                "recorded \(current.written) command(s) to \(current.path); replay with: quantum run \(current.path)")
        }
    }

    private func save(to path: String, force: Bool, into cell: inout Cell) async {
        let header = Notebook.header(
            simulated: simulated, settings: await engine.settings, time: Notebook.timestamp(engine.now()))
        if path == "-" {
            // The notebook itself is the output; its links are relative to the current folder.
            let here = FileManager.default.currentDirectoryPath
            cell.output = .message(Notebook.saved(cells, header: header) { NotebookRunner.link(to: $0, from: here) })
            return
        }
        if refuseOverwrite(path, force: force, "save", into: &cell) { return }
        let folder = FileTarget.folder(of: Self.absolute(FileTarget.expand(path)))
        let name = Tokenizer.quoteIfNeeded(FileTarget.name(of: path))
        let notebook = Notebook.saved(cells, header: header, name: name) { NotebookRunner.link(to: $0, from: folder) }
        do {
            try FileTarget.writeAtomically(Array(notebook.utf8), to: path)
            cell.output = .message("saved \(cells.count) cell(s) to \(path)")
        } catch {
            cell.failure = "cannot save to \(path): \(error.reason)"
            cell.output = .message(cell.failure ?? "")
        }
    }
}
