import QuayCore

/// The feed's health (key f): one row per file with its state, bytes and
/// events read, rejects by reason and the last reject lines, and when its
/// last event came. Everything from the files (names, reject text) is
/// sanitised before it is drawn.
enum FeedOverlay {
    typealias Segment = (text: String, role: Role, attrs: Attributes)

    static let columns = [
        Column(title: "FILE", min: 14, flex: 1, priority: 9),
        Column(title: "STATE", min: 16, priority: 8),
        Column(title: "BYTES", min: 8, priority: 4, right: true),
        Column(title: "EVENTS", min: 8, priority: 7, right: true),
        Column(title: "DUP", min: 5, priority: 2, right: true),
        Column(title: "REJ", min: 5, priority: 6, right: true),
        Column(title: "LAST EVENT", min: 17, priority: 5),
        Column(title: "ARRIVED", min: 8, priority: 3, right: true),
    ]

    static func draw(_ buf: inout ScreenBuffer, _ layout: Layout, _ s: Snapshot, _ scroll: Int) {
        let r = Rect(x: 0, y: 1, width: layout.width, height: layout.height - 2)
        let feed = s.feed
        buf.box(r, title: "Feed health - f or Esc closes", focused: true, right: "\(feed.health.count) file\(feed.health.count == 1 ? "" : "s")")
        let inner = r.inset(1)
        buf.fill(inner, style: Style(.overlay))
        let width = inner.width - 2
        guard width > 0, inner.height > 2 else { return }
        var x = inner.x + 1
        for seg in summary(s) {
            // Whole parts only: a cut-off figure would mislead.
            guard x + CellWidth.of(seg.text) <= inner.maxX - 1 else { break }
            x += buf.write(seg.text, x: x, y: inner.y, style: Style(seg.role, seg.attrs))
        }
        if let problem = feed.stateProblem {
            buf.write(fit("checkpoint: " + Sanitizer.clean(problem), width), x: inner.x + 1, y: inner.y + 1, style: Style(.warning), maxWidth: width)
        } else if let restart = feed.restart {
            buf.write(fit(Sanitizer.clean(restart), width), x: inner.x + 1, y: inner.y + 1, style: Style(.dim), maxWidth: width)
        }
        // The file column takes spare room only up to the longest name; the table stays compact on wide screens.
        let longest = feed.health.map { CellWidth.of(Sanitizer.clean(shortSource($0.path), limit: 200)) }.max() ?? 0
        let fitted = layoutColumns(columns, width: width).map { c in
            c.index == 0 ? (index: c.index, width: min(c.width, max(columns[0].min, longest + 2))) : c
        }
        x = inner.x + 1
        for (i, w) in fitted {
            let c = columns[i]
            buf.write(c.right ? padLeft(c.title, w) : padRight(c.title, w), x: x, y: inner.y + 2, style: Style(.columnHeader, [.bold]))
            x += w + 1
        }
        let lines = body(s, fitted: fitted, width: width)
        let room = inner.height - 3
        guard room > 0 else { return }
        let top = min(scroll, max(0, lines.count - room))
        for (i, line) in lines.dropFirst(top).prefix(room).enumerated() {
            var x = inner.x + 1
            for seg in line {
                guard x < inner.maxX - 1 else { break }
                x += buf.write(seg.text, x: x, y: inner.y + 3 + i, style: Style(seg.role, seg.attrs), maxWidth: inner.maxX - 1 - x)
            }
        }
        if lines.count > room {
            let info = " \(top + 1)-\(min(lines.count, top + room)) of \(lines.count) "
            buf.write(info, x: r.maxX - CellWidth.of(info) - 2, y: r.maxY - 1, style: Style(.dim))
        }
    }

    /// The first line: mode, totals, how fresh the feed is.
    static func summary(_ s: Snapshot) -> [Segment] {
        var out: [Segment] = []
        switch s.feed.mode {
        case .demo(let speed): out.append(("DEMO \(Int(speed))x", .demo, [.bold]))
        case .live:
            if let stale = s.feed.staleSeconds(wallNow: s.wallNow) {
                out.append(("STALE \(staleFor(stale))", .warning, [.bold]))
            } else {
                out.append(("LIVE", .ok, [.bold]))
            }
        }
        out.append(("  \(groupDigits(s.stats.events)) events", .overlay, []))
        out.append(("  \(groupDigits(s.stats.rejected)) rejected", s.stats.rejected > 0 ? .warning : .overlay, []))
        out.append(("  \(groupDigits(s.stats.duplicates)) duplicates", .overlay, []))
        if s.state.archived.total > 0 {
            out.append(("  \(groupDigits(s.state.archived.total)) boxes archived", .overlay, []))
            if s.state.lateForArchived > 0 {
                out.append(("  \(groupDigits(s.state.lateForArchived)) late events for archived boxes ignored", .warning, []))
            }
        }
        if let last = s.feed.lastArrivalWall {
            out.append(("  last event \(ago(s.wallNow - last))", .overlay, []))
        }
        if case .live = s.feed.mode { out.append(("  (stale after \(Int(s.feed.staleAfter)) s)", .dim, [])) }
        return out
    }

