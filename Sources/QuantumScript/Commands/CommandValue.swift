import ArgumentParser
import Foundation
import QuantumCore

/// Reads a declared argument's word into the declared type, whatever wraps it (optional,
/// repeated): what the parser asks of each value before ArgumentParser takes the line.
protocol ValueReader: SendableMetatype {
    /// Why `text` is no value of the type, or nil when it is one.
    static func problem(_ text: String) -> RequestVocabulary.Problem?
    /// Whether a problem's message stands alone (`'É' is not a ticker`) rather than after the
    /// option's or command's name (`--days expects …`).
    static var namesItself: Bool { get }
    /// What TAB offers for a value of the type.
    static var completion: ValueCompletion { get }
}

/// What TAB offers for a declared value besides its type's listed values (`allValueStrings`).
enum ValueCompletion: Sendable {
    case nothing, tickers, references, paths
}

/// A value a command declares by its type (`@Option var days: RangeLength?`): read from the one
/// word it was given, so the parser can refuse a bad value at that word's token, and help,
/// completion and ArgumentParser all know the same type.
protocol CommandValue: ExpressibleByArgument, ValueReader {
    /// The value `text` spells, or why not (see `namesItself`).
    static func read(_ text: String) -> Result<Self, RequestVocabulary.Problem>
}

extension CommandValue {
    init?(argument: String) {
        guard case .success(let value) = Self.read(argument) else { return nil }
        self = value
    }

    static func problem(_ text: String) -> RequestVocabulary.Problem? {
        guard case .failure(let problem) = read(text) else { return nil }
        return problem
    }

    static var namesItself: Bool { false }
    static var completion: ValueCompletion { .nothing }
}

extension Optional: ValueReader where Wrapped: CommandValue {
    static func problem(_ text: String) -> RequestVocabulary.Problem? { Wrapped.problem(text) }
    static var namesItself: Bool { Wrapped.namesItself }
    static var completion: ValueCompletion { Wrapped.completion }
}

extension Array: ValueReader where Element: CommandValue {
    static func problem(_ text: String) -> RequestVocabulary.Problem? { Element.problem(text) }
    static var namesItself: Bool { Element.namesItself }
    static var completion: ValueCompletion { Element.completion }
}

/// A ticker as typed (`aapl`, `BRK.B`), upper-cased.
struct Ticker: CommandValue, Equatable {
    var text: String

    static func read(_ text: String) -> Result<Ticker, RequestVocabulary.Problem> {
        RequestVocabulary.ticker(text).map(Ticker.init)
    }

    static var namesItself: Bool { true }
    static var completion: ValueCompletion { .tickers }
}

/// `--days N` or a span (`2w`, `3m`, `1y`).
struct RangeLength: CommandValue {
    var range: DateRange

    static func read(_ text: String) -> Result<RangeLength, RequestVocabulary.Problem> {
        RequestVocabulary.length(text).map(RangeLength.init)
    }
}

/// `--from DATE` or `--from ytd` (a nil date).
struct RangeStart: CommandValue {
    var date: TradingDate?

    static func read(_ text: String) -> Result<RangeStart, RequestVocabulary.Problem> {
        RequestVocabulary.start(text).map(RangeStart.init)
    }
}

extension TradingDate: CommandValue {
    public init?(argument: String) {
        guard case .success(let date) = Self.read(argument) else { return nil }
        self = date
    }

    static func read(_ text: String) -> Result<TradingDate, RequestVocabulary.Problem> {
        RequestVocabulary.date(text)
    }
}

/// The documented range of a number a command takes (`NumberRange`).
protocol NumberLimit: SendableMetatype {
    static var range: ClosedRange<Int> { get }
}

/// A whole number within its limit: a value outside is refused at its word, so no input reaches
/// arithmetic that could overflow.
struct Bounded<Limit: NumberLimit>: CommandValue {
    var value: Int

    static func read(_ text: String) -> Result<Bounded, RequestVocabulary.Problem> {
        RequestVocabulary.whole(text, in: Limit.range).map(Bounded.init)
    }
}

enum RowsLimit: NumberLimit { static var range: ClosedRange<Int> { NumberRange.rows } }
enum WidthLimit: NumberLimit { static var range: ClosedRange<Int> { NumberRange.anyWidth } }
enum HeightLimit: NumberLimit { static var range: ClosedRange<Int> { NumberRange.anyHeight } }
enum ConcurrencyLimit: NumberLimit { static var range: ClosedRange<Int> { NumberRange.concurrency } }
enum HistoryLimit: NumberLimit { static var range: ClosedRange<Int> { NumberRange.historyLast } }

/// `--tolerance 0.5%` or `0.01`: 0 to 50 %.
struct Tolerance: CommandValue {
    var fraction: Double

