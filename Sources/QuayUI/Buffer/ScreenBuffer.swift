/// One terminal cell. A wide character occupies its cell and marks the next
/// one as a continuation; combining marks ride on their base character.
public struct Cell: Hashable, Sendable {
    /// The grapheme shown (one base scalar plus any combining marks); "" for
    /// the right half of a wide character.
    public var text: String
    public var style: Style
    public init(_ text: String = " ", _ style: Style = .normal) { self.text = text; self.style = style }
    public static let blank = Cell()
    public var isContinuation: Bool { text.isEmpty }
}

/// A frame: what the terminal should show, with no terminal attached.
/// Everything a user can see is built here first, so tests read it.
public struct ScreenBuffer: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// Fills `rect` with blanks of `style`.
    public mutating func fill(_ rect: Rect, style: Style = .normal, with ch: String = " ") {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        let cell = Cell(ch, style)
        let w = width
        cells.withUnsafeMutableBufferPointer { p in
            for y in r.y..<(r.y + r.height) {
                for i in (y * w + r.x)..<(y * w + r.maxX) { p[i] = cell }
            }
        }
    }

    /// Writes `text` at (x, y), clipped to `maxWidth` cells and the buffer.
    /// Control characters never reach a cell: they show as U+FFFD.
    /// Returns the number of cells used.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: Style = .normal, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(width, x + (maxWidth ?? width))
        var cx = x
        var lastBase = -1
        for scalar in text.unicodeScalars {
            var s = scalar
            if s.value < 0x20 || (s.value >= 0x7F && s.value < 0xA0) || ScreenBuffer.isBidiControl(s.value) { s = "\u{FFFD}" }
            let w = CellWidth.of(s)
            if w == 0 {
                // Combining mark: attach to the previous base cell.
                if lastBase >= 0 && lastBase < width && lastBase >= x { self[lastBase, y].text.unicodeScalars.append(s) }
                continue
            }
            if cx + w > limit { break }
            if cx >= 0 {
                clearWide(at: cx, y: y)
                self[cx, y] = Cell(String(s), style)
                if w == 2 {
                    clearWide(at: cx + 1, y: y)
                    self[cx + 1, y] = Cell("", style)
                }
                lastBase = cx
            }
            cx += w
        }
        return max(0, cx - x)
    }

    /// Overwriting half of a wide character blanks its other half.
    private mutating func clearWide(at x: Int, y: Int) {
        guard x >= 0, x < width else { return }
        if self[x, y].isContinuation, x > 0 { self[x - 1, y] = Cell(" ", self[x - 1, y].style) }
        if x + 1 < width, self[x + 1, y].isContinuation, !self[x, y].isContinuation { self[x + 1, y] = Cell(" ", self[x + 1, y].style) }
    }

    static func isBidiControl(_ v: UInt32) -> Bool {
        (v >= 0x202A && v <= 0x202E) || (v >= 0x2066 && v <= 0x2069) || v == 0x200E || v == 0x200F || v == 0x061C
    }

    /// Applies `style` to cells already written (selection bars, highlights).
    public mutating func restyle(_ rect: Rect, _ transform: (Style) -> Style) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        for y in r.y..<(r.y + r.height) {
            for x in r.x..<(r.x + r.width) { self[x, y].style = transform(self[x, y].style) }
        }
    }

    /// The text of one row, continuation cells skipped.
    public func line(_ y: Int) -> String {
        var s = ""
        for x in 0..<width where !self[x, y].isContinuation { s += self[x, y].text }
        return s
    }

    /// The whole frame as plain text, trailing spaces trimmed per line.
    public var text: String {
        (0..<height).map { y in
            var l = line(y)
            while l.last == " " { l.removeLast() }
            return l
        }.joined(separator: "\n")
    }
}

/// A rectangle of cells.
public struct Rect: Hashable, Sendable {
    public var x: Int, y: Int, width: Int, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = max(0, width); self.height = max(0, height)
    }
    public var isEmpty: Bool { width <= 0 || height <= 0 }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }

    public func intersection(_ o: Rect) -> Rect {
        let nx = max(x, o.x), ny = max(y, o.y)
        return Rect(x: nx, y: ny, width: min(maxX, o.maxX) - nx, height: min(maxY, o.maxY) - ny)
    }

    /// Shrinks by `n` cells on every side.
    public func inset(_ n: Int) -> Rect { Rect(x: x + n, y: y + n, width: width - 2 * n, height: height - 2 * n) }

    /// Splits off the top `h` rows: (top, rest).
    public func splitTop(_ h: Int) -> (Rect, Rect) {
        let t = min(max(0, h), height)
        return (Rect(x: x, y: y, width: width, height: t), Rect(x: x, y: y + t, width: width, height: height - t))
    }

    /// Splits off the left `w` columns: (left, rest).
    public func splitLeft(_ w: Int) -> (Rect, Rect) {
        let l = min(max(0, w), width)
        return (Rect(x: x, y: y, width: l, height: height), Rect(x: x + l, y: y, width: width - l, height: height))
    }

    public func contains(x px: Int, y py: Int) -> Bool { px >= x && px < maxX && py >= y && py < maxY }
}
