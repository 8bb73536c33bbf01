/// Reads a ticker file: tickers separated by spaces, commas or lines; `#` starts a comment.
enum TickerList {
    static func parse(_ text: String) -> [String] {
        Lines.split(text).flatMap { line in
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            return content.split { $0 == " " || $0 == "," || $0 == "\t" }.map(String.init)
        }
    }
}
