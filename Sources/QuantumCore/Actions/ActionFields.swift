import Foundation

/// Reads the values of corporate-action rows as Foundation's `JSONSerialization` gives them
/// (these bodies are small: a ticker's whole history is a few hundred rows), with the
/// providers' ways of saying "none" — JSON `null`, `""` (FMP, EODHD), `"None"` (Alpha
/// Vantage) — read as absent.
enum ActionFields {
    /// The body as a JSON value; throws when it is not JSON.
    static func parse(_ body: [UInt8]) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])
    }

    /// A string that says something: nil for null, `""` and `"None"`.
    static func string(_ value: Any?) -> String? {
        guard let text = value as? String else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty || trimmed == "None" ? nil : trimmed
    }

    /// A `yyyy-mm-dd` date, or nil.
    static func date(_ value: Any?) -> TradingDate? {
        string(value).flatMap { TradingDate($0.prefix(10)) }
    }

    /// A finite number sent as a JSON number or as a numeric string (`"1.67"`); nil otherwise.
    static func number(_ value: Any?) -> Double? {
        if !(value is String), let number = value as? NSNumber {
            return number.doubleValue.isFinite ? number.doubleValue : nil
        }
        return string(value).flatMap(Double.init).flatMap { $0.isFinite ? $0 : nil }
    }

    /// The rows of a body that is an array of objects, or of the array under `key`.
    static func rows(_ value: Any, under key: String? = nil) -> [[String: Any]]? {
        if let key {
            guard let object = value as? [String: Any] else { return nil }
            return object[key] as? [[String: Any]]
        }
        return value as? [[String: Any]]
    }

    /// A provider's names for a dividend row's fields.
    struct DividendNames {
        var exDate: String
        /// The amount as declared.
        var amount: String
        var currency = "currency"
        var declaration: String
        var record: String
        var pay: String
    }

    /// A dividend row read by its provider's names into `page`; a row without an ex-date or an
    /// amount is skipped with a warning.
    static func dividend(_ row: [String: Any], _ names: DividendNames, into page: inout ActionPage) {
        guard let exDate = date(row[names.exDate]), let amount = number(row[names.amount]) else {
            page.warnings.append(
                "a dividend row without an ex-date or a declared amount (\(names.amount)) was skipped")
            return
        }
        page.actions.append(
            .dividend(
                CashDividend(
                    exDate: exDate, amount: amount, currency: string(row[names.currency]),
                    declarationDate: date(row[names.declaration]), recordDate: date(row[names.record]),
                    payDate: date(row[names.pay]))))
    }

    /// A split row into `page`: its date under `dateName` and its ratio as read; a row without
    /// either is skipped with a warning.
    static func split(_ row: [String: Any], date dateName: String, ratio: SplitRatio?, into page: inout ActionPage) {
        guard let day = date(row[dateName]), let ratio else {
            page.warnings.append("a split row without a date or ratio was skipped")
            return
        }
        page.actions.append(.split(Split(date: day, ratio: ratio)))
    }

    /// The failure for a body whose rows are not where the provider puts them.
    static func unexpected(_ response: ProviderResponse, expected: String) -> SourceFailure {
        var failure = SourceFailure(
            .badResponse, status: response.status, message: "expected \(expected): \(response.excerpt())")
        failure.retryable = false
        return failure
    }
}
