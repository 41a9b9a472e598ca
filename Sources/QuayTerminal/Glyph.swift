import CNCursesW

/// Turns a cell's text into the wide characters curses draws, trusting
/// nothing: a control character never reaches the terminal, and a character
/// whose width the C library sees differently from the buffer's layout is
/// drawn as a one-cell replacement, so columns never drift.
enum Glyph {
    /// Base character plus at most this many combining marks (CCHARW_MAX is 5).
    static let maxMarks = 4
    /// Capacity the output buffer must have: base, marks, terminating 0.
    static let capacity = 1 + maxMarks + 1

    /// U+FFFD where the locale can show it, else "?".
    static func replacement() -> Unicode.Scalar {
        qw_wcwidth(wchar_t(0xFFFD)) == 1 ? "\u{FFFD}" : "?"
    }

    /// Writes `text`, laid out over `cells` columns (1 or 2), into `out`
    /// (0-terminated) and returns the columns curses will use: `cells`, or
    /// 1 when the replacement was used (the caller then blanks the second cell).
    static func encode(_ text: String, cells: Int, replacement: Unicode.Scalar,
                       into out: UnsafeMutablePointer<wchar_t>) -> Int {
        if cells == 1, let c = ascii(text) {
            out[0] = c; out[1] = 0
            return 1
        }
        var scalars = text.unicodeScalars.makeIterator()
        guard let first = scalars.next() else {
            out[0] = wchar_t(UInt8(ascii: " ")); out[1] = 0
            return 1
        }
        var base = first
        if isControl(base.value) { base = replacement }
        if qw_wcwidth(wchar_t(base.value)) != cells {
            out[0] = wchar_t(replacement.value); out[1] = 0
            return 1
        }
        out[0] = wchar_t(base.value)
        var n = 1
        while n <= maxMarks, let s = scalars.next() {
            // Only genuine combining marks ride on the base: no controls, no
            // format characters (bidi overrides are zero-width too).
            if !isCombiningMark(s) || qw_wcwidth(wchar_t(s.value)) != 0 { continue }
            out[n] = wchar_t(s.value)
            n += 1
        }
        out[n] = 0
        return cells
    }

    /// The character of a cell holding one printable ASCII character (most
    /// of any frame: one column, nothing to check), else nil.
    @inline(__always)
    static func ascii(_ text: String) -> wchar_t? {
        let utf8 = text.utf8
        guard utf8.count == 1 else { return nil }
        let b = utf8[utf8.startIndex]
        return b >= 0x20 && b < 0x7F ? wchar_t(b) : nil
    }

    static func isCombiningMark(_ s: Unicode.Scalar) -> Bool {
        if isControl(s.value) { return false }
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// C0, DEL and C1 controls.
    static func isControl(_ v: UInt32) -> Bool { v < 0x20 || (v >= 0x7F && v < 0xA0) }
}
