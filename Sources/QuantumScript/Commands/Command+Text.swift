import QuantumCore

extension Command {
    /// The command as one line that parses back to the same command, for recordings. Cell
    /// references (`$N`, `$-N`) are written as `reference` says, file paths as `path` says (a
    /// recording in another folder writes them relative to its own); nil when a reference cannot
    /// be carried over.
    package func text(writingReferences reference: (Ref) -> String?, paths path: (String) -> String = { $0 })
        -> String?
    {
        func ref(_ r: Ref?) -> String?? {
            guard let r else { return .some(nil) }
            switch r {
            case .cell, .back:
                guard let text = reference(r) else { return nil }
                return .some(text)
            case .last, .ticker: return .some(r.description)
            }
        }
        let q = Tokenizer.quoteIfNeeded
        func file(_ text: String) -> String { Tokenizer.quoteIfNeeded(path(text)) }
        var words: [String] = [name]
        switch self {
        case .fetch(let spec):
            words += [spec.ticker] + Self.options(spec.range, spec.source, spec.basis)
            if spec.noCache { words.append("--no-cache") }
            if spec.partial { words.append("--partial") }
            if spec.strict { words.append("--strict") }
        case .batch(let spec):
            // A ticker file is named again (`@FILE`), not spelled out ticker by ticker.
            var index = 0
            var lists = spec.lists[...]
            while index < spec.tickers.count || !lists.isEmpty {
                if let list = lists.first, list.tickers.lowerBound <= index {
                    words.append(Tokenizer.quoteIfNeeded("@" + path(list.path)))
                    index = max(index, list.tickers.upperBound)
                    lists.removeFirst()
                } else {
                    words.append(spec.tickers[index])
                    index += 1
                }
            }
            words += Self.options(spec.range, spec.source, spec.basis)
            if let n = spec.concurrency { words += ["--concurrency", String(n)] }
            if spec.strict { words.append("--strict") }
            if spec.noCache { words.append("--no-cache") }
            if spec.partial { words.append("--partial") }
            if spec.quiet { words.append("--quiet") }
            if let export = spec.export {
                words += ["--export", file(export.path), "--format", export.format.rawValue]
            }
        case .compare(let spec):
            words += [spec.ticker] + Self.options(spec.range, nil, spec.basis)
            if let sources = spec.sources { words += ["--sources", sources.map(\.rawValue).joined(separator: ",")] }
            if spec.tolerance != 0.005 { words += ["--tolerance", NumberText.shortest(spec.tolerance)] }
        case .actions(let spec):
            words.append(spec.ticker)
            if let from = spec.from { words += ["--from", from.description] }
            if let to = spec.to { words += ["--to", to.description] }
            if let sources = spec.sources { words += ["--sources", sources.map(\.rawValue).joined(separator: ",")] }
        case .sources(let action):
            switch action {
            case .list: break
            case .order(let ids): words += ["order", ids.map(\.rawValue).joined(separator: ",")]
            case .enable(let id): words += ["enable", id.rawValue]
            case .disable(let id): words += ["disable", id.rawValue]
            }
        case .limits(let source, let windows):
            if let source { words += [source.rawValue, windows.map(\.description).joined(separator: ",")] }
        case .set(let setting):
            switch setting {
            case .timeout(let d): words += ["timeout", SettingValues.text(d)]
            case .concurrency(let n): words += ["concurrency", String(n)]
            case .cache(let on): words += ["cache", on ? "on" : "off"]
            case .timing(let on): words += ["timing"] + (on.map { [$0 ? "on" : "off"] } ?? [])
            case .pager(let on): words += ["pager", on ? "on" : "off"]
            case .basis(let basis): words += ["basis", basis.rawValue]
            case .rows(let n): words += ["rows", String(n)]
            case .format(let format): words += ["format", format.rawValue]
            }
        case .settings:
            break
        case .fault(let action):
            switch action {
            case .list: break
            case .inject(let id, let fault):
                words += [id.rawValue] + fault.description.split(separator: " ").map(String.init)
            case .clear(let id): words += ["clear"] + (id.map { [$0.rawValue] } ?? [])
            }
        case .show(let r, let rows):
            guard let r = ref(r) else { return nil }
            words += [r].compactMap { $0 }
            if let rows { words += rows == Int.max ? ["--all"] : ["--rows", String(rows)] }
        case .chart(let r, let width, let height, let svg):
            guard let r = ref(r) else { return nil }
            words += [r].compactMap { $0 }
            if let width { words += ["--width", String(width)] }
            if let height { words += ["--height", String(height)] }
            if let svg { words += ["--svg", file(svg)] }
        case .quality(let r):
            guard let r = ref(r) else { return nil }
            words += [r].compactMap { $0 }
        case .export(let format, let target, let refs, let wide):
            words += [format.rawValue, target == Exporter.standardOutput ? target : file(target)]
            for r in refs {
                guard let text = ref(r) else { return nil }
                words += [text].compactMap { $0 }
            }
            if let wide { words += ["--wide", wide.rawValue] }
        case .expect(let e):
            guard let r = ref(e.ref), let text = r else { return nil }
            words.append(text)
            switch e.check {
            case .state(let state): words.append(state.rawValue)
            case .compare(let field, let op, let value): words += [field.rawValue, op.rawValue, value]
            }
        case .record(let action):
            switch action {
            case .start(let target, let force): words += [file(target)] + (force ? ["--force"] : [])
            case .stop: words.append("stop")
            }
        case .run(let target):
            words.append(file(target))
        case .save(let target, let force):
            words += [file(target)] + (force ? ["--force"] : [])
        case .history(let last):
            if let last { words.append(String(last)) }
        case .output(let target):
            if let target { words.append(file(target)) }
        case .quit:
            break
        case .cache(let action):
            switch action {
            case .stats: words.append("stats")
            case .clear(let ticker): words += ["clear"] + (ticker.map { [$0] } ?? [])
            }
        case .calendar(let action):
            switch action {
            case .list: break
            case .show(let name, let range): words += [name] + (range.map { Self.options($0, nil, nil) } ?? [])
            case .update(let target): words += ["update", file(target)]
            }
        case .help(let topic):
            if let topic { words.append(topic) }
        case .let(let name, let value):
            words += [name, "=", q(value)]
        }
        return words.joined(separator: " ")
    }

    private static func options(_ range: DateRange, _ source: SourceID?, _ basis: BasisPreference?) -> [String] {
        var words: [String]
        switch range {
        case .lastDays(let n): words = ["--days", String(n)]
        case .last(let n, let span): words = ["--days", "\(n)\(span.rawValue)"]
        case .yearToDate: words = ["--from", "ytd"]
        case .dates(let from, let to):
            words = ["--from", from.description] + (to.map { ["--to", $0.description] } ?? [])
        }
        if let source { words += ["--source", source.rawValue] }
        if let basis { words += ["--basis", basis.rawValue] }
        return words
    }
}
