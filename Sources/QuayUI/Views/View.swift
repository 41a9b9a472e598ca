import QuayCore

/// Renders the whole screen for a state. Pure: same input, same frame.
public func view(_ state: AppState) -> ScreenBuffer {
    let (w, h) = state.size
    var buf = ScreenBuffer(width: w, height: h)
    let layout = Layout(width: w, height: h)
    if layout.tooSmall {
        let msg = "terminal too small: need \(Layout.minWidth)x\(Layout.minHeight), have \(w)x\(h)"
        let lines = CellWidth.of(msg) <= w ? [msg] : ["terminal too small", "need \(Layout.minWidth)x\(Layout.minHeight)", "have \(w)x\(h)"]
        for (i, l) in lines.enumerated() {
            let y = h / 2 - lines.count / 2 + i
            buf.write(l, x: max(0, (w - CellWidth.of(l)) / 2), y: y, style: Style(.warning, [.bold]))
        }
        return buf
    }
    HeaderBar.draw(&buf, layout.header, state)
    guard let snap = state.snapshot else {
        buf.write("loading...", x: 2, y: 2)
        Footer.draw(&buf, layout.footer, state)
        return buf
    }
    AlertsPane.draw(&buf, layout.rect(for: .alerts)!, state, snap)
    if state.focus == .containers {
        ContainersPane.draw(&buf, layout.rect(for: .containers)!, state, snap)
    } else {
        QueuesPane.draw(&buf, layout.rect(for: .queues)!, state, snap)
    }
    SeizuresPane.draw(&buf, layout.rect(for: .seizures)!, state, snap, compact: !layout.wide)
    switch state.overlay {
    case .help(let scroll): HelpOverlay.draw(&buf, layout, scroll)
    case .detail(let c, let scroll): DetailOverlay.draw(&buf, layout, state, snap, c, scroll)
    case .savedFilters: SavedFiltersOverlay.draw(&buf, layout, state)
    case .feed(let scroll): FeedOverlay.draw(&buf, layout, snap, scroll)
    case nil: break
    }
    FormOverlay.draw(&buf, layout, state)
    ConfirmOverlay.draw(&buf, layout, state)
    Footer.draw(&buf, layout.footer, state)
    if state.prompt != nil { FilterPrompt.draw(&buf, layout, state) }
    return buf
}

/// The filter prompt over the last two rows: the query with its cursor and
/// the match count, then the error (pointing at its column) or a hint.
enum FilterPrompt {
    static func draw(_ buf: inout ScreenBuffer, _ layout: Layout, _ state: AppState) {
        guard let p = state.prompt else { return }
        let y = layout.height - 2
        let row = Rect(x: 0, y: y, width: layout.width, height: 1)
        buf.fill(row, style: Style(.footer))
        let count = "\(groupDigits(state.rows.matching)) of \(groupDigits(state.rows.total))"
        let room = layout.width - 4 - CellWidth.of(count)
        // Keep the cursor in view on long queries.
        let chars = Array(p.text)
        let start = max(0, p.cursor - room + 1)
        let shown = String(chars[start..<min(chars.count, start + room)])
        buf.write("/ ", x: 0, y: y, style: Style(.footer, [.bold]))
        buf.write(shown, x: 2, y: y, style: Style(.footer))
        let cx = 2 + CellWidth.of(String(chars[start..<p.cursor]))
        if cx < layout.width {
            let under = cx - 2 < shown.count ? String(Array(shown)[cx - 2]) : " "
            buf.write(under, x: cx, y: y, style: Style(.footer, [.reverse]))
        }
        buf.write(count, x: layout.width - CellWidth.of(count) - 1, y: y, style: Style(p.error == nil ? .accent : .dim, [.bold]))
        let f = layout.footer
        buf.fill(f, style: Style(.footer))
        if let e = p.error {
            let caret = 2 + max(0, e.column - 1 - start)
            if caret < layout.width { buf.write("^", x: caret, y: f.y, style: Style(.warning, [.bold])) }
            let msg = " " + e.message + " (last good filter kept; Esc restores the old one)"
            if layout.width - caret - 1 >= 24 {
                buf.write(msg, x: caret + 1, y: f.y, style: Style(.warning), maxWidth: layout.width - caret - 1)
            } else {
                buf.write(msg + " ", x: 0, y: f.y, style: Style(.warning), maxWidth: max(0, caret - 1))
            }
        } else {
            buf.write(" Enter keep  Esc restore  Tab complete field  Up/Down history  e.g. lane:red origin:EC* -status:released",
                      x: 0, y: f.y, style: Style(.footer), maxWidth: layout.width)
        }
    }
}

