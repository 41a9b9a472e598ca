import Foundation
import QuayCore

/// Messages the UI reacts to.
public enum Msg: Sendable {
    case key(Key)
    case snapshot(Snapshot)
    /// Lists built off the main thread for a request `update` made.
    case rows(Rows, RowsRequest)
    case resize(width: Int, height: Int)
}

/// What the outside world must do after an update.
public enum Effect: Sendable, Equatable {
    case quit
    case setTheme(Int)
    /// Keep the filter history across runs.
    case saveHistory([String])
    /// Keep a named filter across runs.
    case saveFilter(SavedFilter)
    /// Write these containers (marked, else the filtered list) to a file;
    /// CSV, or JSON when the path ends in .json.
    case export(path: String, containers: [ContainerNumber])
    /// Write these actions to the journal (the state follows from it).
    case journal([ActionRequest])
    /// Build the lists for a new snapshot off the main thread, then send
    /// `.rows` back (only when `AppState.buildRowsInBackground`).
    case buildRows(RowsRequest)
}

/// What the lists of a snapshot are built from.
public struct RowsRequest: Sendable, Equatable {
    let snapshot: Snapshot
    let filter: Query
    let sorts: [SortFamily: SortSpec]
    /// The lists shown now: what does not depend on the filter is reused.
    var shown: Rows? = nil

    /// Sorting every list of a big port takes long: call it off the main thread.
    public func build() -> Rows { Rows(snapshot, filter: filter, sorts: sorts, reuse: shown) }

    public static func == (a: RowsRequest, b: RowsRequest) -> Bool {
        a.snapshot.generation == b.snapshot.generation && a.filter.source == b.filter.source && a.sorts == b.sorts
    }
}

/// Applies a message to the state and says what to do next. Pure.
public func update(_ state: inout AppState, _ msg: Msg) -> [Effect] {
    switch msg {
    case .snapshot(let s):
        // Lists change with the model; the seizure windows (today, 7d, ...)
        // also move on at midnight.
        let stale = state.snapshot.map {
            $0.state.revision != s.state.revision || $0.state.alerts.count != s.state.alerts.count || $0.now.day != s.now.day
        } ?? true
        state.snapshot = s
        guard stale else { clampSelections(&state); return [] }
        if state.buildRowsInBackground && state.rows.total > 0 {
            // Keys stay answered while the lists are rebuilt; the old lists
            // show until the new ones arrive.
            return [.buildRows(RowsRequest(snapshot: s, filter: state.filter, sorts: state.sorts, shown: state.rows))]
        }
        state.rows = Rows(s, filter: state.filter, sorts: state.sorts, reuse: state.rows)
        clampSelections(&state)
        return []
    case .rows(let rows, let request):
        // Lists for a filter or sort the user has since changed are dropped.
        guard request.filter.source == state.filter.source, request.sorts == state.sorts,
              request.snapshot.generation <= (state.snapshot?.generation ?? 0) else { return [] }
        state.rows = rows
        clampSelections(&state)
        return []
    case .resize(let w, let h):
        state.size = (w, h)
        clampSelections(&state)
        return []
    case .key(let key):
        var effects = handle(key, &state)
        if let request = state.pendingRows {
            state.pendingRows = nil
            effects.append(.buildRows(request))
        }
        return effects
    }
}

