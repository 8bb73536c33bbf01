/// The words a candles request is made of — a ticker, a range, a source, a basis — read one way
/// for every front end: the command line (`fetch`, `batch`, `compare`, `calendar`) and the HTTP
/// API (`GET /v1/candles/{ticker}`, `POST /v1/batch`). The limits are the public constants below
/// (the OpenAPI document is built from them); each reader returns the value or a `Problem` whose
/// message follows the parameter's name as the front end spells it (`--days`, `days`):
/// `"expects a whole number from 1 to 36500, got '0'"`.
///
/// The command line takes every form (`--days 3m`, `--from ytd`); the HTTP API takes whole days
/// and dates only (`days`, `from`, `to`), as its contract types them.
public enum RequestVocabulary {
    /// The longest range in calendar days: a hundred years.
    public static let maxDays = 36_500
    /// The range when a request names none: the last 30 calendar days, today included.
    public static let defaultDays = 30
    /// How many weeks, months or years a span (`2w`, `3m`, `1y`) may count: the same hundred years.
    public static let spanLimits: [DateRange.Span: ClosedRange<Int>] = [
        .weeks: 1...5_214, .months: 1...1_200, .years: 1...100,
    ]
    /// The longest ticker, in characters.
    public static let tickerMaxLength = TickerText.maxLength
    /// The characters a ticker may hold besides ASCII letters and digits.
    public static let tickerPunctuation = ".-^="
    /// A ticker's rule in words, for messages and documentation.
    public static let tickerRule =
        "letters, digits and . - ^ =, with a letter or digit, a dot only before more of them (not AAPL. or "
        + "A..B), at most \(tickerMaxLength) characters"
    /// A ticker's rule as a regular expression (ASCII, either case), for a schema's `pattern`.
    /// (The length is the schema's `maxLength`.)
    public static let tickerPattern = "^[.^=-]*[A-Za-z0-9][A-Za-z0-9^=-]*([./][A-Za-z0-9^=-]+)*$"
    /// The date format every range date is written in.
    public static let dateFormat = "YYYY-MM-DD"
    /// `from` that means 1 January of today's year (command line only).
    public static let yearToDateWord = "ytd"
    /// The source names a request may pin, in priority order.
    public static var sourceNames: [String] { ProviderRegistry.names }
    /// The basis names a request may ask for.
    public static var basisNames: [String] { BasisPreference.requestable.map(\.rawValue) }
    /// The basis a request that names none asks for.
    public static let defaultBasis = BasisPreference.split

    /// Why a word is refused: the words that follow the parameter's name.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String

        public init(_ message: String) {
            self.message = message
        }

