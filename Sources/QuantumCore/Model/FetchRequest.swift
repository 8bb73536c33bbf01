/// What a fetch was asked for: a ticker over a closed date range, the basis preferred, and the
/// one source it is pinned to (no fallback), if any. A result keeps its request, so what it
/// means (a basis change, a fallback) never depends on who reads it.
public struct FetchRequest: Sendable, Equatable, Hashable {
    /// The ticker as the user wrote it, upper-cased (`AAPL`, `BRK.B`, `BHP.AU`).
    public let ticker: String
    /// The listing the ticker names (parsed once: every source is asked whether it serves it).
    public let listing: Listing
    /// The calendar the requested listing trades on (worked out once, from the ticker).
    public let calendar: ListingCalendar
    public var from: TradingDate
    public var to: TradingDate
    public var basis: BasisPreference
    /// Only this source is asked, and its answer is final.
    public var pinned: SourceID?
    /// False to skip reading the cache (what is fetched is still kept): `--no-cache`.
    public var readsCache: Bool
    /// Keep the bar of a session still open (marked in a note): `--partial`.
    public var keepsUnfinished: Bool
    /// Wait for a slot when every source is at its limit (false: pass, as if none could serve).
    var waitsForSlot = true
    /// The bars are put on a basis from the ledger after this fetch (a derived basis): the
    /// cache's split-adjusted bars are then trusted as long as raw ones, since the day each was
    /// served says which splits it carries (`VendorCheck.splitsCarried`).
    var derivesOnRead = false
    /// The longest a fetch waits for a rate-limit slot when every source is at its limit; past
    /// it the fetch fails at once, its result saying when a slot frees (`slotFreesIn`). Nil
    /// waits as long as it takes (the command line); `quantum serve` bounds it (`max_wait`).
    public var maxWait: Duration?

    public init(
        ticker: String, from: TradingDate, to: TradingDate, basis: BasisPreference = .native, pinned: SourceID? = nil,
        readsCache: Bool = true, keepsUnfinished: Bool = false
    ) {
        self.ticker = ticker.uppercased()
        self.listing = Listing(ticker: self.ticker)
        self.calendar = ListingCalendar(listing: listing)
        // No listing's daily bars go back further: days before are neither asked for nor missing
        // (a range wholly before is left as asked: it has no session).
        self.from = to < Self.earliest ? from : max(from, Self.earliest)
        self.to = to
        self.basis = basis
        self.pinned = pinned
        self.readsCache = readsCache
        self.keepsUnfinished = keepsUnfinished
    }

    /// The earliest day a request covers, 1900-01-01: a range starting before starts here (the
    /// result's `from` says so), so an unknown ticker asked from year 1 lists no half-million
    /// missing days.
    public static let earliest = TradingDate(year: 1900, month: 1, day: 1)!

    /// The query a source is asked: this request's ticker, range and basis.
    public var query: BarQuery { BarQuery(ticker: ticker, from: from, to: to, basis: basis) }
}