private func handle(_ key: Key, _ state: inout AppState) -> [Effect] {
    state.status = nil
    if case .mouse(let m) = key { return mouse(m, &state) }
    if case .resize = key { return [] }
    if state.prompt != nil { return promptKey(key, &state) }
    if state.confirmation != nil { return confirmKey(key, &state) }
    if state.form != nil { return formKey(key, &state) }
    guard let action = KeyMap.action(for: key) else { return [] }
    if state.overlay == .savedFilters {
        if case .char(let c) = key, let n = c.wholeNumberValue, n >= 1, n <= state.savedFilters.count {
            state.overlay = nil
            return recall(state.savedFilters[n - 1], &state)
        }
        if key == .escape || key == .char("F") { state.overlay = nil; return [] }
        if KeyMap.action(for: key) == .quit { return [.quit] }
        return []
    }
    // Overlays take keys first.
    if let overlay = state.overlay {
        switch (overlay, action) {
        case (_, .quit): return [.quit]
        case (_, .back), (.help, .help), (.feed, .feedHealth): state.overlay = nil; return []
        case (.detail(let c, _), let a) where workflowActions[a] != nil: return workflowKey(a, target: c, &state)
        case (.help(let s), _): state.overlay = .help(scroll: scrolled(s, action, state))
        case (.feed(let s), _): state.overlay = .feed(scroll: scrolled(s, action, state))
        case (.detail(let c, let s), _): state.overlay = .detail(container: c, scroll: scrolled(s, action, state))
        case (.savedFilters, _): break
        }
        return []
    }
    switch action {
    case .quit: return [.quit]
    case .help: state.overlay = .help(scroll: 0)
    case .feedHealth: state.overlay = .feed(scroll: 0)
    case .back: break
    case .nextPane: state.focus = Pane(rawValue: (state.focus.rawValue + 1) % Pane.allCases.count)!
    case .previousPane: state.focus = Pane(rawValue: (state.focus.rawValue + Pane.allCases.count - 1) % Pane.allCases.count)!
    case .pane1: state.focus = .alerts
    case .pane2: state.focus = .queues
    case .pane3: state.focus = .seizures
    case .pane4: state.focus = .containers
    case .nextTab, .previousTab:
        if state.focus == .queues {
            let all = Queue.allCases
            let i = all.firstIndex(of: state.queueTab)!
            state.queueTab = all[(i + (action == .nextTab ? 1 : all.count - 1)) % all.count]
        }
    case .down, .up, .pageDown, .pageUp, .top, .bottom:
        guard let list = state.currentList else { break }
        let count = state.rows.count(list)
        let page = max(1, pageSize(list, state))
        var i = state.selected(list)
        switch action {
        case .down: i += 1
        case .up: i -= 1
        case .pageDown: i += page
        case .pageUp: i -= page
        case .top: i = 0
        default: i = count - 1
        }
        state.selection[list] = max(0, min(i, count - 1))
        clampSelections(&state)
    case .open:
        if let c = state.selectedContainer { state.overlay = .detail(container: c, scroll: 0) }
    case .nextTheme:
        state.themeIndex = (state.themeIndex + 1) % max(1, state.themeCount)
        return [.setTheme(state.themeIndex)]
    case .filter:
        state.prompt = AppState.Prompt(text: state.filter.source, cursor: state.filter.source.count, previous: state.filter, error: nil)
    case .clearFilter:
        applyFilter(.matchAll, &state)
        state.status = "filter cleared"
    case .savedFilters:
        state.overlay = .savedFilters
    case .sortNext, .sortReverse:
        guard let list = state.currentList else { break }
        let keys = SortKey.keys(for: list)
        let family = SortFamily(list)
        var spec = state.sorts[family] ?? SortSpec(key: keys[0])
        if action == .sortNext {
            spec = SortSpec(key: keys[((keys.firstIndex(of: spec.key) ?? 0) + 1) % keys.count])
        } else {
            spec.reversed.toggle()
        }
        state.sorts[family] = spec
        rebuildRows(&state)
        state.status = "sorted by \(spec.key.rawValue) \(spec.descending ? "(largest first)" : "(A-Z, smallest first)")"
    case .mark:
        guard let c = state.selectedContainer, let list = state.currentList else { break }
        if state.marks.remove(c) == nil { state.marks.insert(c) }
        state.selection[list] = min(state.selected(list) + 1, max(0, state.rows.count(list) - 1))
        clampSelections(&state)
    case .markAll:
        guard let list = state.currentList else { break }
        currentRows(&state)
        state.marks.formUnion(state.rows.containers(in: list))
        state.status = "\(groupDigits(state.marks.count)) marked"
    case .clearMarks:
        state.marks.removeAll()
        state.status = "marks cleared"
    case .acknowledge, .assign, .recordResult, .note, .flag, .cancelInspection, .release:
        return workflowKey(action, target: nil, &state)
    }
    return []
}

/// The filter or a sort changed: lists again from the current snapshot. On
/// the dashboard they are built off the main thread (a key must not wait
/// for a million boxes to sort); until they arrive the old lists show.
func rebuildRows(_ state: inout AppState) {
    guard let s = state.snapshot else { return }
    if state.buildRowsInBackground && state.rows.total > 0 {
        state.pendingRows = RowsRequest(snapshot: s, filter: state.filter, sorts: state.sorts, shown: state.rows)
    } else {
        state.rows = Rows(s, filter: state.filter, sorts: state.sorts, reuse: state.rows)
    }
}

/// The lists of the filter and sorts now in force, for an action on "the
/// list as filtered": when they are still being built off the main thread
/// (a key right after the filter changed), they are built here, so the
/// action never takes the rows of the filter before.
func currentRows(_ state: inout AppState) {
    guard state.rows.filterSource != state.filter.source || state.rows.sorts != state.sorts, let s = state.snapshot else { return }
    state.rows = Rows(s, filter: state.filter, sorts: state.sorts, reuse: state.rows)
    clampSelections(&state)
}

