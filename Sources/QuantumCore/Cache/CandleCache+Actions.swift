import Foundation

extension CandleCache {
    /// The key a ledger of `feeds` is kept under: `splits`, `dividends,splits`.
    static func feedsKey(_ feeds: Set<ActionFeed>) -> String {
        feeds.map(\.rawValue).sorted().joined(separator: ",")
    }

    /// The per-source reports of `ticker`'s corporate actions kept for a ledger covering `feeds`
    /// (one kept for more feeds serves too), read from the sources within the policy's
    /// `adjustedMaxAge` of `now` (an adjusted series is trusted as long); nil when none is kept,
    /// it is older, or it cannot be read.
    func actionReports(_ ticker: String, covering feeds: Set<ActionFeed>, now: Date) async -> [ActionReport]? {
        let keys = [Self.feedsKey(feeds), Self.feedsKey(feeds.union([.splits, .dividends]))]
        for key in Set(keys).sorted(by: { $0.count < $1.count }) {
            guard let kept = try? await store.actionReports(ticker, feeds: key),
                now.timeIntervalSince(kept.readAt) <= policy.adjustedMaxAge.seconds,
                let reports = try? JSONDecoder().decode([ActionReport].self, from: kept.body)
            else { continue }
            return reports
        }
        return nil
    }

    /// Keeps the reports a ledger of `feeds` was merged from, read at `readAt`; a store that
    /// cannot be written keeps nothing (the next ledger asks the sources again).
    func keep(_ reports: [ActionReport], ticker: String, feeds: Set<ActionFeed>, readAt: Date) async {
        guard let body = try? JSONEncoder().encode(reports) else { return }
        try? await store.keepActionReports(
            StoredActionReports(body: body, readAt: readAt), ticker: ticker, feeds: Self.feedsKey(feeds))
    }
}
