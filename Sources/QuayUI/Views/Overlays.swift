import QuayCore

enum HelpOverlay {
    /// Help text generated from the key map that drives input.
    static func lines() -> [(String, Role)] {
        var out: [(String, Role)] = [("Keys", .titleFocused)]
        var group = ""
        for b in KeyMap.bindings {
            if b.group != group {
                group = b.group
                out.append(("", .normal))
                out.append((group, .columnHeader))
            }
            out.append(("  " + padRight(b.label, 16) + b.help, b.reserved ? .dim : .normal))
        }
        out.append(("", .normal))
        out.append(("Mouse: click selects a row, the wheel scrolls.", .dim))
        out.append(("Lanes: RED >= 60 points or an automatic-red rule, AMB 30-59, GRN below.", .dim))
        return out
    }

    static func draw(_ buf: inout ScreenBuffer, _ layout: Layout, _ scroll: Int) {
        let content = lines()
        let w = min(layout.width - 4, 76)
        let h = min(layout.height - 4, content.count + 2)
        let r = Rect(x: (layout.width - w) / 2, y: (layout.height - h) / 2, width: w, height: h)
        buf.box(r, title: "Help - Esc closes", focused: true)
        let inner = r.inset(1)
        buf.fill(inner, style: Style(.overlay))
        let top = min(scroll, max(0, content.count - inner.height))
        for (i, (text, role)) in content.dropFirst(top).prefix(inner.height).enumerated() {
            buf.write(text, x: inner.x + 1, y: inner.y + i, style: Style(role, role == .columnHeader || role == .titleFocused ? [.bold] : []),
                      maxWidth: inner.width - 2)
        }
    }
}

enum DetailOverlay {
    static func draw(_ buf: inout ScreenBuffer, _ layout: Layout, _ state: AppState, _ s: Snapshot, _ n: ContainerNumber, _ scroll: Int) {
        let r = Rect(x: 0, y: 1, width: layout.width, height: layout.height - 2)
        guard let c = s.state.containers[n] else {
            buf.box(r, title: n.text, focused: true)
            buf.write("no longer in the feed", x: r.x + 2, y: r.y + 2)
            return
        }
        let e = Explanation(c, state: s.state, now: s.now)
        buf.box(r, title: "\(n.text) - details (Esc back)", focused: true, right: "\(laneText(c.lane)) \(c.score)")
        let inner = r.inset(1)
        buf.fill(inner, style: Style(.overlay))
        var lines: [(String, Role, Attributes)] = []
        lines.append(("\(e.container)   lane \(laneText(e.lane))   score \(e.score)\(e.autoRed ? " (automatic red)" : "")   status \(e.status.rawValue)", laneRole(e.lane), [.bold]))
        if let a = e.alert {
            lines.append(("alert \(a.id) \(a.severity.rawValue), raised \(a.raisedAt)\(a.active ? "" : " - no longer red"), not acknowledged", .unacked, []))
        }
        lines.append(("", .normal, []))
        let w = e.facts.map { CellWidth.of($0.name) }.max() ?? 0
        for f in e.facts { lines.append(("  " + padRight(f.name, w) + "  " + f.value, .normal, [])) }
        lines.append(("", .normal, []))
        lines.append(("Risk: \(e.score) points -> \(e.lane.rawValue)", .columnHeader, [.bold]))
        for rule in e.rules where rule.fired {
            lines.append(("  +\(padLeft(String(rule.points), 3))  \(rule.rule)\(rule.autoRed ? " [auto-red]" : "")  \(rule.description)", rule.autoRed ? .laneRed : .accent, []))
            lines.append(("         \(rule.evidence.joined(separator: "; "))", .dim, []))
        }
        let quiet = e.rules.filter { !$0.fired }.map(\.rule)
        if !quiet.isEmpty { lines.append(("  not fired: " + quiet.joined(separator: ", "), .dim, [])) }
        lines.append(("", .normal, []))
        lines.append(("Timeline (\(e.timeline.count) events)", .columnHeader, [.bold]))
        for t in e.timeline {
            lines.append(("  \(t.ts)  \(t.summary)" + (t.source.map { "  [\(shortSource($0))]" } ?? ""), t.type == .seizure ? .laneRed : .normal, []))
        }
        lines = lines.flatMap { l in wrap(l.0, inner.width - 2).map { ($0, l.1, l.2) } }
        let top = min(scroll, max(0, lines.count - inner.height))
        for (i, l) in lines.dropFirst(top).prefix(inner.height).enumerated() {
            buf.write(l.0, x: inner.x + 1, y: inner.y + i, style: Style(l.1, l.2), maxWidth: inner.width - 2)
        }
        if lines.count > inner.height {
            let info = " \(top + 1)-\(min(lines.count, top + inner.height)) of \(lines.count) "
            buf.write(info, x: r.maxX - CellWidth.of(info) - 2, y: r.maxY - 1, style: Style(.dim))
        }
    }
}

enum SavedFiltersOverlay {
    static func draw(_ buf: inout ScreenBuffer, _ layout: Layout, _ state: AppState) {
        let filters = state.savedFilters.prefix(9)
        let w = min(layout.width - 4, 90)
        let h = min(layout.height - 4, filters.count + 4)
        let r = Rect(x: (layout.width - w) / 2, y: (layout.height - h) / 2, width: w, height: h)
        buf.box(r, title: "Saved filters - press a number, Esc closes", focused: true)
        let inner = r.inset(1)
        buf.fill(inner, style: Style(.overlay))
        if filters.isEmpty {
            buf.write("none yet: apply a filter, then type :save NAME at the / prompt", x: inner.x + 1, y: inner.y, style: Style(.dim))
            return
        }
        let nameWidth = min(24, filters.map { CellWidth.of($0.name) }.max() ?? 0)
        for (i, f) in filters.enumerated() where i < inner.height {
            let y = inner.y + i
            var x = inner.x + 1
            x += buf.write("\(i + 1) ", x: x, y: y, style: Style(.accent, [.bold]))
            x += buf.write(padRight(f.name, nameWidth) + "  ", x: x, y: y, style: Style(.overlay, [.bold]))
            buf.write(f.query, x: x, y: y, style: Style(.overlay), maxWidth: inner.maxX - x - 1)
        }
        if inner.height > filters.count + 1 {
            buf.write("At the / prompt: :NAME recalls, :save NAME keeps the filter in force.", x: inner.x + 1, y: inner.maxY - 1, style: Style(.dim))
        }
    }
}