        public var description: String { message }
    }

    /// A ticker (`aapl`, `BRK.B`, `BHP.AU`), upper-cased and trimmed of spaces.
    public static func ticker(_ text: String) -> Result<String, Problem> {
        guard let ticker = TickerText.normalized(text) else {
            return .failure(Problem("'\(text.prefix(40))' is not a ticker (\(tickerRule))"))
        }
        return .success(ticker)
    }

    /// A whole number `range` holds, written with ASCII digits only.
    public static func whole(_ text: String, in range: ClosedRange<Int>) -> Result<Int, Problem> {
        guard let n = SettingValues.wholeNumber(text), range.contains(n) else {
            return .failure(
                Problem(
                    "expects a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text.prefix(40))'"))
        }
        return .success(n)
    }

    /// A number of calendar days, 1 to `maxDays`.
    public static func days(_ text: String) -> Result<Int, Problem> {
        whole(text, in: 1...maxDays)
    }

    /// A range's length: N days (`90`, `90d`) or a span (`2w`, `3m`, `1y`), each within a hundred years.
    /// A span's problem begins with its unit (`in months expects …`).
    public static func length(_ text: String) -> Result<DateRange, Problem> {
        let unit = text.last.map { String($0).lowercased() } ?? ""
        if unit == "d" { return days(String(text.dropLast())).map(DateRange.lastDays) }
        guard let span = DateRange.Span(rawValue: unit) else {
            guard Int(text) != nil || text.allSatisfy({ $0.isNumber || $0 == "-" }) else {
                return .failure(
                    Problem(
                        "expects a number of days (1 to \(maxDays)) or a span such as 2w, 3m, 1y, got '\(text.prefix(40))'"
                    ))
            }
            return days(text).map(DateRange.lastDays)
        }
        switch whole(String(text.dropLast()), in: spanLimits[span] ?? 1...1) {
        case .success(let n): return .success(.last(n, span))
        case .failure(let problem): return .failure(Problem("in \(span) \(problem.message)"))
        }
    }

    /// A `YYYY-MM-DD` date that exists; a well-formed date that names no day is told apart
    /// (`names no such date: '2024-02-30' (February 2024 has 29 days)`).
    public static func date(_ text: String) -> Result<TradingDate, Problem> {
        if let date = TradingDate(text) { return .success(date) }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, zip(parts, [4, 2, 2]).allSatisfy({ $0.count == $1 && $0.allSatisfy(\.isASCIIDigit) }),
            let year = Int(parts[0]), let month = Int(parts[1])
        else { return .failure(Problem("expects a date as \(dateFormat), got '\(text.prefix(40))'")) }
        guard year >= 1 else { return .failure(Problem("expects a year from 0001 to 9999, got '\(text)'")) }
        guard (1...12).contains(month) else {
            return .failure(Problem("names no such date: '\(text)' (there is no month \(month))"))
        }
        return .failure(
            Problem(
                "names no such date: '\(text)' (\(monthNames[month - 1]) \(year) "
                    + "has \(TradingDate.daysIn(month: month, year: year)) days)"))
    }

    /// A range's first day: a date, or `ytd` (nil: 1 January of today's year).
    public static func start(_ text: String) -> Result<TradingDate?, Problem> {
        if text.lowercased() == yearToDateWord { return .success(nil) }
        return date(text).map { $0 }
    }

    /// A source name, any case.
    public static func source(_ text: String) -> Result<SourceID, Problem> {
        if let id = SourceID(rawValue: text.lowercased()) { return .success(id) }
        return .failure(choice("source", text, sourceNames))
    }

    /// A basis name, any case: `raw`, `split` or `split+dividend`. `any` (each source's own
    /// basis, before every basis was computed here) is refused with why.
    public static func basis(_ text: String) -> Result<BasisPreference, Problem> {
        let name = text.lowercased()
        if let basis = BasisPreference(rawValue: name), BasisPreference.requestable.contains(basis) {
            return .success(basis)
        }
        if name == "any" {
            return .failure(
                Problem(
                    "basis 'any' is retired: every basis is computed here from the corporate actions, whichever "
                        + "source serves; ask \(basisNames.joined(separator: ", ")) (default \(defaultBasis.rawValue))")
            )
        }
        return .failure(choice("basis", text, basisNames))
    }

    /// "unknown source 'polygn' (expected polygon, fmp, …) — did you mean 'polygon'?"
    private static func choice(_ kind: String, _ text: String, _ names: [String]) -> Problem {
        Problem(
            Suggestion.phrase(
                "unknown \(kind) '\(text.prefix(40))' (expected \(names.joined(separator: ", ")))", text, names))
    }

    /// How a front end spells the range's three parameters (`--days` or `days`), for messages.
    public struct RangeNames: Sendable {
        public var days: String
        public var from: String
        public var to: String

        public init(days: String, from: String, to: String) {
            self.days = days
            self.from = from
            self.to = to
        }

        public static let options = RangeNames(days: "--days", from: "--from", to: "--to")
        public static let parameters = RangeNames(days: "days", from: "from", to: "to")
    }

    /// A problem with how a range's parameters combine, and which one is at fault.
    public struct RangeProblem: Error, Sendable, Equatable {
        public enum Parameter: Sendable, Equatable { case days, from, to }
        /// The parameter whose value is at fault (the command line's caret is under it).
        public var parameter: Parameter
        /// The other parameter the rule is about (`from` in `to needs from`), if one is: the
        /// HTTP API names it in its 400 answer.
        public var counterpart: Parameter?
        /// The whole sentence, parameters named as the front end spells them.
        public var message: String

        public init(parameter: Parameter, counterpart: Parameter? = nil, message: String) {
            self.parameter = parameter
            self.counterpart = counterpart
            self.message = message
        }
    }

    /// The range that `days` (a length), `from` (a start; nil inside for ytd) and `to` make, each
    /// already read; nil for each one absent. The rules: a length excludes dates; ytd excludes a
    /// length and `to`; `to` needs `from` and may not precede it. Nil when none is given: the
    /// front end's default (`defaultDays` for `fetch` and `/v1/candles`).
    public static func range(
        days: DateRange?, from: TradingDate??, to: TradingDate?, names: RangeNames
    ) -> Result<DateRange?, RangeProblem> {
        if case .some(.none) = from {
            guard days == nil, to == nil else {
                return .failure(
                    RangeProblem(
                        parameter: .from,
                        message:
                            "\(names.from) \(yearToDateWord) (this year through today) cannot be combined with "
                            + "\(names.days) or \(names.to)"))
            }
            return .success(.yearToDate)
        }
        if let days {
            guard from == nil, to == nil else {
                return .failure(
                    RangeProblem(
                        parameter: .days, message: "\(names.days) cannot be combined with \(names.from) or \(names.to)")
                )
            }
            return .success(days)
        }
        if case .some(.some(let from)) = from {
            if let to, to < from {
                return .failure(
                    RangeProblem(
                        parameter: .to, counterpart: .from, message: "\(names.to) \(to) is before \(names.from) \(from)"
                    ))
            }
            return .success(.dates(from: from, to: to))
        }
        guard to == nil else {
            return .failure(
                RangeProblem(parameter: .to, counterpart: .from, message: "\(names.to) needs \(names.from)"))
        }
        return .success(nil)
    }

    private static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]
}

