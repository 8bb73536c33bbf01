import Foundation
import Synchronization

/// The exchange calendars in use: the data the binary carries (`ExchangeCalendarData`), or a
/// newer file of the same format a user put at `$XDG_CONFIG_HOME/quantum/calendars.txt` (made by
/// `scripts/calendars/generate.py --text FILE`, installed by `quantum calendar update FILE`).
///
/// Records are parsed the first time their exchange is asked for.
public final class ExchangeCalendars: Sendable {
    /// Where the data comes from: the source library, its version and the date it was generated.
    public let provenance: String
    /// "built in", or the path of the user's file.
    public let origin: String
    /// Every exchange with sessions of its own, by MIC, and the records not parsed yet.
    private let records: [String: Substring]
    /// Exchanges that trade on another's sessions: their MIC, that exchange's, name and why.
    public let aliases: [String: Alias]
    private let parsed = Mutex<[String: ExchangeCalendar]>([:])

    /// An exchange on another's sessions.
    public struct Alias: Sendable, Equatable {
        public var mic: String
        public var sameAs: String
        public var name: String
        public var why: String
    }

    /// What is wrong with a calendar file: the line and what it lacks.
    public struct FormatError: Error, CustomStringConvertible {
        public var line: Int
        public var problem: String
        public var description: String { "line \(line): \(problem)" }
    }

