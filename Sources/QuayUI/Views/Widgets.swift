import QuayCore

/// Truncates to `width` cells, ending in "…" when cut.
func fit(_ text: String, _ width: Int) -> String {
    guard width > 0 else { return "" }
    if CellWidth.of(text) <= width { return text }
    var out = ""
    var used = 0
    for ch in text {
        let w = CellWidth.of(String(ch))
        if used + w > width - 1 { break }
        out.append(ch)
        used += w
    }
    return out + "\u{2026}"
}

func padRight(_ text: String, _ width: Int) -> String {
    let t = fit(text, width)
    return t + String(repeating: " ", count: max(0, width - CellWidth.of(t)))
}

func padLeft(_ text: String, _ width: Int) -> String {
    let t = fit(text, width)
    return String(repeating: " ", count: max(0, width - CellWidth.of(t))) + t
}

extension ScreenBuffer {
    /// A box with a title in its top border.
    mutating func box(_ r: Rect, title: String, focused: Bool, right: String? = nil) {
        guard r.width >= 2, r.height >= 2 else { return }
        let border = Style(focused ? .borderFocused : .border)
        fill(r, style: .normal)
        write("┌" + String(repeating: "─", count: r.width - 2) + "┐", x: r.x, y: r.y, style: border)
        for y in (r.y + 1)..<(r.maxY - 1) {
            write("│", x: r.x, y: y, style: border)
            write("│", x: r.maxX - 1, y: y, style: border)
        }
        write("└" + String(repeating: "─", count: r.width - 2) + "┘", x: r.x, y: r.maxY - 1, style: border)
        let t = " " + title + " "
        let used = write(t, x: r.x + 2, y: r.y, style: Style(focused ? .titleFocused : .title, focused ? [.bold] : []), maxWidth: r.width - 4)
        if let right, r.width - 6 - used > CellWidth.of(right) + 2 {
            write(" " + right + " ", x: r.maxX - 3 - CellWidth.of(right), y: r.y, style: Style(.title))
        }
    }
}

/// The value for the row last asked about, loaded once: a table asks for
/// its cells column by column, and every cell of a row needs the same box
/// (a look-up in the port's table each time otherwise).
final class RowMemo<Value> {
    private let load: (Int) -> Value
    private var last: (row: Int, value: Value)?
    init(_ load: @escaping (Int) -> Value) { self.load = load }
    subscript(row: Int) -> Value {
        if let last, last.row == row { return last.value }
        let value = load(row)
        last = (row, value)
        return value
    }
}

/// A column of a table: a minimum width, whether it takes spare room, and
/// a priority (lower goes first when the pane is narrow).
struct Column {
    var title: String
    var min: Int
    var flex: Int = 0
    var priority: Int = 5
    var right = false
}

/// Fits columns to a width: drop the least important until the minimums
/// fit, then share what is left among the flexible ones.
func layoutColumns(_ columns: [Column], width: Int) -> [(index: Int, width: Int)] {
    var keep = Array(columns.indices)
    func needed(_ k: [Int]) -> Int { k.map { columns[$0].min }.reduce(0, +) + max(0, k.count - 1) }
    while needed(keep) > width, keep.count > 1 {
        let drop = keep.min { columns[$0].priority != columns[$1].priority ? columns[$0].priority < columns[$1].priority : $0 > $1 }!
        keep.removeAll { $0 == drop }
    }
    var widths = keep.map { columns[$0].min }
    var spare = width - needed(keep)
    let flexTotal = keep.map { columns[$0].flex }.reduce(0, +)
    if flexTotal > 0, spare > 0 {
        let share = spare
        for (i, c) in keep.enumerated() where columns[c].flex > 0 {
            let add = share * columns[c].flex / flexTotal
            widths[i] += add
            spare -= add
        }
        if let lastFlex = keep.lastIndex(where: { columns[$0].flex > 0 }) { widths[lastFlex] += spare }
    }
    return zip(keep, widths).map { ($0, $1) }
}

/// Lane as text that reads without colour.
func laneText(_ lane: Lane) -> String {
    switch lane {
    case .red: return "RED"
    case .amber: return "AMB"
    case .green: return "GRN"
    }
}

func laneRole(_ lane: Lane) -> Role {
    switch lane {
    case .red: return .laneRed
    case .amber: return .laneAmber
    case .green: return .laneGreen
    }
}

/// `12m`, `3.5h`, `2.1d`
func age(_ hours: Double) -> String {
    if hours < 1 { return "\(max(0, Int((hours * 60).rounded(.down))))m" }
    return formatHours(hours)
}

/// A sparkline of values scaled to the largest.
func sparkline(_ values: [Double]) -> String {
    let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    let top = values.max() ?? 0
    return String(values.map { v in
        if v <= 0 || top <= 0 { return "·" }
        return blocks[min(7, Int((v / top) * 7.999))]
    })
}

func route(_ c: Container) -> String {
    let m = c.facts.manifest
    let hops = [m.pol ?? "?"] + (m.transship ?? []) + [m.pod ?? "?"]
    return hops.joined(separator: ">")
}

func groupDigits(_ n: Int) -> String {
    let s = String(n)
    var out = ""
    for (i, ch) in s.enumerated() {
        if i > 0 && (s.count - i) % 3 == 0 { out.append(",") }
        out.append(ch)
    }
    return out
}

/// A weight in at most 7 characters: 85, 1,450, 12.5t, 1,234t, 12.3kt.
func kg(_ v: Double) -> String {
    if v >= 999_950_000 { return format1(v / 1_000_000_000) + "Mt" }
    if v >= 99_950_000 { return groupDigits(Int((v / 1_000_000).rounded())) + "kt" }
    if v >= 9_999_500 { return format1(v / 1_000_000) + "kt" }
    if v >= 99_950 { return groupDigits(Int((v / 1000).rounded())) + "t" }
    if v >= 10_000 { return format1(v / 1000) + "t" }
    if v == v.rounded() { return groupDigits(Int(v)) }
    return format1(v)
}

/// Word-wraps `text` to `width` cells; continuation lines keep the
/// indentation of the first plus two spaces.
func wrap(_ text: String, _ width: Int) -> [String] {
    guard width > 8, CellWidth.of(text) > width else { return [text] }
    let leadCount = min(width / 2, text.prefix { $0 == " " }.count)
    let indent = String(repeating: " ", count: leadCount + 2)
    var lines: [String] = []
    var rest = Substring(text)
    var first = true
    while true {
        let line = (first ? "" : indent) + rest
        if CellWidth.of(line) <= width { lines.append(line); break }
        // Cut at the last space that keeps the line within width (spacing inside kept).
        var used = 0, cut: String.Index? = nil, hard = line.startIndex
        let minCut = line.index(line.startIndex, offsetBy: min(line.count, (first ? leadCount : indent.count) + 1))
        for i in line.indices {
            let w = CellWidth.of(String(line[i]))
            if used + w > width { break }
            used += w
            hard = line.index(after: i)
            if line[i] == " ", i >= minCut { cut = i }
        }
        let end = cut ?? hard
        lines.append(String(line[..<end]).replacingTrailingSpaces())
        let remainder = line[end...].drop { $0 == " " }
        if remainder.isEmpty { break }
        rest = remainder
        first = false
    }
    return lines
}

extension String {
    func replacingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}

/// `dir/2026-11-26.jsonl:4812` shown as `2026-11-26.jsonl:4812`.
func shortSource(_ s: String) -> String {
    guard let slash = s.lastIndex(of: "/") else { return s }
    return String(s[s.index(after: slash)...])
}
