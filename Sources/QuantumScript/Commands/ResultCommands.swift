import ArgumentParser
import QuantumCore

// The commands about results already in the session: show, chart, quality, export, expect.

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a result's candles: the first and last rows, or --rows N, or --all.",
        discussion: """
            REF is $N (cell N's result), $_ (the last result) or a ticker (its latest result);
            without it, the last result. Examples:
              show                 show $2 --rows 20          show AAPL --all
            """
    )

    @Argument(help: ArgumentHelp("$N, $_ or a ticker (default: the last result).", valueName: "REF"))
    var ref: Ref?

    @Option(help: ArgumentHelp("Rows to show from each end (1 to \(NumberRange.rows.upperBound)).", valueName: "N"))
    var rows: Bounded<RowsLimit>?

    @Flag(help: "Every row.")
    var all = false
}

extension ShowCommand: LanguageCommand {
    func validate() throws {
        if all, rows != nil { throw OptionFault(message: "--rows cannot be combined with --all", option: "--rows") }
    }

    func command(_ at: Located) throws(ScriptError) -> Command {
        .show(ref, rows: all ? Int.max : rows?.value)
    }
}

struct ChartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chart",
        abstract: "Draw the close price as a line chart, sized to the terminal, or write it as an SVG file.",
        discussion: """
            Examples: chart · chart AAPL · chart $3 --height 12 · chart $3 --svg aapl.svg --width 1200 --height 500
            In a notebook run with --output, every chart is written as an SVG beside it and linked.
            """
    )

    @Argument(help: ArgumentHelp("$N, $_ or a ticker (default: the last result).", valueName: "REF"))
    var ref: Ref?

    @Option(
        help: ArgumentHelp(
            "Columns, \(NumberRange.width.lowerBound) to \(NumberRange.width.upperBound) (default: the terminal's width); "
                + "with --svg, pixels, \(NumberRange.svgWidth.lowerBound) to \(NumberRange.svgWidth.upperBound) "
                + "(default \(Int(SVGChart.defaultSize.width))).",
            valueName: "N"))
    var width: Bounded<WidthLimit>?

    @Option(
        help: ArgumentHelp(
            "Rows of the plot, \(NumberRange.height.lowerBound) to \(NumberRange.height.upperBound) (default 14); "
                + "with --svg, pixels, \(NumberRange.svgHeight.lowerBound) to \(NumberRange.svgHeight.upperBound) "
                + "(default \(Int(SVGChart.defaultSize.height))).",
            valueName: "N"))
    var height: Bounded<HeightLimit>?

    @Option(
        help: ArgumentHelp(
            "Write an SVG file instead (price and date axes, one point per candle, fallback-served days marked); "
                + "several results get -TICKER before .svg.",
            valueName: "PATH"))
    var svg: String?
}

extension ChartCommand: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command {
        let svgSize = svg != nil
        for (option, value, range, unit) in [
            (
                "--width", width?.value, svgSize ? NumberRange.svgWidth : NumberRange.width,
                svgSize ? "pixels" : "columns"
            ),
            (
                "--height", height?.value, svgSize ? NumberRange.svgHeight : NumberRange.height,
                svgSize ? "pixels" : "rows"
            ),
        ] {
            if let value, !range.contains(value) {
                throw at.error(
                    "\(option) expects a whole number from \(range.lowerBound) to \(range.upperBound) "
                        + "(\(unit)\(svgSize ? " of an SVG" : "")), got '\(value)'", at: option)
            }
        }
        return .chart(ref, width: width?.value, height: height?.value, svg: svg)
    }
}

struct QualityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality",
        abstract: "Report a result's data quality: gaps, duplicates, integrity, zero volume, jumps, basis changes.",
        discussion: "Nothing is repaired; everything is said. Example: quality AAPL"
    )

    @Argument(help: ArgumentHelp("$N, $_ or a ticker (default: the last result).", valueName: "REF"))
    var ref: Ref?
}