    static func read(_ text: String) -> Result<Tolerance, RequestVocabulary.Problem> {
        let value = text.hasSuffix("%") ? Double(text.dropLast()).map { $0 / 100 } : Double(text)
        guard let value, value.isFinite, value >= 0, value <= 0.5 else {
            return .failure(.init("expects 0 to 50%, e.g. 0.5% or 0.01, got '\(text)'"))
        }
        return .success(Tolerance(fraction: value))
    }
}

/// Comma-separated source names, each once (`polygon,fmp`); an unknown name gets the nearest one.
struct SourceList: CommandValue {
    var ids: [SourceID]

    static func read(_ text: String) -> Result<SourceList, RequestVocabulary.Problem> {
        let names = ProviderRegistry.names
        var ids: [SourceID] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = part.trimmingCharacters(in: .whitespaces)
            guard let id = SourceID(rawValue: name.lowercased()) else {
                let message =
                    name.isEmpty
                    ? "an empty source name in '\(text)' (names from \(names.joined(separator: ", ")), comma-separated)"
                    : "unknown source '\(name)' in '\(text)' (expected \(names.joined(separator: ", ")))"
                return .failure(.init(Suggestion.phrase(message, name, names)))
            }
            guard !ids.contains(id) else {
                return .failure(.init("\(id.rawValue) is listed twice in '\(text)'; list each source once"))
            }
            ids.append(id)
        }
        return .success(SourceList(ids: ids))
    }

    static var namesItself: Bool { true }
}

extension Ref: CommandValue {
    public init?(argument: String) {
        guard case .success(let ref) = Self.read(argument) else { return nil }
        self = ref
    }

    /// `$N`, `$-N`, `$_` or a ticker.
    static func read(_ word: String) -> Result<Ref, RequestVocabulary.Problem> {
        if word == "$_" { return .success(.last) }
        if word.hasPrefix("$-") {
            guard let n = SettingValues.wholeNumber(word.dropFirst(2)), n >= 1 else {
                return .failure(.init("expected a relative reference such as $-1 (the previous cell), got '\(word)'"))
            }
            return .success(.back(n))
        }
        if word.hasPrefix("$") {
            guard let n = SettingValues.wholeNumber(word.dropFirst()), n >= 1 else {
                return .failure(
                    .init(
                        "expected a reference such as $2 (a cell number), $-1 (the previous cell), $_ (the last result) "
                            + "or a ticker, got '\(word)'"))
            }
            return .success(.cell(n))
        }
        return RequestVocabulary.ticker(word).map(Ref.ticker)
    }

    static var namesItself: Bool { true }
    static var completion: ValueCompletion { .references }
}

/// A file name as written; an empty one (`""`) is refused at its word.
struct FileName: CommandValue {
    var path: String

    static func read(_ text: String) -> Result<FileName, RequestVocabulary.Problem> {
        guard text.trimmingCharacters(in: .whitespaces).isEmpty else { return .success(FileName(path: text)) }
        return .failure(.init("needs a file name, got an empty one"))
    }

    static var completion: ValueCompletion { .paths }
}

/// `on` or `off` (also true/false, yes/no, 1/0).
struct OnOff: CommandValue {
    var on: Bool

    static func read(_ text: String) -> Result<OnOff, RequestVocabulary.Problem> {
        guard let on = SettingValues.bool(text) else { return .failure(.init("expects on or off, got '\(text)'")) }
        return .success(OnOff(on: on))
    }
}

/// `set timeout 2s`: a duration from 1ms to 1h, as people write it (`500ms`, `1.5s`, `2m`).
struct TimeoutValue: CommandValue {
    var duration: Duration

    static func read(_ text: String) -> Result<TimeoutValue, RequestVocabulary.Problem> {
        guard let duration = SettingValues.duration(text), NumberRange.timeout.contains(duration) else {
            return .failure(.init("expects a duration from 1ms to 1h such as 2s or 500ms, got '\(text)'"))
        }
        return .success(TimeoutValue(duration: duration))
    }
}

/// Rate-limit windows: `4/s`, `5/min,25/day`.
struct RateLimits: CommandValue {
    var windows: [RateWindow]

    static func read(_ spec: String) -> Result<RateLimits, RequestVocabulary.Problem> {
        if spec.split(separator: ",", omittingEmptySubsequences: false).contains(where: \.isEmpty) {
            return .failure(
                .init(
                    "limits are N/unit items separated by single commas (5/min,25/day); '\(spec)' has an empty item"))
        }
        guard let windows = RateWindow.list(spec) else {
            return .failure(
                .init(
                    "expected limits such as 4/s or 5/min,25/day (N from 1 to \(RateWindow.maxCount); units: s, min, h, "
                        + "day), got '\(spec)'"))
        }
        return .success(RateLimits(windows: windows))
    }

    static var namesItself: Bool { true }
}
