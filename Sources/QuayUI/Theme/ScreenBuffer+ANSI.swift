extension ScreenBuffer {
    /// The frame as text with ANSI SGR colours, for headless snapshots and
    /// style goldens: what the terminal would show, without a terminal.
    ///
    /// - A sequence is written only where the look changes: `ESC[` codes
    ///   `m`, codes in the order reset (`0`, when leaving a styled run),
    ///   bold `1`, dim `2`, underline `4`, reverse `7`, foreground (`30-37`,
    ///   `90-97` for 0-15, `38;5;N` from 16), background (`40-47`,
    ///   `100-107`, `48;5;N`). Colour -1 (the terminal's own) writes none.
    /// - Each line starts plain and ends with `ESC[0m` if it is not plain.
    /// - Trailing spaces that show nothing (no background, reverse or
    ///   underline) are dropped, as in `text`.
    /// - The right half of a wide character is skipped; combining marks
    ///   ride in their base cell. Lines are joined by "\n".
    public func ansi(palette: Palette) -> String {
        let plain = ResolvedStyle()
        var out = ""
        for y in 0..<height {
            var end = width
            while end > 0 {
                let c = self[end - 1, y]
                guard c.text == " " else { break }
                let r = palette.resolve(c.style)
                guard r.bg < 0, r.attributes.isDisjoint(with: [.reverse, .underline]) else { break }
                end -= 1
            }
            var current = plain
            for x in 0..<end {
                let c = self[x, y]
                if c.isContinuation { continue }
                let r = palette.resolve(c.style)
                if r != current {
                    out += ScreenBuffer.sgr(r, after: current)
                    current = r
                }
                out += ScreenBuffer.printable(c.text)
            }
            if current != plain { out += "\u{1B}[0m" }
            if y < height - 1 { out += "\n" }
        }
        return out
    }

    /// The escape sequence that turns `previous` into `style`.
    static func sgr(_ style: ResolvedStyle, after previous: ResolvedStyle) -> String {
        var codes: [String] = []
        if previous != ResolvedStyle() { codes.append("0") }
        if style.attributes.contains(.bold) { codes.append("1") }
        if style.attributes.contains(.dim) { codes.append("2") }
        if style.attributes.contains(.underline) { codes.append("4") }
        if style.attributes.contains(.reverse) { codes.append("7") }
        if let fg = colorCode(style.fg, base: 30, bright: 90, extended: 38) { codes.append(fg) }
        if let bg = colorCode(style.bg, base: 40, bright: 100, extended: 48) { codes.append(bg) }
        if codes.isEmpty { codes.append("0") }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    private static func colorCode(_ i: Int, base: Int, bright: Int, extended: Int) -> String? {
        switch i {
        case 0..<8: return String(base + i)
        case 8..<16: return String(bright + i - 8)
        case 16..<256: return "\(extended);5;\(i)"
        default: return nil
        }
    }

    /// A cell's text with any control character (which `write` never lets
    /// in, but a direct cell assignment could) shown as U+FFFD, so the
    /// output carries no escape sequences but ours.
    private static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || ($0.value >= 0x7F && $0.value < 0xA0) }) else { return text }
        var s = String.UnicodeScalarView()
        for u in text.unicodeScalars {
            s.append(u.value < 0x20 || (u.value >= 0x7F && u.value < 0xA0) ? "\u{FFFD}" : u)
        }
        return String(s)
    }
}
