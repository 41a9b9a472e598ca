import CNCursesW

/// Colour pairs allocated on demand, one per (foreground, background)
/// seen, cached, and capped by what the terminal has. When the pairs run
/// out (TERM=xterm has 64) further combinations fall back to pair 0, the
/// terminal's default colours: text stays readable, only its colour is lost.
struct ColorPairs {
    private struct Key: Hashable { var fg: Int, bg: Int }

    /// Colours the terminal has (0 when none or colour is off).
    let colors: Int
    /// Whether -1 means "the terminal's default colour" (use_default_colors).
    let defaultColors: Bool
    /// One past the highest pair number we may use.
    private let limit: Int
    private var next = 1
    private var cache: [Key: Int16] = [:]

    init(colors: Int, colorPairs: Int, defaultColors: Bool) {
        self.colors = colors
        self.defaultColors = defaultColors
        // setcchar takes the pair as a short.
        limit = colors > 0 ? min(colorPairs, Int(Int16.max) + 1) : 0
    }

    /// Number of pairs handed out so far (pair 0 not counted).
    var allocated: Int { next - 1 }

    /// The pair for `fg` on `bg` (colour indexes, -1 = default).
    mutating func pair(fg: Int, bg: Int) -> Int16 {
        guard colors > 0 else { return 0 }
        let f = clamp(fg), b = clamp(bg)
        if f == -1 && b == -1 { return 0 }
        let key = Key(fg: f, bg: b)
        if let p = cache[key] { return p }
        var p: Int16 = 0
        if next < limit {
            let (cf, cb) = defaultColors ? (f, b) : (f == -1 ? 7 : f, b == -1 ? 0 : b)
            if init_pair(Int16(next), Int16(cf), Int16(cb)) == OK {
                p = Int16(next)
                next += 1
            }
        }
        cache[key] = p
        return p
    }

    /// A colour the terminal does not have becomes the default colour.
    private func clamp(_ c: Int) -> Int { c >= 0 && c < colors && c <= Int(Int16.max) ? c : -1 }
}
