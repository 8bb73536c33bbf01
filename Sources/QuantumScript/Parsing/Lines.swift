/// Splits text into lines at LF, CRLF or a lone CR, so files written on Windows read the same.
/// (Swift reads CRLF as one Character, which a split at "\n" never finds.)
enum Lines {
    static func split(_ text: String) -> [String] {
        text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }.map(String.init)
    }
}