extension TableView {
    /// Restyles the cells of every occurrence of a highlight term.
    func mark(_ shown: String, x: Int, y: Int, in buf: inout ScreenBuffer) {
        let chars = Array(shown)
        let lower = chars.map { String($0).lowercased() }
        var offsets: [Int] = []
        var col = 0
        for ch in chars { offsets.append(col); col += CellWidth.of(String(ch)) }
        for term in highlight {
            let t = term.map { String($0) }
            guard t.count <= lower.count else { continue }
            var i = 0
            while i + t.count <= lower.count {
                if Array(lower[i..<(i + t.count)]) == t {
                    let start = offsets[i]
                    let end = i + t.count < offsets.count ? offsets[i + t.count] : col
                    buf.restyle(Rect(x: x + start, y: y, width: end - start, height: 1)) { s in Style(.match, s.attributes.union(.underline)) }
                    i += t.count
                } else {
                    i += 1
                }
            }
        }
    }
}

enum HeaderBar {
    static func draw(_ buf: inout ScreenBuffer, _ r: Rect, _ state: AppState) {
        buf.fill(r, style: Style(.header))
        var x = r.x
        func put(_ text: String, _ role: Role = .header, _ attrs: Attributes = []) {
            guard x < r.maxX else { return }
            x += buf.write(text, x: x, y: r.y, style: Style(role, attrs), maxWidth: r.maxX - x)
        }
        put(" QUAYWATCH ", .header, [.bold])
        guard let s = state.snapshot else { put(" starting") ; return }
        put(s.port + "  ")
        put(String(Timestamp(ms: s.now.ms - s.now.ms % 1000).description.map { $0 == "T" ? " " : $0 }) + "  ")
        switch s.feed.mode {
        case .demo(let speed): put(" DEMO \(Int(speed))x ", .demo, [.bold])
        case .live:
            if let stale = s.feed.staleSeconds(wallNow: s.wallNow) {
                put(" STALE \(staleFor(stale)) ", .warning, [.bold])
            } else {
                put(" LIVE ", .ok, [.bold])
            }
        }
        if let loading = s.feed.loading, loading.total > 0 {
            let pct = min(100, loading.done * 100 / loading.total)
            let barWidth = 10
            let filled = pct * barWidth / 100
            put("  loading ")
            put(String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled), .bar)
            put(" \(pct)% of \(max(1, loading.total >> 20)) MB")
        }
        put("  \(groupDigits(Int(s.feed.eventsPerSecond.rounded()))) ev/s  \(groupDigits(s.stats.events)) events  \(s.feed.files.count) file\(s.feed.files.count == 1 ? "" : "s")  ")
        if s.stats.rejected > 0 { put("\(groupDigits(s.stats.rejected)) rejected", .warning) } else { put("0 rejected") }
        if !s.feed.fileErrors.isEmpty { put("  \(s.feed.fileErrors.count) file error\(s.feed.fileErrors.count == 1 ? "" : "s")", .warning) }
        if !state.marks.isEmpty { put("  \(groupDigits(state.marks.count)) marked", .accent, [.bold]) }
        let who = state.userRole == .viewer ? "\(state.user) (read-only)" : "\(state.user) (\(state.userRole.rawValue))"
        let filterText = "filter: \(state.filter.isEmpty ? "-" : fit(state.filter.source, 30)) "
        // The filter matters more than the name when room is short.
        for right in ["\(who)  " + filterText, filterText] where r.maxX - x > CellWidth.of(right) + 2 {
            buf.write(right, x: r.maxX - CellWidth.of(right), y: r.y, style: Style(.header))
            break
        }
    }
}