/// A date range as a request states it; relative ranges are resolved against today when run.
public enum DateRange: Sendable, Equatable {
    /// The last N calendar days, today included (`--days 30`, `days=30`).
    case lastDays(Int)
    /// The last N weeks, months or years, today included (`--days 3m`: from the day after the
    /// same date three months ago; a date the month lacks is its last day).
    case last(Int, Span)
    /// From 1 January of today's year through today (`--from ytd`).
    case yearToDate
    /// From a date through another (today when nil).
    case dates(from: TradingDate, to: TradingDate?)

    /// The unit of a `--days` span: `1w`, `3m`, `1y` (`d`, days, is `lastDays`).
    public enum Span: String, Sendable, CaseIterable, CustomStringConvertible {
        case weeks = "w", months = "m", years = "y"

        public var description: String {
            switch self {
            case .weeks: "weeks"
            case .months: "months"
            case .years: "years"
            }
        }
    }

    public static let defaultDays = RequestVocabulary.defaultDays

    /// The first and last day, `today` being the last of a relative range.
    public func resolve(today: TradingDate) -> (from: TradingDate, to: TradingDate) {
        switch self {
        case .lastDays(let n): return (today.adding(days: -(n - 1)), today)
        case .last(let n, .weeks): return (today.adding(days: -(7 * n - 1)), today)
        case .last(let n, let span):
            let (year, month, day) = today.parts
            let months = span == .years ? 12 * n : n
            let index = year * 12 + (month - 1) - months
            let (y, m) = (index / 12, index % 12 + 1)
            let start = TradingDate(year: y, month: m, day: min(day, TradingDate.daysIn(month: m, year: y)))
            return ((start ?? today).adding(days: 1), today)
        case .yearToDate:
            return (TradingDate(year: today.parts.year, month: 1, day: 1) ?? today, today)
        case .dates(let from, let to): return (from, to ?? today)
        }
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