/// Sets the filter and rebuilds the lists from the current snapshot.
func applyFilter(_ q: Query, _ state: inout AppState) {
    state.filter = q
    rebuildRows(&state)
    for list in [AppState.ListID.alerts, .containers] + Queue.allCases.map({ .queue($0) }) {
        state.selection[list] = 0
        state.scroll[list] = 0
    }
    clampSelections(&state)
}

/// Keys while the filter prompt is open: the view narrows as you type; a
/// query that does not parse leaves the last good filter applied.
private func promptKey(_ key: Key, _ state: inout AppState) -> [Effect] {
    guard var p = state.prompt else { return [] }
    var chars = Array(p.text)
    switch key {
    case .ctrl("c"): return [.quit]
    case .escape:
        state.prompt = nil
        applyFilter(p.previous, &state)
        return []
    case .enter:
        let text = p.text.trimmingCharacters(in: .whitespaces)
        if !text.hasPrefix(":"), p.error != nil {
            // Committing would keep whatever prefix last parsed: the prompt
            // stays open with the error under it until the query is fixed or Esc.
            return []
        }
        state.prompt = nil
        if text.hasPrefix(":") { return promptCommand(String(text.dropFirst()), previous: p.previous, &state) }
        if !text.isEmpty, state.filterHistory.last != text {
            state.filterHistory.append(text)
            if state.filterHistory.count > 200 { state.filterHistory.removeFirst(state.filterHistory.count - 200) }
            return [.saveHistory(state.filterHistory)]
        }
        return []
    case .backspace:
        if p.cursor > 0 { chars.remove(at: p.cursor - 1); p.cursor -= 1 }
    case .delete:
        if p.cursor < chars.count { chars.remove(at: p.cursor) }
    case .left: p.cursor = max(0, p.cursor - 1)
    case .right: p.cursor = min(chars.count, p.cursor + 1)
    case .home, .ctrl("a"): p.cursor = 0
    case .end, .ctrl("e"): p.cursor = chars.count
    case .ctrl("u"): chars.removeAll(); p.cursor = 0
    case .up, .down:
        guard !state.filterHistory.isEmpty else { return [] }
        let last = state.filterHistory.count - 1
        var i = p.historyIndex ?? (key == .up ? last + 1 : last)
        i += key == .up ? -1 : 1
        i = max(0, min(last, i))
        p.historyIndex = i
        chars = Array(state.filterHistory[i])
        p.cursor = chars.count
    case .char(let c):
        chars.insert(c, at: p.cursor)
        p.cursor += 1
    case .tab:
        // Complete a field name at the cursor.
        let before = String(chars[..<p.cursor])
        let word = String(before.reversed().prefix { $0.isLetter || $0 == "_" }.reversed())
        if !word.isEmpty {
            let candidates = Fields.names.filter { $0.hasPrefix(word.lowercased()) }
            if candidates.count == 1 {
                let rest = Array(candidates[0].dropFirst(word.count)) + [":"]
                chars.insert(contentsOf: rest, at: p.cursor)
                p.cursor += rest.count
            } else if candidates.count > 1 {
                state.status = candidates.joined(separator: " ")
            }
        }
    default: return []
    }
    p.text = String(chars)
    if p.text.hasPrefix(":") {
        // A command (:save NAME, :NAME): the view keeps the filter from before it.
        p.error = nil
        state.prompt = p
        applyFilter(p.previous, &state)
        return []
    }
    do {
        let q = try Query.parse(p.text, lists: state.snapshot?.state.rules.lists ?? [:])
        p.error = nil
        state.prompt = p
        applyFilter(q, &state)
    } catch {
        p.error = error
        state.prompt = p
    }
    return []
}