extension QualityCommand: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command { .quality(ref) }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write results to a CSV, JSON, NDJSON or Parquet file, with a provenance manifest beside it.",
        discussion: """
            Columns: ticker, date, open, high, low, close, volume, source, basis, factor (Parquet:
            typed, date a date, volume int64). The file is
            written atomically; PATH.manifest.json records per ticker the source, basis, attempts,
            rows, dates, simulated or live, and the file's SHA-256. Examples:
              export csv prices.csv                 the last result
              export ndjson pull.ndjson $2 $3 MSFT  several results in one file
              export parquet pull.parquet $2        for pyarrow, polars or DuckDB
              export csv closes.csv $3 --wide close one row per date, one column per ticker
            """
    )

    @Argument(help: ArgumentHelp("csv, json, ndjson or parquet.", valueName: "FORMAT"))
    var format: ExportFormat

    @Argument(help: ArgumentHelp("The file to write.", valueName: "PATH"))
    var path: FileName

    @Argument(help: ArgumentHelp("$N, $_ or tickers (default: the last result).", valueName: "REF"))
    var refs: [Ref] = []

    @Option(
        help: ArgumentHelp(
            "One row per date and one column per ticker holding this field (open, high, low, close or volume).",
            valueName: "FIELD"))
    var wide: WideField?
}

extension ExportCommand: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command {
        .export(format, path: path.path, refs: refs, wide: wide)
    }
}

struct ExpectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expect",
        abstract: "Assert something about a result; a script whose expectation fails exits with status 1.",
        discussion: """
            expect REF ok|failed|fallback
            expect REF FIELD OP VALUE     FIELD: source, candles, attempts, basis, cached
                                          OP: == != >= <= > <
            For a batch, every ticker must satisfy it. Examples:
              expect $2 ok            expect AAPL source == fmp
              expect $_ fallback      expect $3 candles >= 20
            """
    )

    @Argument(help: ArgumentHelp("REF, then a state or FIELD OP VALUE.", valueName: "WORDS"))
    var words: [String] = []
}

extension ExpectCommand: LanguageCommand {
    func command(_ at: Located) throws(ScriptError) -> Command {
        let usage = "expect needs REF and a check: expect $2 ok, or expect AAPL source == fmp"
        func error(_ message: String, _ item: Int) -> ScriptError { at.error(message, positional: 0, item: item) }
        guard let refWord = words.first else { throw at.error(usage) }
        let ref: Ref
        switch Ref.read(refWord) {
        case .success(let value): ref = value
        case .failure(let problem): throw error(problem.message, 0)
        }
        let rest = Array(words.dropFirst())
        let states = Expectation.State.allCases.map(\.rawValue)
        let fields = Expectation.Field.allCases.map(\.rawValue)
        guard let first = rest.first else { throw error(usage, 0) }
        if rest.count == 1 {
            if let field = Expectation.Field(rawValue: first.lowercased()) {
                throw error(
                    "\(field.rawValue) needs an operator and a value, e.g. expect \(refWord) \(field.rawValue) "
                        + (field.isCount ? ">= 20" : "== fmp"), 1)
            }
            guard let state = Expectation.State(rawValue: first.lowercased()) else {
                throw error(
                    Suggestion.phrase("expected ok, failed or fallback, got '\(first)'", first, states + fields), 1)
            }
            return .expect(Expectation(ref: ref, check: .state(state)))
        }
        guard let field = Expectation.Field(rawValue: first.lowercased()) else {
            throw error(
                Suggestion.phrase(
                    "unknown field '\(first)' (fields: \(fields.joined(separator: ", ")))", first, fields + states), 1)
        }
        guard rest.count == 3 else {
            throw error(
                "expected \(field.rawValue) OP VALUE, e.g. expect \(refWord) \(field.rawValue) "
                    + (field.isCount ? ">= 20" : "== fmp"), 1)
        }
        let (opWord, value) = (rest[1], rest[2])
        guard let op = Expectation.Operator(rawValue: opWord) else {
            throw error("expected an operator: == != >= <= > <, got '\(opWord)'", 2)
        }
        switch field {
        case .candles, .attempts, .cached:
            guard let n = SettingValues.wholeNumber(value), n >= 0 else {
                throw error("\(field.rawValue) is a count: expected a whole number, got '\(value)'", 3)
            }
        case .source:
            guard op == .equal || op == .notEqual else { throw error("source compares with == or !=", 2) }
            guard value.lowercased() == "none" || SourceID(rawValue: value.lowercased()) != nil else {
                throw error(
                    Suggestion.phrase("unknown source '\(value)'", value, SourceID.allValueStrings + ["none"]), 3)
            }
        case .basis:
            guard op == .equal || op == .notEqual else { throw error("basis compares with == or !=", 2) }
            guard PriceBasis(rawValue: value.lowercased()) != nil else {
                throw error(
                    Suggestion.phrase(
                        "unknown basis '\(value)' (raw, split, split+dividend)", value,
                        PriceBasis.allCases.map(\.rawValue)), 3)
            }
        }
        return .expect(Expectation(ref: ref, check: .compare(field, op, value.lowercased())))
    }
}
