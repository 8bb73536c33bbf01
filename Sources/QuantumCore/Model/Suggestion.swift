/// "Did you mean …?" for a mistyped word: the one candidate it begins (`split+div` for
/// `split+dividend`), else the closest within a small edit distance.
public enum Suggestion {
    public static func closest(to word: String, in candidates: [String]) -> String? {
        let word = word.lowercased()
        let continued = candidates.filter { $0.lowercased().hasPrefix(word) }
        if word.count >= 3, continued.count == 1 { return continued[0] }
        let scored = candidates.map { ($0, distance(word, $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        let limit = max(1, min(3, word.count / 3 + 1))
        return best.1 <= limit ? best.0 : nil
    }

    /// Damerau–Levenshtein distance (optimal string alignment), so `fecth` is one step from `fetch`.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }

    /// `message — did you mean 'x'?` when there is a close candidate.
    public static func phrase(_ message: String, _ word: String, _ candidates: [String]) -> String {
        guard let near = closest(to: word, in: candidates) else { return message }
        return "\(message) — did you mean '\(near)'?"
    }
}