/// `:save NAME` keeps the filter in force before the prompt under NAME;
/// `:NAME` applies a saved filter.
private func promptCommand(_ command: String, previous: Query, _ state: inout AppState) -> [Effect] {
    let words = command.split(separator: " ", maxSplits: 1).map(String.init)
    if words.first == "export" {
        guard words.count == 2 else { state.status = "usage: :export PATH (.json for JSON, else CSV)"; return [] }
        currentRows(&state)
        let boxes: [ContainerNumber]
        if state.marks.isEmpty {
            boxes = state.currentList.map { state.rows.containers(in: $0) } ?? state.rows.containers
        } else {
            // Marked rows, in the order of the list they appear in.
            let order = state.rows.containers
            boxes = order.filter(state.marks.contains) + state.marks.subtracting(order).sorted()
        }
        return [.export(path: words[1].trimmingCharacters(in: .whitespaces), containers: boxes)]
    }
    if words.first == "columns" || words.first == "hide" || words.first == "show" {
        guard let list = state.currentList else { state.status = "columns: focus a list first (1, 2 or 4)"; return [] }
        let family = SortFamily(list)
        let names = columnNames(for: list)
        if words.first == "columns" {
            let hidden = state.hiddenColumns[family] ?? []
            state.status = "columns: " + names.map { hidden.contains($0) ? "(\($0))" : $0 }.joined(separator: " ") + " - :hide NAME, :show NAME"
            return []
        }
        guard words.count == 2 else { state.status = "usage: :\(words[0]) COLUMN"; return [] }
        let name = words[1].lowercased()
        guard names.contains(name) else { state.status = "no column '\(name)' here (columns: \(names.joined(separator: " ")))"; return [] }
        if words.first == "hide" {
            if name == "container" { state.status = "the container column stays"; return [] }
            state.hiddenColumns[family, default: []].insert(name)
        } else {
            state.hiddenColumns[family]?.remove(name)
        }
        state.status = "\(words[0]) \(name)"
        return []
    }
    if words.first == "save" {
        guard words.count == 2, !words[1].isEmpty, !words[1].contains(" ") else {
            state.status = "usage: :save NAME (one word)"
            return []
        }
        guard !previous.isEmpty else { state.status = "no filter to save: apply one first"; return [] }
        let f = SavedFilter(name: words[1], query: previous.source)
        if let i = state.savedFilters.firstIndex(where: { $0.name == f.name }) { state.savedFilters[i] = f } else { state.savedFilters.append(f) }
        state.status = "saved filter '\(f.name)': \(f.query)"
        return [.saveFilter(f)]
    }
    guard let f = state.savedFilters.first(where: { $0.name == command }) else {
        state.status = "no saved filter named '\(command)' (F lists them)"
        return []
    }
    return recall(f, &state)
}

private func recall(_ f: SavedFilter, _ state: inout AppState) -> [Effect] {
    do {
        let q = try Query.parse(f.query, lists: state.snapshot?.state.rules.lists ?? [:])
        applyFilter(q, &state)
        state.status = "filter '\(f.name)': \(groupDigits(state.rows.matching)) of \(groupDigits(state.rows.total))"
    } catch {
        state.status = "saved filter '\(f.name)' does not parse: \(error)"
    }
    return []
}

private func scrolled(_ s: Int, _ action: Action, _ state: AppState) -> Int {
    let page = max(1, state.size.height - 4)
    switch action {
    case .down: return s + 1
    case .up: return max(0, s - 1)
    case .pageDown: return s + page
    case .pageUp: return max(0, s - page)
    case .top: return 0
    case .bottom: return Int.max / 2
    default: return s
    }
}

private func mouse(_ m: MouseEvent, _ state: inout AppState) -> [Effect] {
    let layout = Layout(width: state.size.width, height: state.size.height)
    // Queues and containers share an area: only the one shown takes clicks.
    let shown = Pane.allCases.filter { $0 != (state.focus == .containers ? .queues : .containers) }
    for pane in shown {
        guard let r = layout.rect(for: pane), r.contains(x: m.x, y: m.y) else { continue }
        state.focus = pane
        guard let list = state.currentList else { return [] }
        switch m.kind {
        case .wheelUp: state.selection[list] = max(0, state.selected(list) - 3)
        case .wheelDown: state.selection[list] = min(max(0, state.rows.count(list) - 1), state.selected(list) + 3)
        case .press:
            let firstRow = r.y + layout.headerRows(for: pane)
            let row = m.y - firstRow + (state.scroll[list] ?? 0)
            if m.y >= firstRow, row < state.rows.count(list) { state.selection[list] = row }
        case .release: break
        }
        clampSelections(&state)
        return []
    }
    return []
}

/// Rows visible in a list's pane.
func pageSize(_ list: AppState.ListID, _ state: AppState) -> Int {
    let layout = Layout(width: state.size.width, height: state.size.height)
    let pane: Pane
    switch list {
    case .alerts: pane = .alerts
    case .queue: pane = .queues
    case .containers: pane = .containers
    }
    guard let r = layout.rect(for: pane) else { return 1 }
    return max(1, r.height - layout.headerRows(for: pane) - 1)
}

/// Keeps every selection inside its list and visible.
func clampSelections(_ state: inout AppState) {
    let lists: [AppState.ListID] = [.alerts, .containers] + Queue.allCases.map { .queue($0) }
    for list in lists {
        let count = state.rows.count(list)
        var sel = min(state.selected(list), max(0, count - 1))
        sel = max(0, sel)
        state.selection[list] = sel
        let page = pageSize(list, state)
        var top = state.scroll[list] ?? 0
        if sel < top { top = sel }
        if sel >= top + page { top = sel - page + 1 }
        top = max(0, min(top, max(0, count - page)))
        state.scroll[list] = top
    }
}