enum Footer {
    static func draw(_ buf: inout ScreenBuffer, _ r: Rect, _ state: AppState) {
        buf.fill(r, style: Style(.footer))
        if let status = state.status {
            buf.write(" " + status, x: r.x, y: r.y, style: Style(.warning, [.bold]), maxWidth: r.width)
            return
        }
        let hints: [(String, String)]
        switch state.overlay {
        case .help: hints = [("Esc", "close"), ("j/k", "scroll"), ("q", "quit")]
        case .detail: hints = [("Esc", "back"), ("j/k PgUp/PgDn", "scroll"), ("q", "quit")]
        case .savedFilters: hints = [("1-9", "apply"), ("Esc", "close")]
        case .feed: hints = [("Esc/f", "close"), ("j/k PgUp/PgDn", "scroll"), ("q", "quit")]
        case nil:
            hints = [("1-4", "panes"), ("Tab", "next"), ("j/k", "move"), ("h/l", "queue"), ("Enter", "details"),
                     ("?", "help"), ("t", "theme"), ("q", "quit")]
        }
        var x = r.x + 1
        for (key, label) in hints {
            let need = CellWidth.of(key) + CellWidth.of(label) + 3
            guard x + need <= r.maxX else { break }
            x += buf.write(key, x: x, y: r.y, style: Style(.footer, [.bold]))
            x += buf.write(" " + label + "  ", x: x, y: r.y, style: Style(.footer))
        }
    }
}

/// Draws rows of a table inside a pane, with a selection bar when focused.
struct TableView {
    var columns: [Column]
    var rows: Int
    var selected: Int
    var scroll: Int
    var focused: Bool
    /// The sorted column's title and direction, for the arrow.
    var sort: SortSpec? = nil
    /// Lower-cased titles of columns the user hid.
    var hidden: Set<String> = []
    /// Lower-cased text to highlight where it occurs (the filter's terms).
    var highlight: [String] = []
    /// Cell text and role for (row, column index).
    var cell: (Int, Int) -> (String, Role)
    var rowRole: (Int) -> Role? = { _ in nil }

    func draw(_ buf: inout ScreenBuffer, _ area: Rect) {
        // Hidden columns keep their index (cells are asked for by index) but get no width.
        let shownColumns = columns.enumerated().filter { !hidden.contains($0.element.title.lowercased()) || $0.element.title.isEmpty }
        let fitted = layoutColumns(shownColumns.map(\.element), width: area.width).map { (index: shownColumns[$0.index].offset, width: $0.width) }
        var x = area.x
        for (i, w) in fitted {
            let c = columns[i]
            var title = c.title
            if let sort, sort.key.columnTitle == c.title { title += sort.descending ? "▼" : "▲" }
            buf.write(c.right ? padLeft(title, w) : padRight(title, w), x: x, y: area.y, style: Style(.columnHeader, [.bold]))
            x += w + 1
        }
        let visible = area.height - 1
        guard visible > 0 else { return }
        if rows == 0 {
            buf.write("nothing here", x: area.x + 1, y: area.y + 1, style: Style(.dim))
            return
        }
        for line in 0..<visible {
            let row = scroll + line
            guard row < rows else { break }
            let y = area.y + 1 + line
            var cx = area.x
            let isSelected = focused && row == selected
            for (i, w) in fitted {
                let (text, role) = cell(row, i)
                let c = columns[i]
                let effective = rowRole(row) ?? role
                let shown = c.right ? padLeft(text, w) : padRight(text, w)
                buf.write(shown, x: cx, y: y, style: Style(effective))
                if !highlight.isEmpty { mark(shown, x: cx, y: y, in: &buf) }
                cx += w + 1
            }
            if isSelected {
                buf.restyle(Rect(x: area.x, y: y, width: area.width, height: 1)) { s in Style(.selection, s.attributes) }
            }
        }
        if rows > visible {
            let info = "\(min(rows, scroll + 1))-\(min(rows, scroll + visible)) of \(groupDigits(rows))"
            buf.write(info, x: area.maxX - CellWidth.of(info), y: area.maxY, style: Style(.dim))
        }
    }
}
