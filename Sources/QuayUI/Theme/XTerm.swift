import Foundation

/// An sRGB colour, 0-255 a channel.
struct RGB: Hashable, Sendable {
    var r: Int, g: Int, b: Int
    init(_ r: Int, _ g: Int, _ b: Int) { self.r = r; self.g = g; self.b = b }

    /// Largest minus smallest channel: 0 for greys.
    var chroma: Int { max(r, g, b) - min(r, g, b) }

    /// A colour with a hue worth keeping; anything less is treated as a grey.
    var isChromatic: Bool { chroma >= 40 }

    /// Hue in degrees, 0 (red) ..< 360.
    var hue: Double {
        let mx = max(r, g, b), d = Double(chroma)
        guard d > 0 else { return 0 }
        var h: Double
        if mx == r { h = Double(g - b) / d } else if mx == g { h = Double(b - r) / d + 2 } else { h = Double(r - g) / d + 4 }
        h *= 60
        return h < 0 ? h + 360 : h
    }

    /// WCAG relative luminance, 0 (black) ... 1 (white).
    var luminance: Double {
        func linear(_ v: Int) -> Double {
            let s = Double(v) / 255
            return s <= 0.03928 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    }

    /// WCAG contrast ratio, 1 (none) ... 21 (black on white).
    func contrast(with o: RGB) -> Double {
        let a = luminance, b = o.luminance
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }

    /// Squared distance in RGB space.
    func distance(to o: RGB) -> Int {
        let dr = r - o.r, dg = g - o.g, db = b - o.b
        return dr * dr + dg * dg + db * db
    }
}

/// xterm's colours and the nearest-colour searches for smaller terminals.
enum XTerm {
    /// The 16 ANSI colours with xterm's standard values.
    static let ansi: [RGB] = [
        RGB(0, 0, 0), RGB(205, 0, 0), RGB(0, 205, 0), RGB(205, 205, 0),
        RGB(0, 0, 238), RGB(205, 0, 205), RGB(0, 205, 205), RGB(229, 229, 229),
        RGB(127, 127, 127), RGB(255, 0, 0), RGB(0, 255, 0), RGB(255, 255, 0),
        RGB(92, 92, 255), RGB(255, 0, 255), RGB(0, 255, 255), RGB(255, 255, 255),
    ]

    /// The six levels of each channel in the 6x6x6 cube (indexes 16-231).
    static let cubeLevels = [0, 95, 135, 175, 215, 255]

    /// xterm's RGB value of a 256-colour index.
    static func rgb(ofIndex i: Int) -> RGB {
        switch i {
        case ..<0: return ansi[0]
        case 0..<16: return ansi[i]
        case 16..<232:
            let n = i - 16
            return RGB(cubeLevels[n / 36], cubeLevels[n / 6 % 6], cubeLevels[n % 6])
        case 232..<256:
            let v = 8 + 10 * (i - 232)
            return RGB(v, v, v)
        default: return ansi[15]
        }
    }

    static let table256: [RGB] = (0..<256).map(rgb(ofIndex:))

    /// The nearest of indexes 16-255 (cube and greys) by RGB distance.
    /// 0-15 are left out: users re-colour them, so they are not known values.
    static func nearest256(_ c: RGB) -> Int {
        (16..<256).min { table256[$0].distance(to: c) < table256[$1].distance(to: c) }!
    }

    /// Lowest contrast against the background that a foreground may have
    /// on a 16- or 8-colour terminal (yellow on light grey is about 1.35).
    static let minimumContrast = 1.6
    /// Contrast preferred within a hue family or the greys: white on ANSI
    /// cyan (about 2) gives way to black (about 10).
    static let preferredContrast = 3.0

    static let greys = [0, 8, 7, 15]
    /// The six hue families of the ANSI colours: (hue, normal, bright).
    static let families: [(hue: Double, variants: [Int])] = [
        (0, [1, 9]), (60, [3, 11]), (120, [2, 10]), (180, [6, 14]), (240, [4, 12]), (300, [5, 13]),
    ]

    /// The nearest of the 16 ANSI colours, keeping the hue: a coloured
    /// source maps to the ANSI colour of the closest hue (normal or bright,
    /// whichever is nearer by RGB), a greyish one to black, grey, white or
    /// bright white. Plain RGB distance would turn a muted green grey.
    ///
    /// With `background` known, foreground candidates whose `shown` colour
    /// (what the terminal will draw for the index) has too little contrast
    /// with it are skipped, so the next closest hue is used instead; within
    /// the family (or the greys) a candidate with good contrast is preferred
    /// to a nearer one with poor contrast.
    static func nearest16(_ c: RGB, background: RGB? = nil, shown: (Int) -> RGB = { ansi[$0] }) -> Int {
        func contrast(_ i: Int) -> Double {
            guard let bg = background else { return 21 }
            return shown(i).contrast(with: bg)
        }
        func nearest(_ candidates: [Int]) -> Int? {
            let readable = candidates.filter { contrast($0) >= minimumContrast }
            let good = readable.filter { contrast($0) >= preferredContrast }
            return (good.isEmpty ? readable : good).min { ansi[$0].distance(to: c) < ansi[$1].distance(to: c) }
        }
        if c.isChromatic {
            let h = c.hue
            func gap(_ f: Double) -> Double { let d = abs(h - f); return min(d, 360 - d) }
            let order = families.indices.sorted { (gap(families[$0].hue), $0) < (gap(families[$1].hue), $1) }
            for f in order { if let i = nearest(families[f].variants) { return i } }
        } else if let i = nearest(greys) {
            return i
        }
        if let i = nearest(Array(0..<16)) { return i }
        return (0..<16).min { ansi[$0].distance(to: c) < ansi[$1].distance(to: c) }!
    }

    /// An ANSI index (0-15) on an 8-colour terminal: bright colours fold onto
    /// their basic one, and a bright foreground gains bold (which most
    /// 8-colour terminals draw bright). Bright black (grey) is the exception:
    /// as a foreground it becomes dim white, because bold black is invisible
    /// on a dark background in terminals that draw bold as a heavier font.
    static func fold8(_ i: Int, foreground: Bool) -> (index: Int, extra: Attributes) {
        switch i {
        case ..<8: return (i, [])
        case 8: return foreground ? (7, .dim) : (0, [])
        default: return (i - 8, foreground ? .bold : [])
        }
    }
}