    /// Reads `text`; `origin` says where it came from. Every record is checked when `checked`
    /// (a user's file); the built-in data's records are parsed when first used (a test reads
    /// them all).
    public init(text: String, origin: String, checked: Bool = true) throws(FormatError) {
        var provenance = "unknown source"
        var records: [String: Substring] = [:]
        var aliases: [String: Alias] = [:]
        var sawHeader = false
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = line.hasSuffix("\r") ? line.dropLast() : line
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                if line == "# quantum exchange calendars v1" { sawHeader = true }
                if line.hasPrefix("# source: ") { provenance = String(line.dropFirst("# source: ".count)) }
                continue
            }
            let fields = line.split(separator: "|", omittingEmptySubsequences: false)
            switch fields.first {
            case "X" where fields.count == 11 || fields.count == 12:
                if checked, Self.parse(fields) == nil {
                    throw FormatError(line: index + 1, problem: "\(fields[1]): a field does not read")
                }
                records[String(fields[1])] = line
            case "A" where fields.count == 5:
                aliases[String(fields[1])] = Alias(
                    mic: String(fields[1]), sameAs: String(fields[2]), name: String(fields[3]), why: String(fields[4]))
            default:
                throw FormatError(line: index + 1, problem: "a record starts with X or A")
            }
        }
        guard sawHeader else {
            throw FormatError(line: 1, problem: "the first line is '# quantum exchange calendars v1'")
        }
        guard records["XNYS"] != nil else { throw FormatError(line: 1, problem: "it has no XNYS record") }
        for alias in aliases.values where records[alias.sameAs] == nil {
            throw FormatError(line: 1, problem: "\(alias.mic) follows \(alias.sameAs), which the file does not have")
        }
        self.provenance = provenance
        self.origin = origin
        self.records = records
        self.aliases = aliases
    }

    /// The data the binary carries.
    public static let builtIn: ExchangeCalendars = {
        do {
            return try ExchangeCalendars(text: ExchangeCalendarData.text, origin: "built in", checked: false)
        } catch {
            fatalError("the built-in calendar data does not read: \(error)")
        }
    }()

    private static let inUse = Mutex<ExchangeCalendars?>(nil)

    /// The calendars every listing uses: the user's file once `useUserFile` found one, else the
    /// built-in data.
    public static var current: ExchangeCalendars { inUse.withLock { $0 } ?? builtIn }

    /// `$XDG_CONFIG_HOME/quantum/calendars.txt`, else `~/.config/quantum/calendars.txt`.
    public static func userFilePath(environment: [String: String]) -> String? {
        let base =
            environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["HOME"].map { $0 + "/.config" }
        return base.map { $0 + "/quantum/calendars.txt" }
    }

    /// Uses the user's calendar file when there is one. Returns a warning when it exists but
    /// cannot be read or used (the built-in data is used then); nil otherwise.
    @discardableResult
    public static func useUserFile(environment: [String: String]) -> String? {
        switch userFile(environment: environment) {
        case .success(let calendars):
            if let calendars { use(calendars) }
            return nil
        case .failure(let problem):
            return problem.message
        }
    }

    /// The user's calendar file, read and checked; nil when there is none.
    public static func userFile(environment: [String: String]) -> Result<ExchangeCalendars?, UserFileProblem> {
        guard let path = userFilePath(environment: environment), FileManager.default.fileExists(atPath: path) else {
            return .success(nil)
        }
        do {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            return .success(try ExchangeCalendars(text: text, origin: path))
        } catch {
            return .failure(UserFileProblem(message: "\(path): \(error); the built-in calendars are used"))
        }
    }

    /// Why the user's calendar file is not used, or a file cannot be installed.
    public struct UserFileProblem: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// "no such file", "is a folder", or "cannot be read", for a path that did not read.
    static func unreadable(_ path: String) -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return "no such file" }
        return isFolder.boolValue ? "is a folder, not a calendar file" : "cannot be read"
    }

    /// Uses `calendars` for every listing (tests, and `calendar update`).
    public static func use(_ calendars: ExchangeCalendars?) {
        inUse.withLock { $0 = calendars }
        NYSECalendar.forgetYears()
    }

    /// Checks the calendar file at `path` and copies it to the user's calendar file (replacing
    /// one there), for `use` now and `useUserFile` in every later process. Returns the calendars;
    /// throws what is wrong with the file, or why it could not be copied.
    /// A file must have every exchange the data in use has (a newer file adds, never drops).
    public static func install(from path: String, environment: [String: String]) throws -> ExchangeCalendars {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw UserFileProblem(message: Self.unreadable(path))
        }
        guard let destination = userFilePath(environment: environment) else {
            throw UserFileProblem(message: "no config folder: neither XDG_CONFIG_HOME nor HOME is set")
        }
        let candidate = try ExchangeCalendars(text: text, origin: path)
        let dropped = current.mics.filter { candidate.calendar($0) == nil }
        guard dropped.isEmpty else {
            throw UserFileProblem(
                message:
                    "it lacks \(dropped.count) of the \(current.mics.count) exchanges in use (first \(dropped[0])); "
                    + "a newer calendar file has every one")
        }
        let folder = (destination as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: destination), options: .atomic)
        return try ExchangeCalendars(text: text, origin: destination)
    }

    /// Every exchange with sessions of its own, and those on another's, by MIC.
    public var mics: [String] { (Array(records.keys) + Array(aliases.keys)).sorted() }

    /// The calendar of `mic` (an alias gives the sessions of the exchange it follows, under its
    /// own code and name); nil when the data has no such exchange.
    public func calendar(_ mic: String) -> ExchangeCalendar? {
        if let known = parsed.withLock({ $0[mic] }) { return known }
        let calendar: ExchangeCalendar?
        if let alias = aliases[mic], let same = self.calendar(alias.sameAs) {
            calendar = ExchangeCalendar(
                mic: mic, name: alias.name, timeZone: same.timeZone, first: same.first, last: same.last,
                source: "\(same.source), on \(same.mic)'s sessions",
                tradesOnWeekday: same.tradesOnWeekday, holidays: same.holidays, extraSessions: same.extraSessions,
                regularCloses: same.regularCloses, specialCloses: same.specialCloses)
        } else if let record = records[mic] {
            calendar = Self.parse(record.split(separator: "|", omittingEmptySubsequences: false))
        } else {
            calendar = nil
        }
        if let calendar { parsed.withLock { $0[mic] = calendar } }
        return calendar
    }

    /// One `X` record; nil when a field does not read.
    static func parse(_ fields: [Substring]) -> ExchangeCalendar? {
        guard fields.count == 11 || fields.count == 12, let first = TradingDate(fields[4]),
            let last = TradingDate(fields[5]), first <= last,
            fields[6].count == 7, fields[6].allSatisfy({ $0 == "0" || $0 == "1" })
        else { return nil }
        // Monday first in the file; Sunday first in `TradingDate.weekday`.
        let mask = fields[6].map { $0 == "1" }
        let weekdays = [mask[6]] + mask[0..<6]
        var regular: [(since: Int32, minutes: Int)] = []
        for item in fields[7].split(separator: ";") {
            let parts = item.split(separator: "=")
            guard parts.count == 2, let since = TradingDate(parts[0]), let minutes = clockMinutes(parts[1]) else {
                return nil
            }
            regular.append((since.daysSinceEpoch, minutes))
        }
        let before = first.daysSinceEpoch - 1
        guard !regular.isEmpty, let holidays = days(fields[8], after: before),
            let extras = days(fields[9], after: before)
        else { return nil }
        var special: [(day: Int32, minutes: Int)] = []
        var day = before
        for item in fields[10].split(separator: ",") {
            let parts = item.split(separator: ":")
            guard parts.count == 2, let gap = Int32(parts[0], radix: 36), let minutes = clockMinutes(parts[1]) else {
                return nil
            }
            day += gap
            special.append((day, minutes))
        }
        return ExchangeCalendar(
            mic: String(fields[1]), name: String(fields[2]), timeZone: String(fields[3]), first: first, last: last,
            source: fields.count == 12 ? String(fields[11]) : "unknown",
            tradesOnWeekday: weekdays, holidays: holidays, extraSessions: extras, regularCloses: regular,
            specialCloses: special)
    }

    /// Base-36 day gaps from `before`, as ascending day numbers.
    private static func days(_ field: Substring, after before: Int32) -> [Int32]? {
        var day = before
        var out: [Int32] = []
        for gap in field.split(separator: ",") {
            guard let n = Int32(gap, radix: 36), n > 0 else { return nil }
            day += n
            out.append(day)
        }
        return out
    }

    /// `HHMM` as minutes after midnight.
    private static func clockMinutes(_ text: Substring) -> Int? {
        guard text.count == 4, let value = Int(text), value % 100 < 60, value / 100 < 48 else { return nil }
        return value / 100 * 60 + value % 100
    }
}
