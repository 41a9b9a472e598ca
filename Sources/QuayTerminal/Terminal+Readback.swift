import CNCursesW

extension Terminal {
    /// One cell as curses holds it: its text (base character and marks)
    /// and look. For tests that compare a presented frame with its buffer.
    struct HeldCell: Equatable, CustomStringConvertible {
        var text: String
        var look: Look
        var description: String { "\(text.debugDescription) attributes \(look.attributes) pair \(look.pair)" }
    }

    /// Cell (x, y) of the window present() draws into or, with `onScreen`,
    /// of curses's copy of what the terminal was last sent; nil outside.
    func heldCell(x: Int, y: Int, onScreen: Bool = false) -> HeldCell? {
        guard let w = onScreen ? qw_curscr() : window else { return nil }
        var chars = [wchar_t](repeating: 0, count: Glyph.capacity)
        var attributes: attr_t = 0
        var pair: Int16 = 0
        guard qw_get_wch(w, Int32(y), Int32(x), &chars, &attributes, &pair) == OK else { return nil }
        var text = ""
        for c in chars.prefix(while: { $0 != 0 }) { text.unicodeScalars.append(Unicode.Scalar(UInt32(c)) ?? "?") }
        return HeldCell(text: text, look: Look(attributes: attributes, pair: pair))
    }
}
