import QuayCore

enum AlertsPane {
    static let columns = [
        Column(title: "", min: 1, priority: 9),
        Column(title: "SEV", min: 4, priority: 9),
        Column(title: "CONTAINER", min: 11, priority: 10),
        Column(title: "SCORE", min: 5, priority: 8, right: true),
        Column(title: "REASONS", min: 14, flex: 3, priority: 7),
        Column(title: "STATUS", min: 12, priority: 4),
        Column(title: "FROM", min: 5, priority: 3),
        Column(title: "AGE", min: 6, priority: 8, right: true),
        Column(title: "ACK", min: 15, priority: 5),
    ]

    static func draw(_ buf: inout ScreenBuffer, _ r: Rect, _ state: AppState, _ s: Snapshot) {
        let alerts = state.rows.alerts
        let sla = state.slaMinutes / 60
        func acked(_ a: Alert) -> Stamp? { s.workflow[a.container]?.acknowledged }
        var active = 0, unacked = 0, overdue = 0
        // Every alert of the port, each frame: read the fields in place (no
        // copy of each alert), and ask the journal's case files only when
        // there are some.
        let noCaseFiles = s.workflow.files.isEmpty
        alerts.withUnsafeBufferPointer { p in
            for i in p.indices {
                if p[i].active { active += 1 }
                guard noCaseFiles || s.workflow[p[i].container]?.acknowledged == nil else { continue }
                unacked += 1
                if p[i].active && s.now.hours(since: p[i].raisedAt) > sla { overdue += 1 }
            }
        }
        var right = "\(active) active, \(unacked) unacked"
        if overdue > 0 { right += ", \(overdue) past SLA" }
        let focused = state.focus == .alerts && state.overlay == nil
        buf.box(r, title: "1 Alerts" + filterMark(state), focused: focused, right: right)
        let inner = r.inset(1)
        let list = AppState.ListID.alerts
        let box = RowMemo { s.state.containers[alerts[$0].container] }
        TableView(columns: columns, rows: alerts.count, selected: state.selected(list), scroll: state.scroll[list] ?? 0, focused: focused,
                  sort: state.sort(for: list),
                  hidden: state.hidden(for: list),
                  highlight: state.filter.highlightTerms,
                  cell: { row, col in
                      let a = alerts[row]
                      func c() -> Container? { box[row] }
                      let hours = s.now.hours(since: a.raisedAt)
                      let sevRole: Role = a.severity == .critical ? .alertCritical : .alertHigh
                      switch col {
                      case 0:
                          if state.marks.contains(a.container) { return ("+", .accent) }
                          return acked(a) == nil ? ("●", .unacked) : ("✓", .dim)
                      case 1: return (a.active ? (a.severity == .critical ? "CRIT" : "HIGH") : "was", a.active ? sevRole : .dim)
                      case 2: return (a.container.text, a.active ? .normal : .dim)
                      case 3: return (String(a.score), sevRole)
                      case 4: return (a.reasons.sorted { $0.points > $1.points }.map(\.rule).joined(separator: ", "), a.active ? .normal : .dim)
                      case 5: return (c()?.status.rawValue ?? "-", .dim)
                      case 6: return (c()?.facts.manifest.pol ?? "-", .normal)
                      case 7:
                          let late = a.active && acked(a) == nil && hours > sla
                          return ((late ? "!" : "") + age(hours), late ? .overdue : .normal)
                      default:
                          guard let k = acked(a) else { return ("-", .dim) }
                          return ("\(k.user) \(String(k.time.clockString.dropFirst(11)))", .dim)
                      }
                  }).draw(&buf, inner)
    }
}

/// One cell of a container row, by column title: the queues and the
/// containers list show the same columns the same way.
func boxCell(_ c: Container, _ column: String, _ state: AppState, _ s: Snapshot, waitingSince: Timestamp? = nil) -> (String, Role) {
    switch column {
    case "": return (state.marks.contains(c.number) ? "+" : " ", .accent)
    case "CONTAINER": return (c.number.text, .normal)
    case "LANE": return ("\(laneText(c.lane)) \(c.score)", laneRole(c.lane))
    case "STATUS": return (c.status.rawValue, .dim)
    case "ROUTE": return (route(c), .normal)
    case "GOODS": return (c.facts.manifest.goods ?? "-", .normal)
    case "CONSIGNEE": return (c.facts.manifest.consignee ?? "-", .normal)
    case "TERM": return (c.facts.terminal ?? "-", .dim)
    case "DWELL": return (c.facts.dwellHours(now: s.now).map(age) ?? "-", .normal)
    case "WAIT": return (waitingSince.map { age(s.now.hours(since: $0)) } ?? "-", .accent)
    case "ASSIGNEE":
        guard let a = s.workflow[c.number]?.assignment else { return ("-", .dim) }
        if !a.isOpen { return (a.assignee + " done", .dim) }
        if a.overdue(now: s.now) { return ("!" + a.assignee + " overdue " + age(s.now.hours(since: a.due)), .overdue) }
        return (a.assignee + " due " + age(a.due.hours(since: s.now)), .normal)
    default: return ("-", .dim)
    }
}

