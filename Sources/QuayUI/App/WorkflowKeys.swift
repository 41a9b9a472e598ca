import QuayCore

/// Keys of the supervisor workflow and the journaled action each stands for.
let workflowActions: [Action: ActionKind] = [
    .acknowledge: .acknowledge, .assign: .assign, .recordResult: .result, .note: .note,
    .flag: .flag, .cancelInspection: .cancel, .release: .release,
]

/// A workflow key: checks the role first (a refusal writes nothing), then
/// opens the action's form or asks to confirm, or journals at once.
/// `target` is the container of an open detail view; else the marked rows
/// (bulk acknowledge and assign) or the row under the cursor.
func workflowKey(_ action: Action, target: ContainerNumber?, _ state: inout AppState) -> [Effect] {
    guard let kind = workflowActions[action] else { return [] }
    if let why = refusal(kind, user: state.user, role: state.userRole) {
        state.status = why
        return []
    }
    let bulk = target == nil && !state.marks.isEmpty && (kind == .acknowledge || kind == .assign)
    let targets: [ContainerNumber]
    if let target {
        targets = [target]
    } else if bulk {
        targets = state.marks.sorted()
    } else if let c = state.selectedContainer {
        targets = [c]
    } else {
        state.status = "select a container first"
        return []
    }
    let workflow = state.snapshot?.workflow ?? WorkflowState()
    let alerts = state.snapshot?.state.alerts ?? [:]
    func file(_ n: ContainerNumber) -> CaseFile { workflow[n] ?? CaseFile() }

    switch kind {
    case .acknowledge:
        let open = targets.filter { alerts[$0] != nil && file($0).acknowledged == nil }
        guard !open.isEmpty else {
            if targets.count == 1, let a = file(targets[0]).acknowledged {
                state.status = "\(targets[0]) was acknowledged by \(a.user) at \(a.time.clockString)"
            } else {
                state.status = targets.count == 1 ? "no alert on \(targets[0]) to acknowledge" : "no unacknowledged alert among the marked rows"
            }
            return []
        }
        let requests = open.map { ActionRequest(.acknowledge, target: $0) }
        if bulk {
            state.confirmation = Confirmation(question: "Acknowledge \(open.count) marked alert\(open.count == 1 ? "" : "s")?", requests: requests)
            return []
        }
        return [.journal(requests)]
    case .assign:
        if targets.count == 1, let a = file(targets[0]).assignment, a.isOpen {
            state.form = .assign(targets, reassign: true, roster: state.roster,
                                 context: "assigned to \(a.assignee) by \(a.by.user) at \(a.by.time.clockString), due \(a.due.clockString)")
        } else {
            let taken = targets.filter { file($0).assignment?.isOpen == true }
            state.form = .assign(targets.filter { !taken.contains($0) }, reassign: false, roster: state.roster,
                                 context: taken.isEmpty ? nil : "\(taken.count) already assigned, left out (reassign them one by one)")
            if state.form!.targets.isEmpty { state.form = nil; state.status = "every marked container is already assigned" }
        }
    case .result:
        state.form = .result(targets, roster: state.roster, team: file(targets[0]).assignment?.assignee)
    case .note, .flag:
        state.form = .text(kind, targets)
    case .cancel:
        guard let a = file(targets[0]).assignment, a.isOpen else {
            state.status = "no open inspection on \(targets[0]) to cancel"
            return []
        }
        state.confirmation = Confirmation(question: "Cancel the inspection of \(targets[0]) assigned to \(a.assignee)?",
                                          requests: [ActionRequest(.cancel, target: targets[0])])
    case .release:
        if let r = file(targets[0]).released {
            state.status = "\(targets[0]) was released by \(r.user) at \(r.time.clockString)"
            return []
        }
        state.confirmation = Confirmation(question: "Release the hold on \(targets[0])?", requests: [ActionRequest(.release, target: targets[0])])
    case .reassign:
        break
    }
    return []
}

/// y or Enter confirms; n or Esc cancels; anything else keeps asking.
func confirmKey(_ key: Key, _ state: inout AppState) -> [Effect] {
    guard let c = state.confirmation else { return [] }
    switch key {
    case .char("y"), .char("Y"), .enter:
        state.confirmation = nil
        return [.journal(c.requests)]
    case .char("n"), .char("N"), .escape:
        state.confirmation = nil
        state.status = "cancelled; nothing written"
    case .ctrl("c"):
        return [.quit]
    default:
        break
    }
    return []
}

/// Keys while a form is open.
func formKey(_ key: Key, _ state: inout AppState) -> [Effect] {
    guard var f = state.form else { return [] }
    var field = f.fields[f.focus]
    func cycle(_ step: Int) {
        guard !field.choices.isEmpty else { return }
        let i = field.choices.firstIndex(of: field.value) ?? 0
        field.value = field.choices[(i + step + field.choices.count) % field.choices.count]
    }
    switch key {
    case .ctrl("c"): return [.quit]
    case .escape:
        state.form = nil
        state.status = "cancelled; nothing written"
        return []
    case .enter:
        switch f.requests(roster: state.roster, now: state.snapshot?.actionsNow ?? Timestamp(ms: 0)) {
        case .failure(let e):
            f.error = e.message
            state.form = f
            return []
        case .success(let requests):
            state.form = nil
            if requests.count > 1 {
                state.confirmation = Confirmation(question: "\(f.title)? (\(requests.count) containers)", requests: requests)
                return []
            }
            return [.journal(requests)]
        }
    case .up, .backTab:
        f.focus = (f.focus + f.fields.count - 1) % f.fields.count
        f.error = nil
        state.form = f
        return []
    case .down:
        f.focus = (f.focus + 1) % f.fields.count
        f.error = nil
        state.form = f
        return []
    case .tab:
        let options = f.suggestions
        if !options.isEmpty && !options.contains(field.value) {
            field.value = commonPrefix(options)
        } else {
            f.focus = (f.focus + 1) % f.fields.count
            f.error = nil
            state.form = f
            return []
        }
    case .left: cycle(-1)
    case .right: cycle(1)
    case .backspace:
        if field.choices.isEmpty && !field.value.isEmpty { field.value.removeLast() }
    case .ctrl("u"):
        if field.choices.isEmpty { field.value = "" }
    case .char(let c):
        if field.choices.isEmpty {
            field.value.append(c)
        } else {
            // A letter picks the next choice starting with it.
            let lower = String(c).lowercased()
            let start = (field.choices.firstIndex(of: field.value) ?? -1) + 1
            let order = Array(field.choices[start...]) + Array(field.choices[..<start])
            if let hit = order.first(where: { $0.hasPrefix(lower) }) { field.value = hit }
        }
    default:
        return []
    }
    f.fields[f.focus] = field
    f.error = nil
    state.form = f
    return []
}

private func commonPrefix(_ words: [String]) -> String {
    guard var prefix = words.first else { return "" }
    for w in words.dropFirst() {
        while !w.hasPrefix(prefix) { prefix.removeLast() }
    }
    return prefix
}
