import Foundation
import QuantumCore

extension ProviderConformance {
    /// What a recorded response that is not a 200 success must be classified as.
    struct Refusal {
        var status: Int
        var outcome: Outcome
    }

    /// The recorded responses that are not a 200 success, by provider and file
    /// (`../shared/fixtures/SOURCES.md` says what each is); every other file is a success.
    static let recordedRefusals: [String: [String: Refusal]] = [
        "alphavantage": [
            "openbb_TIME_SERIES_DAILY_ADJUSTED_full_AAPL_premium_information_2023-09-18.json": Refusal(
                status: 200, outcome: .unsupported),
            "openbb_TIME_SERIES_DAILY_ADJUSTED_full_GME_premium_information_2022-03-16.json": Refusal(
                status: 200, outcome: .unsupported),
            // Intraday bars, not daily ones.
            "romeltorres_mock_TIME_SERIES_INTRADAY_1min_MSFT_2017-12-18.json": Refusal(
                status: 200, outcome: .badResponse),
        ],
        "eodhd": [
            "thoranrb_eod_BHP.AU_invalid_token_401.txt": Refusal(status: 401, outcome: .authFailed)
        ],
    ]

    /// Every recorded response of the provider is classified as recorded, and every success
    /// decodes to exactly the recorded bars, compared with an independent reading (`RecordedBars`).
    public func recordedResponses() -> [Failure] {
        let provider = descriptor.id.rawValue
        let names = Fixtures.names(provider)
        guard !names.isEmpty else {
            return [Failure(check: "recorded", detail: "no recorded responses in ../shared/fixtures/\(provider)")]
        }
        var failures: [Failure] = []
        for name in names {
            func fail(_ detail: String) { failures.append(Failure(check: "recorded \(name)", detail: detail)) }
            guard let body = try? Fixtures.bytes(provider, name) else {
                fail("cannot be read")
                continue
            }
            let refusal = Self.recordedRefusals[provider]?[name]
            switch (interpret(status: refusal?.status ?? 200, body: body), refusal) {
            case (.failure(let failure), let refusal?):
                if failure.outcome != refusal.outcome || failure.status != refusal.status {
                    fail(
                        "\(failure.outcome.rawValue) (\(failure.status.map(String.init) ?? "no status")); recorded "
                            + "as \(refusal.outcome.rawValue) (\(refusal.status))"
                    )
                }
            case (.success, let refusal?):
                fail("decoded as a success; recorded as \(refusal.outcome.rawValue)")
            case (.failure(let failure), nil):
                fail("\(failure.outcome.rawValue): \(failure.message); recorded as a success")
            case (.success(let page), nil):
                failures += RecordedBars.compare(page.candles, with: body).map {
                    Failure(check: "recorded \(name)", detail: $0)
                }
            }
        }
        return failures
    }
}