/// Names of a list's columns, as `:hide`/`:show` take them.
func columnNames(for list: AppState.ListID) -> [String] {
    let columns: [Column]
    switch list {
    case .alerts: columns = AlertsPane.columns
    case .queue: columns = QueuesPane.columns
    case .containers: columns = ContainersPane.columns
    }
    return columns.map { $0.title.lowercased() }.filter { !$0.isEmpty }
}

/// ` [filter: lane:red]` in a pane title while a filter is on.
func filterMark(_ state: AppState) -> String {
    state.filter.isEmpty ? "" : " [filter: \(fit(state.filter.source, 24))]"
}

enum QueuesPane {
    static let columns = [
        Column(title: "", min: 1, priority: 9),
        Column(title: "CONTAINER", min: 11, priority: 10),
        Column(title: "LANE", min: 7, priority: 9),
        Column(title: "ROUTE", min: 11, flex: 2, priority: 6),
        Column(title: "GOODS", min: 8, flex: 2, priority: 5),
        Column(title: "TERM", min: 5, priority: 3),
        Column(title: "DWELL", min: 5, priority: 4, right: true),
        Column(title: "WAIT", min: 5, priority: 8, right: true),
        Column(title: "STATUS", min: 12, priority: 2),
        Column(title: "ASSIGNEE", min: 10, flex: 1, priority: 3),
    ]

    static func label(_ q: Queue) -> String {
        switch q {
        case .awaitingScan: return "Scan"
        case .awaitingInspection: return "Inspection"
        case .held: return "Held"
        }
    }

    static func draw(_ buf: inout ScreenBuffer, _ r: Rect, _ state: AppState, _ s: Snapshot) {
        let focused = state.focus == .queues && state.overlay == nil
        buf.box(r, title: "2 Queues" + filterMark(state), focused: focused, right: "4 Containers")
        let inner = r.inset(1)
        // Tabs: name, length and oldest wait; the waits go first when narrow.
        func tabs(withOldest: Bool) -> [String] {
            Queue.allCases.map { q in
                let count = s.state.aggregates.queueLength(q)
                let oldest = withOldest ? (state.rows.oldest[q].map { " (" + age(s.now.hours(since: $0)) + ")" } ?? "") : ""
                return " \(label(q)) \(count)\(oldest) "
            }
        }
        var labels = tabs(withOldest: true)
        if labels.map({ CellWidth.of($0) + 1 }).reduce(0, +) > inner.width { labels = tabs(withOldest: false) }
        var x = inner.x
        for (q, text) in zip(Queue.allCases, labels) where x < inner.maxX {
            let current = q == state.queueTab
            x += buf.write(text, x: x, y: inner.y, style: Style(current ? .titleFocused : .dim, current ? [.bold, .reverse] : []),
                           maxWidth: inner.maxX - x)
            x += 1
        }
        let list = AppState.ListID.queue(state.queueTab)
        let items = state.rows.queues[state.queueTab] ?? []
        let since = s.state.aggregates.queues[state.queueTab] ?? [:]
        let area = Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 1)
        let box = RowMemo { s.state.containers[items[$0]] }
        TableView(columns: columns, rows: items.count, selected: state.selected(list), scroll: state.scroll[list] ?? 0, focused: focused,
                  sort: state.sort(for: list),
                  hidden: state.hidden(for: list),
                  highlight: state.filter.highlightTerms,
                  cell: { row, col in
                      guard let c = box[row] else { return ("?", .normal) }
                      return boxCell(c, columns[col].title, state, s, waitingSince: since[c.number])
                  }).draw(&buf, area)
    }
}

enum ContainersPane {
    static let columns = [
        Column(title: "", min: 1, priority: 9),
        Column(title: "CONTAINER", min: 11, priority: 10),
        Column(title: "LANE", min: 7, priority: 9),
        Column(title: "STATUS", min: 12, priority: 8),
        Column(title: "ROUTE", min: 11, flex: 2, priority: 6),
        Column(title: "GOODS", min: 8, flex: 2, priority: 5),
        Column(title: "CONSIGNEE", min: 10, flex: 2, priority: 3),
        Column(title: "DWELL", min: 5, priority: 4, right: true),
    ]

