import Foundation
import Testing
@testable import QuantumCore

@Suite struct GrantStoreTests {
    let day = RateWindow(count: 3, length: .seconds(86_400))
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func aDayWindowIsCountedAndReleased() throws {
        let store = try SQLiteGrantStore.inMemory()
        for i in 0..<3 { #expect(try store.reserve(source: .alphavantage, windows: [day], now: t0 + Double(i)) == nil) }
        #expect(try store.reserve(source: .alphavantage, windows: [day], now: t0 + 100) == t0 + 86_400)
        #expect(try store.used(source: .alphavantage, window: day, now: t0 + 100) == 3)
        #expect(try store.reserve(source: .polygon, windows: [day], now: t0 + 100) == nil)  // per source
        #expect(try store.reserve(source: .alphavantage, windows: [day], now: t0 + 86_400) == nil)
    }

    @Test func itSurvivesARestart() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("grants-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let store = try SQLiteGrantStore(path: path)
            for i in 0..<3 { _ = try store.reserve(source: .eodhd, windows: [day], now: t0 + Double(i)) }
        }
        let reopened = try SQLiteGrantStore(path: path)
        #expect(try reopened.reserve(source: .eodhd, windows: [day], now: t0 + 10) != nil)
    }

    @Test func concurrentWritersNeverOverspend() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("grants-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let window = RateWindow(count: 25, length: .seconds(86_400))
        // Separate connections, as separate processes would have.
        let stores = try (0..<4).map { _ in try SQLiteGrantStore(path: path) }
        let granted = try await withThrowingTaskGroup(of: Int.self) { group in
            for store in stores {
                group.addTask {
                    var mine = 0
                    for i in 0..<20 where try store.reserve(source: .alphavantage, windows: [window], now: t0 + Double(i)) == nil { mine += 1 }
                    return mine
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(granted == 25)
    }
}
