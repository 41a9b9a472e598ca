/// Makes hostile text harmless before it enters the core.
///
/// Event files come from many systems and some from nobody we trust: a
/// shipper name can hold `ESC]0;...BEL` or `ESC[2J`, bidi overrides that
/// reorder what an operator reads, or anything else. Every text field is
/// cleaned once here; the screen buffer checks again.
public enum Sanitizer {
    public static let replacement: Character = "\u{FFFD}"

    /// Returns `text` with every control character (C0, DEL, C1), escape
    /// sequence introducer and bidirectional override replaced by U+FFFD,
    /// tabs and newlines turned into spaces, and at most `limit` characters.
    public static func clean(_ text: String, limit: Int = 512) -> String {
        // Most feed text is printable ASCII within the limit: one pass over
        // the bytes, no scalar decoding.
        let plain = text.utf8.withContiguousStorageIfAvailable { b in
            b.count <= limit && b.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        }
        if plain == true { return text }
        var needsWork = false
        var count = 0
        for s in text.unicodeScalars {
            count += 1
            if isUnsafe(s) || s == "\t" || s == "\n" || s == "\r" { needsWork = true; break }
        }
        if !needsWork && text.utf8.count <= limit { return text }
        var out = String.UnicodeScalarView()
        var n = 0
        for s in text.unicodeScalars {
            if n >= limit {
                out.append("\u{2026}")
                break
            }
            if s == "\t" || s == "\n" || s == "\r" {
                out.append(" ")
            } else if isUnsafe(s) {
                out.append("\u{FFFD}")
            } else {
                out.append(s)
            }
            n += 1
        }
        return String(out)
    }

    /// True for scalars that must never reach a terminal as themselves.
    @inline(__always)
    public static func isUnsafe(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x20 || v == 0x7F { return true }                 // C0, DEL (ESC is 0x1B)
        if v >= 0x80 && v <= 0x9F { return true }                // C1 (CSI 0x9B, OSC 0x9D)
        if v >= 0x202A && v <= 0x202E { return true }            // LRE RLE PDF LRO RLO
        if v >= 0x2066 && v <= 0x2069 { return true }            // LRI RLI FSI PDI
        if v == 0x200E || v == 0x200F || v == 0x061C { return true } // LRM RLM ALM
        if v == 0xFEFF { return true }                           // BOM / ZWNBSP
        return false
    }

    public static func isClean(_ text: String) -> Bool {
        !text.unicodeScalars.contains(where: isUnsafe)
    }
}
