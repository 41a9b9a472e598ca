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
        let file = s.workflow[n]
        if let a = e.alert {
            let ack = file?.acknowledged.map { "acknowledged by \($0.user) at \($0.time.clockString)" } ?? "not acknowledged"
            lines.append(("alert \(a.id) \(a.severity.rawValue), raised \(a.raisedAt)\(a.active ? "" : " - no longer red"), \(ack)",
                          file?.acknowledged == nil ? .unacked : .dim, []))
        }
        if let a = file?.assignment {
            let state = a.completed.map { "done \($0.time.clockString)" } ?? (a.overdue(now: s.now) ? "OVERDUE" : "open")
            lines.append(("inspection: \(a.assignee), \(a.priority.rawValue), due \(a.due.clockString) (\(state)); assigned by \(a.by.user) at \(a.by.time.clockString)",
                          a.overdue(now: s.now) ? .overdue : .accent, []))
        } else {
            lines.append(("inspection: not assigned", .dim, []))
        }
        for r in file?.results ?? [] { lines.append(("result: \(r.outcome) - recorded by \(r.by.user) at \(r.by.time.clockString)", .accent, [])) }
        if let r = file?.released { lines.append(("released by \(r.user) at \(r.time.clockString)", .accent, [])) }
        for r in file?.remarks ?? [] {
            let what = r.kind == .flag ? "FLAG" : r.kind == .cancel ? "cancelled" : "note"
            lines.append(("\(what) \(r.by.user) \(r.by.time.clockString): \(r.text)", r.kind == .flag ? .warning : .normal, []))
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

/// A workflow form in a box over the panes.
enum FormOverlay {
    static func draw(_ buf: inout ScreenBuffer, _ layout: Layout, _ state: AppState) {
        guard let f = state.form else { return }
        let suggestions = f.suggestions
        let w = min(layout.width - 2, 78)
        let h = min(layout.height - 2, f.fields.count + 7)
        let r = Rect(x: (layout.width - w) / 2, y: max(1, (layout.height - h) / 2), width: w, height: h)
        buf.box(r, title: f.title, focused: true)
        let inner = r.inset(1)
        buf.fill(inner, style: Style(.overlay))
        var y = inner.y
        if let c = f.context {
            buf.write(c, x: inner.x + 1, y: y, style: Style(.warning), maxWidth: inner.width - 2)
        }
        y += 1
        let labelWidth = (f.fields.map { CellWidth.of($0.label) }.max() ?? 0) + 1
        for (i, field) in f.fields.enumerated() where y < inner.maxY - 2 {
            let focused = i == f.focus
            var x = inner.x + 1
            x += buf.write(padLeft(field.label, labelWidth) + "  ", x: x, y: y, style: Style(.overlay, focused ? [.bold] : []))
            let shown = field.choices.isEmpty ? field.value + (focused ? "_" : "") : "< \(field.value) >"
            x += buf.write(shown, x: x, y: y, style: Style(focused ? .selection : .overlay, focused ? [.bold] : []), maxWidth: inner.maxX - x - 1)
            let hint = focused && !field.choices.isEmpty ? "  Left/Right or a letter" : (field.hint.isEmpty ? "" : "  " + field.hint)
            buf.write(hint, x: x, y: y, style: Style(.dim), maxWidth: max(0, inner.maxX - x - 1))
            y += 1
        }
        if !suggestions.isEmpty && !(suggestions.count == 1 && suggestions[0] == f.fields[f.focus].value) {
            buf.write("Tab: " + suggestions.prefix(8).joined(separator: "  "), x: inner.x + 1, y: inner.maxY - 2, style: Style(.accent),
                      maxWidth: inner.width - 2)
        }
        if let e = f.error {
            buf.write(e, x: inner.x + 1, y: inner.maxY - 1, style: Style(.warning, [.bold]), maxWidth: inner.width - 2)
        } else {
            buf.write("Enter confirm  Esc cancel (nothing written)  Up/Down field", x: inner.x + 1, y: inner.maxY - 1, style: Style(.dim),
                      maxWidth: inner.width - 2)
        }
    }
}

/// A y/n question before a bulk or destructive action.
enum ConfirmOverlay {
    static func draw(_ buf: inout ScreenBuffer, _ layout: Layout, _ state: AppState) {
        guard let c = state.confirmation else { return }
        let text = c.question + "  y/Enter yes, n/Esc no"
        let w = min(layout.width - 2, CellWidth.of(text) + 4)
        let r = Rect(x: (layout.width - w) / 2, y: layout.height / 2 - 1, width: w, height: 3)
        buf.box(r, title: "Confirm", focused: true)
        buf.fill(r.inset(1), style: Style(.overlay))
        buf.write(text, x: r.x + 2, y: r.y + 1, style: Style(.warning, [.bold]), maxWidth: w - 4)
    }
}