    static func draw(_ buf: inout ScreenBuffer, _ r: Rect, _ state: AppState, _ s: Snapshot) {
        let focused = state.focus == .containers && state.overlay == nil
        let items = state.rows.containers
        buf.box(r, title: "4 Containers" + filterMark(state), focused: focused, right: "2 Queues")
        let inner = r.inset(1)
        let lanes = s.state.aggregates.byLane
        buf.write(" \(groupDigits(items.count))\(state.filter.isEmpty ? "" : " of \(groupDigits(state.rows.total))") boxes: \(groupDigits(lanes[.red] ?? 0)) red, \(groupDigits(lanes[.amber] ?? 0)) amber, \(groupDigits(lanes[.green] ?? 0)) green - by risk",
                  x: inner.x, y: inner.y, style: Style(.dim), maxWidth: inner.width)
        let list = AppState.ListID.containers
        let area = Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 1)
        let box = RowMemo { s.state.containers[items[$0]] }
        TableView(columns: columns, rows: items.count, selected: state.selected(list), scroll: state.scroll[list] ?? 0, focused: focused,
                  sort: state.sort(for: list),
                  hidden: state.hidden(for: list),
                  highlight: state.filter.highlightTerms,
                  cell: { row, col in
                      guard let c = box[row] else { return ("?", .normal) }
                      return boxCell(c, columns[col].title, state, s)
                  }).draw(&buf, area)
    }
}

enum SeizuresPane {
    static func draw(_ buf: inout ScreenBuffer, _ r: Rect, _ state: AppState, _ s: Snapshot, compact: Bool) {
        let focused = state.focus == .seizures && state.overlay == nil
        let report = state.rows.report ?? Report(state: s.state, stats: s.stats, now: s.now)
        buf.box(r, title: "3 Seizures", focused: focused, right: s.now.dateString)
        let inner = r.inset(1)
        var y = inner.y
        func line(_ text: String, _ role: Role = .normal, _ attrs: Attributes = []) {
            guard y < inner.maxY else { return }
            buf.write(text, x: inner.x + 1, y: y, style: Style(role, attrs), maxWidth: inner.width - 1)
            y += 1
        }
        let drugs: [Drug] = [.cocaine, .cannabis, .heroin, .synthetic, .other]
        let kgW = 8
        let showDrugs = compact ? [] : Array(drugs.prefix(max(0, (inner.width - 24) / (kgW + 1))))
        line(padRight("", 6) + padLeft("cases", 6) + padLeft("kg", kgW + 1)
             + showDrugs.map { padLeft(String($0.rawValue.prefix(kgW)), kgW + 1) }.joined(), .columnHeader, [.bold])
        for name in Report.windowNames {
            let w = report.seizures.windows[name]!
            line(padRight(name, 6) + padLeft(String(w.total.cases), 6) + padLeft(kg(w.total.kg), kgW + 1)
                 + showDrugs.map { padLeft(kg(w.byDrug[$0.rawValue]?.kg ?? 0), kgW + 1) }.joined(),
                 w.total.cases > 0 ? .accent : .normal)
        }
        let days = report.seizures.perDay.map(\.kg)
        let sparkWidth = min(days.count, inner.width - 12)
        if sparkWidth > 4 {
            line("30 days " + sparkline(Array(days.suffix(sparkWidth))), .bar)
        }
        if compact { return }
        y += 1
        func bars(_ title: String, _ tallies: [String: Report.Tally]) {
            guard y < inner.maxY - 1 else { return }
            line(title + " (ytd, kg)", .columnHeader, [.bold])
            let rows = tallies.sorted { $0.value.kg != $1.value.kg ? $0.value.kg > $1.value.kg : $0.key < $1.key }.prefix(4)
            let top = rows.first?.value.kg ?? 0
            if rows.isEmpty { line("none yet", .dim) }
            let labelW = 14, valueW = 8
            let barW = max(1, inner.width - labelW - valueW - 4)
            for (k, t) in rows {
                guard y < inner.maxY else { return }
                let n = top > 0 ? max(1, Int((t.kg / top) * Double(barW))) : 0
                buf.write(padRight(k, labelW), x: inner.x + 1, y: y, style: Style(.normal))
                buf.write(String(repeating: "█", count: n), x: inner.x + 2 + labelW, y: y, style: Style(.bar))
                buf.write(padLeft(kg(t.kg), valueW), x: inner.maxX - valueW - 1, y: y, style: Style(.accent))
                y += 1
            }
            y += 1
        }
        bars("Origin", report.seizures.byOriginCountry)
        bars("Concealment", report.seizures.byConcealment)
        let h = report.hitRates
        func pct(_ v: Double?) -> String { v.map { format1($0 * 100) + "%" } ?? "-" }
        line("Hit rates", .columnHeader, [.bold])
        line("scans \(h.scanAnomalies)/\(h.scans) anomaly \(pct(h.scanHitRate))")
        line("inspections \(h.inspectionHits)/\(h.inspections) found \(pct(h.inspectionHitRate))")
    }
}
