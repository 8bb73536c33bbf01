import Foundation
import Synchronization

/// A candle store that lives as long as the process: simulated sessions (their bars never mix
/// with providers' data) and tests.
public final class MemoryCandleStore: CandleStore {
    public var holdsInMemory: Bool { true }

    private let state = Mutex([SeriesKey: StoredSeries]())
    private let actions = Mutex([String: [String: StoredActionReports]]())

    public init() {}

    public func series(_ key: SeriesKey) async throws -> StoredSeries {
        state.withLock { $0[key] } ?? StoredSeries()
    }

    public func replace(
        _ key: SeriesKey, with candles: [Candle], covering first: TradingDate, through last: TradingDate,
        fetchedAt: Date
    ) async throws {
        guard first <= last else { return }
        state.withLock { all in
            var series = all[key] ?? StoredSeries()
            let kept = series.candles.filter { $0.date < first || $0.date > last }
            let added = candles.filter { $0.date >= first && $0.date <= last }
            series.candles = (kept + added).sorted { $0.date < $1.date }
            series.ranges.removeAll { $0.first >= first && $0.last <= last }
            series.ranges.append(CoverageRange(first: first, last: last, fetchedAt: fetchedAt))
            all[key] = series
        }
    }

    public func remove(_ key: SeriesKey) async throws {
        _ = state.withLock { $0.removeValue(forKey: key) }
    }

    public func stats() async throws -> CacheStats {
        state.withLock { all in
            var perSource: [SourceID: (candles: Int, tickers: Set<String>, first: TradingDate, last: TradingDate)] = [:]
            for (key, series) in all {
                guard let first = series.candles.first?.date, let last = series.candles.last?.date else { continue }
                var entry = perSource[key.source] ?? (0, [], first, last)
                entry.candles += series.candles.count
                entry.tickers.insert(key.ticker)
                entry.first = min(entry.first, first)
                entry.last = max(entry.last, last)
                perSource[key.source] = entry
            }
            let tickers = Set(all.filter { !$0.value.candles.isEmpty }.map(\.key.ticker)).count
            let sources = perSource.keys.sorted().compactMap { id in
                perSource[id].map {
                    CacheStats.Source(
                        source: id, candles: $0.candles, tickers: $0.tickers.count, first: $0.first, last: $0.last)
                }
            }
            return CacheStats(tickers: tickers, bytes: 0, sources: sources)
        }
    }

    public func actionReports(_ ticker: String, feeds: String) async throws -> StoredActionReports? {
        actions.withLock { $0[ticker]?[feeds] }
    }

    public func keepActionReports(_ reports: StoredActionReports, ticker: String, feeds: String) async throws {
        actions.withLock { $0[ticker, default: [:]][feeds] = reports }
    }

    public func clear(ticker: String?) async throws -> Int {
        actions.withLock { all in
            if let ticker { all[ticker] = nil } else { all.removeAll() }
        }
        return state.withLock { all in
            let gone = all.filter { ticker == nil || $0.key.ticker == ticker }
            for key in gone.keys { all[key] = nil }
            return gone.values.reduce(0) { $0 + $1.candles.count }
        }
    }
}
