import Foundation

/// Something the engine's governor or orchestrator says happened, as a value: which source,
/// what kind, and the facts. Front ends decide what to do with it (the REPL prints `message`,
/// `serve` logs it and counts it by `kind`); nothing decides anything on its text.
public enum EngineEvent: Sendable, Equatable {
    /// The source's API key was refused (401/403, or the provider's words for it): it is not
    /// asked again this session. `reason` is the provider's message (redacted).
    case keyRefused(SourceID, reason: String)
    /// `failures` transport or server failures in a row opened the source's circuit for `cooldown`.
    case circuitOpened(SourceID, cooldown: Duration, failures: Int)
    /// A probe after the cool-down was answered: the source's circuit is closed again.
    case circuitClosed(SourceID)
    /// The provider said the source's quota is spent: it is not asked until `until` (wall
    /// time; `at` is when this was said, for the "in 9h 12m" of the message).
    case quotaSpent(SourceID, reason: String, until: Date, at: Date)
    /// The shared quota ledger could not be read or written (said once, until it answers again):
    /// requests it must count are not sent meanwhile.
    case ledgerUnreadable(reason: String)
    /// Every source a request may go to is at its limit: it waits `wait` (more than a second)
    /// for a slot. Said as it happens, at most once every 5 seconds.
    case waitingForSlot([SourceID], wait: Duration)
    /// The cache forgot a series whose cached bars jump like a split against freshly fetched
    /// ones (the source re-adjusted its history): it is fetched whole next time.
    case seriesForgotten(ticker: String, source: SourceID, basis: PriceBasis)

    /// What kind of event, for a log's metadata and a metric's label.
    public enum Kind: String, Sendable, CaseIterable {
        case keyRefused = "key_refused"
        case circuitOpened = "circuit_opened"
        case circuitClosed = "circuit_closed"
        case quotaSpent = "quota_spent"
        case ledgerUnreadable = "ledger_unreadable"
        case waitingForSlot = "waiting_for_slot"
        case seriesForgotten = "series_forgotten"
    }

    public var kind: Kind {
        switch self {
        case .keyRefused: .keyRefused
        case .circuitOpened: .circuitOpened
        case .circuitClosed: .circuitClosed
        case .quotaSpent: .quotaSpent
        case .ledgerUnreadable: .ledgerUnreadable
        case .waitingForSlot: .waitingForSlot
        case .seriesForgotten: .seriesForgotten
        }
    }

    /// The sources it is about: one, the candidates of a wait, or none (the ledger).
    public var sources: [SourceID] {
        switch self {
        case .keyRefused(let id, _), .circuitOpened(let id, _, _), .circuitClosed(let id), .quotaSpent(let id, _, _, _):
            [id]
        case .seriesForgotten(_, let id, _): [id]
        case .waitingForSlot(let ids, _): ids
        case .ledgerUnreadable: []
        }
    }

    /// Whether a command's cell keeps it as a notice (printed once after the command, kept in a
    /// notebook's cell): a refused key, an opened circuit, a spent quota, an unreadable ledger.
    /// A wait is said as it happens instead; a closed circuit and a forgotten series are only
    /// logged and counted.
    public var isNotice: Bool {
        switch self {
        case .keyRefused, .circuitOpened, .quotaSpent, .ledgerUnreadable: true
        case .waitingForSlot, .circuitClosed, .seriesForgotten: false
        }
    }

    /// The message for the log `quantum serve` writes: as `message`, without what a person at a
    /// terminal may do (a wait's "Ctrl-C to stop"), and a refused key set aside as a server does.
    public var logMessage: String {
        switch self {
        case .waitingForSlot(let ids, let wait):
            return "waiting \(DurationText.human(wait)) for \(Self.slot(at: ids))"
        case .keyRefused(let id, let reason):
            return "\(id.rawValue): the API key was refused (\(reason)); it is set aside until its cool-down ends or "
                + "POST /v1/sources/\(id.rawValue)/enable"
        default:
            return message
        }
    }

    /// Whether it is said as it happens, to a person waiting (a wait for a slot).
    public var isSaidAsItHappens: Bool {
        if case .waitingForSlot = self { return true }
        return false
    }

    /// The sentence a person reads: "polygon: the API key was refused (Unknown API Key); it is
    /// not asked again this session".
    public var message: String {
        switch self {
        case .keyRefused(let id, let reason):
            "\(id.rawValue): the API key was refused (\(reason)); it is not asked again this session"
        case .circuitOpened(let id, let cooldown, let failures):
            "\(id.rawValue): circuit open for \(SettingValues.text(cooldown)) after \(failures) failures in a row; "
                + "other sources serve meanwhile"
        case .circuitClosed(let id):
            "\(id.rawValue): circuit closed: a probe was answered, the source is asked again"
        case .quotaSpent(let id, let reason, let until, let at):
            "\(id.rawValue): its quota is spent (\(reason)); not asked until \(SourceGovernor.resetText(until, from: at))"
        case .ledgerUnreadable(let reason):
            "the quota ledger cannot be read (\(reason)); requests it must count are not sent until it answers again"
        case .waitingForSlot(let ids, let wait):
            "waiting \(DurationText.human(wait)) for \(Self.slot(at: ids)) — Ctrl-C to stop"
        case .seriesForgotten(let ticker, let id, let basis):
            "the cache forgot \(ticker) from \(id.rawValue) (\(basis.rawValue)): its cached bars jump like a split "
                + "against the bars just fetched (re-adjusted); the whole series is fetched next time"
        }
    }

    /// "a polygon slot", "an eodhd slot", "a slot at polygon, eodhd (each is at its limit)".
    private static func slot(at ids: [SourceID]) -> String {
        let names = ids.map(\.rawValue).joined(separator: ", ")
        let article = names.first.map { "aeiou".contains($0) } == true ? "an" : "a"
        return ids.count == 1 ? "\(article) \(names) slot" : "a slot at \(names) (each is at its limit)"
    }
}
