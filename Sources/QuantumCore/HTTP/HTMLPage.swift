import Foundation

/// A body that is an HTML page where JSON was expected — a CDN's or a proxy's error page
/// (Cloudflare's 5xx and challenge pages) — described by its title, or its first heading.
struct HTMLPage {
    /// The title (or first heading) as text, entities decoded and white space collapsed.
    var title: String?

    /// Nil unless `body` starts (after white space) with `<!doctype html` or `<html`, or is a
    /// fragment starting with `<` that holds a `<title>`.
    init?(_ body: [UInt8]) {
        let head = String(decoding: body.prefix(64 * 1024), as: UTF8.self)
        let start = head.drop(while: \.isWhitespace)
        guard start.first == "<" else { return nil }
        let lowered = start.lowercased()
        let title =
            Self.element("title", in: start, lowered: lowered) ?? Self.element("h1", in: start, lowered: lowered)
        guard lowered.hasPrefix("<!doctype html") || lowered.hasPrefix("<html") || title != nil else { return nil }
        self.title = title
    }

    /// `an HTML page: api.example.com | 502: Bad gateway`.
    func description(limit: Int) -> String {
        guard let title, !title.isEmpty else { return "an HTML page without a title" }
        let shown = title.count > limit ? String(title.prefix(limit)) + "…" : title
        return "an HTML page: \(shown)"
    }

    /// The text inside the first `<name …>…</name>`, tags inside it removed.
    private static func element(_ name: String, in text: Substring, lowered: String) -> String? {
        guard let open = lowered.range(of: "<\(name)"),
            let openEnd = lowered[open.upperBound...].firstIndex(of: ">"),
            let close = lowered[openEnd...].range(of: "</\(name)")
        else { return nil }
        // `lowered` has the same characters as `text` for ASCII markup; map the offsets back.
        let from = lowered.distance(from: lowered.startIndex, to: lowered.index(after: openEnd))
        let to = lowered.distance(from: lowered.startIndex, to: close.lowerBound)
        guard from <= to, to <= text.count else { return nil }
        let inner = text.dropFirst(from).prefix(to - from)
        return collapse(decodeEntities(stripTags(inner)))
    }

    private static func stripTags(_ text: Substring) -> String {
        var out = ""
        var inTag = false
        for character in text {
            if character == "<" {
                inTag = true
            } else if character == ">" {
                inTag = false
                out.append(" ")
            } else if !inTag {
                out.append(character)
            }
        }
        return out
    }

    private static func decodeEntities(_ text: String) -> String {
        var text = text
        for (entity, character) in [
            ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&#039;", "'"), ("&nbsp;", " "),
            ("&#x27;", "'"), ("&amp;", "&"),
        ] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text
    }

    private static func collapse(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
