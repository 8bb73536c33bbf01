/// Stops a source's pages that never end: a `next_url` that points back at a page already read
/// (the URL, or its `cursor`, repeats), a page after the first that brings no bar not read
/// before, or more pages than `maxPages`. One guard follows the pages of one requested piece.
struct PageGuard {
    var maxPages: Int
    private var urls: Set<String> = []
    private var cursors: [String: Int] = [:]
    private var pages = 0
    /// The dates read so far, built only once a second page arrives (most answers are one page).
    private var dates: Set<TradingDate>?

    init(maxPages: Int) {
        self.maxPages = maxPages
    }

    /// Why `request` must not be sent (it repeats a page, or one page too many), or nil to send it.
    mutating func stop(before request: ProviderRequest) -> String? {
        if pages >= maxPages { return "stopped paging after \(maxPages) pages (the provider's next_url never ended)" }
        guard urls.insert(request.url).inserted else {
            return "stopped paging: next_url pointed back at a page already read (after \(pages) pages)"
        }
        if let cursor = Self.cursor(of: request.url) {
            if let page = cursors[cursor] {
                return "stopped paging: next_url repeated the cursor of page \(page) (after \(pages) pages)"
            }
            cursors[cursor] = pages + 1
        }
        pages += 1
        return nil
    }

    /// Adds a page's candles to `piece`; says why paging stops when the page brought nothing new
    /// and points at yet another page.
    mutating func read(_ candles: [Candle], into piece: inout [Candle], hasNext: Bool) -> String? {
        defer { piece.append(contentsOf: candles) }
        guard pages > 1 else { return nil }
        var seen = dates ?? Set(piece.map(\.date))
        let before = seen.count
        for candle in candles { seen.insert(candle.date) }
        let added = seen.count - before
        dates = seen
        guard added == 0, hasNext else { return nil }
        return "stopped paging: page \(pages) brought no bar not read before and pointed at another"
    }

    /// The value of a `cursor` query item, the token Polygon's `next_url` carries.
    static func cursor(of url: String) -> String? {
        guard let query = url.split(separator: "?", maxSplits: 1).dropFirst().first else { return nil }
        for item in query.split(separator: "&") where item.hasPrefix("cursor=") {
            return String(item.dropFirst("cursor=".count))
        }
        return nil
    }
}
