import Foundation

extension CandleCache {
    /// The key a ledger of `feeds` is kept under: `splits`, `dividends,splits`.
    static func feedsKey(_ feeds: Set<ActionFeed>) -> String {
        feeds.map(\.rawValue).sorted().joined(separator: ",")
    }

    /// The per-source reports of `ticker`'s corporate actions kept for a ledger covering `feeds`
    /// (one kept for more feeds serves too: a derived basis's, or every feed as `actions` keeps
    /// them), read from the sources within the policy's `adjustedMaxAge` of `now` (an adjusted
    /// series is trusted as long); of several, the one from the most sources (then the latest):
    /// the ledger `actions` merged from every source outvotes one source's. Nil when none is
    /// kept, it is older, or it cannot be read.
    func actionReports(_ ticker: String, covering feeds: Set<ActionFeed>, now: Date) async -> [ActionReport]? {
        let keys = Set([
            Self.feedsKey(feeds), Self.feedsKey(feeds.union([.splits, .dividends])),
            Self.feedsKey(Set(ActionFeed.allCases)),
        ])
        var best: (reports: [ActionReport], readAt: Date)?
        for key in keys.sorted(by: { $0.count < $1.count }) {
            guard let kept = try? await store.actionReports(ticker, feeds: key),
                now.timeIntervalSince(kept.readAt) <= policy.adjustedMaxAge.seconds,
                let reports = try? JSONDecoder().decode([ActionReport].self, from: kept.body),
                reports.contains(where: { $0.feeds.isSuperset(of: feeds) })
            else { continue }
            if let found = best,
                (found.reports.count, found.readAt) >= (reports.count, kept.readAt)
            {
                continue
            }
            best = (reports, kept.readAt)
        }
        return best?.reports
    }

    /// Keeps the reports a ledger of `feeds` was merged from, read at `readAt`; a store that
    /// cannot be written keeps nothing (the next ledger asks the sources again).
    func keep(_ reports: [ActionReport], ticker: String, feeds: Set<ActionFeed>, readAt: Date) async {
        guard let body = try? JSONEncoder().encode(reports) else { return }
        try? await store.keepActionReports(
            StoredActionReports(body: body, readAt: readAt), ticker: ticker, feeds: Self.feedsKey(feeds))
    }
}
