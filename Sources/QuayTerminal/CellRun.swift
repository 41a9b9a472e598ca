import CNCursesW

/// One-column characters side by side on a row, all of one look, drawn
/// with a single curses call (a move, the attributes, a string) instead of
/// a move and a cchar_t per cell. `add` draws what was collected first
/// when the new character does not continue it; `flush` draws the rest.
struct CellRun {
    private let chars: UnsafeMutablePointer<wchar_t>
    private let capacity: Int
    private var x = 0, y = 0, count = 0
    /// Whether every character collected so far is ASCII.
    private var ascii = true
    private var look = Terminal.Look(attributes: 0, pair: 0)

    /// `chars` must hold at least a row of the screen.
    init(_ chars: UnsafeMutableBufferPointer<wchar_t>) {
        self.chars = chars.baseAddress!
        capacity = chars.count
    }

    mutating func add(_ c: wchar_t, x: Int, y: Int, _ look: Terminal.Look, _ window: UnsafeMutablePointer<WINDOW>) {
        if count > 0 && (x != self.x + count || y != self.y || look != self.look || count == capacity) { flush(window) }
        if count == 0 { self.x = x; self.y = y; self.look = look; ascii = true }
        if c >= 0x80 { ascii = false }
        chars[count] = c
        count += 1
    }

    /// Draws what was collected. A run ending in the bottom-right cell
    /// returns ERR (the cursor cannot advance) with every character in
    /// place: expected.
    mutating func flush(_ window: UnsafeMutablePointer<WINDOW>) {
        guard count > 0 else { return }
        _ = qw_put_run(window, Int32(y), Int32(x), chars, Int32(count), ascii ? 1 : 0, look.attributes, look.pair)
        count = 0
    }
}