    /// A row per file, then its rejects by reason, its last reject lines
    /// and its problem; paths that lead to no file at the end.
    static func body(_ s: Snapshot, fitted: [(index: Int, width: Int)], width: Int) -> [[Segment]] {
        var lines: [[Segment]] = []
        for h in s.feed.health {
            let name = Sanitizer.clean(shortSource(h.path), limit: 200)
            var row: [Segment] = []
            for (i, w) in fitted {
                let (text, role) = cell(i, h, s)
                row.append(((columns[i].right ? padLeft(text, w) : padRight(text, w)) + " ", role, i == 0 ? [.bold] : []))
            }
            lines.append(row)
            if let since = h.sinceLastRun {
                lines.append([("    " + fit(since, width - 4), .accent, [])])
            }
            if let problem = h.problem {
                lines.append([("    " + fit(Sanitizer.clean(problem), width - 4), .warning, [])])
            }
            if h.rejected > 0 {
                lines.append([("    rejects: " + IngestStats.summarise(h.rejectCounts), .warning, [])])
                // `path:line: reason` (sanitised when kept), with the file named as in the row above.
                let path = Sanitizer.clean(h.path, limit: 400)
                for reject in h.recentRejects {
                    let shown = reject.hasPrefix(path + ":") ? name + reject.dropFirst(path.count) : Substring(reject)
                    lines.append([("    " + fit(Sanitizer.clean(String(shown)), width - 4), .dim, [])])
                }
            }
        }
        if s.feed.health.isEmpty { lines.append([("no files yet", .dim, [])]) }
        let files = Set(s.feed.health.map(\.path))
        for (path, problem) in s.feed.fileErrors.sorted(by: { $0.key < $1.key }) where !files.contains(path) {
            lines.append([(fit(Sanitizer.clean("\(path): \(problem)"), width), .warning, [])])
        }
        return lines
    }

    static func cell(_ column: Int, _ h: FileHealth, _ s: Snapshot) -> (String, Role) {
        switch column {
        case 0: return (Sanitizer.clean(shortSource(h.path), limit: 200), .overlay)
        case 1:
            let role: Role
            switch h.state {
            case .following: role = .ok
            case .rotated, .truncated, .gzipIncomplete: role = .accent
            case .gone, .unreadable, .gzipFailed: role = .warning
            case .gzipDone, .read: role = .overlay
            }
            return (h.state.rawValue, role)
        case 2: return (formatBytes(h.bytes), .overlay)
        case 3: return (groupDigits(h.events), .overlay)
        case 4: return (groupDigits(h.duplicates), .overlay)
        case 5: return (groupDigits(h.rejected), h.rejected > 0 ? .warning : .overlay)
        case 6:
            guard let t = h.lastEventTime else { return ("-", .dim) }
            return (String(Timestamp(ms: t.ms - t.ms % 60_000).description.map { $0 == "T" ? " " : $0 }.dropLast(4)) + "Z", .overlay)
        default:
            guard let wall = h.lastArrivalWall else { return ("-", .dim) }
            return (ago(s.wallNow - wall), .overlay)
        }
    }

    /// `3 s ago`, `12m ago`, `2.5h ago`.
    static func ago(_ millis: Int64) -> String {
        let seconds = max(0, Double(millis) / 1000)
        if seconds < 120 { return "\(Int(seconds)) s ago" }
        return age(seconds / 3600) + " ago"
    }
}

/// How long the feed has been stale: seconds for the first ten minutes, then hours and minutes.
func staleFor(_ seconds: Double) -> String {
    seconds < 600 ? "\(Int(seconds)) s" : age(seconds / 3600)
}

/// `812 B`, `12.3 KB`, `4.0 MB`, `1.2 GB` (powers of 1,024).
func formatBytes(_ n: Int) -> String {
    if n < 1024 { return "\(n) B" }
    let units = ["KB", "MB", "GB", "TB"]
    var v = Double(n) / 1024
    var i = 0
    while v >= 1024 && i < units.count - 1 { v /= 1024; i += 1 }
    let rounded = (v * 10).rounded() / 10
    return (rounded >= 100 ? String(Int(rounded)) : String(rounded)) + " " + units[i]
}
