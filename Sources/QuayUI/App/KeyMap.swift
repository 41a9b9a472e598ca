/// What a key does. The one table below drives input *and* the help
/// overlay, so help can never disagree with the keys.
public enum Action: String, Sendable, CaseIterable {
    case quit, help, back, open
    case nextPane, previousPane, pane1, pane2, pane3, pane4
    case down, up, pageDown, pageUp, top, bottom
    case nextTab, previousTab
    case nextTheme
    case feedHealth
    case filter, clearFilter, savedFilters
    case sortNext, sortReverse, mark, markAll, clearMarks
    // Supervisor workflow (journaled).
    case acknowledge, assign, recordResult, note, flag, cancelInspection, release
}

public struct Binding: Sendable {
    public var keys: [Key]
    public var label: String
    public var action: Action
    public var help: String
    public var group: String
    public var reserved: Bool
}

public enum KeyMap {
    public static let bindings: [Binding] = [
        Binding(keys: [.char("q"), .ctrl("c")], label: "q, Ctrl-C", action: .quit, help: "quit", group: "General", reserved: false),
        Binding(keys: [.char("?"), .function(1)], label: "?, F1", action: .help, help: "this help", group: "General", reserved: false),
        Binding(keys: [.escape], label: "Esc", action: .back, help: "back out of details, help or a prompt", group: "General", reserved: false),
        Binding(keys: [.char("t")], label: "t", action: .nextTheme, help: "next colour theme", group: "General", reserved: false),
        Binding(keys: [.char("f")], label: "f", action: .feedHealth, help: "feed health: each file, its state and rejects", group: "General", reserved: false),
        Binding(keys: [.tab], label: "Tab", action: .nextPane, help: "next pane", group: "Panes", reserved: false),
        Binding(keys: [.backTab], label: "Shift-Tab", action: .previousPane, help: "previous pane", group: "Panes", reserved: false),
        Binding(keys: [.char("1")], label: "1", action: .pane1, help: "alerts", group: "Panes", reserved: false),
        Binding(keys: [.char("2")], label: "2", action: .pane2, help: "queues", group: "Panes", reserved: false),
        Binding(keys: [.char("3")], label: "3", action: .pane3, help: "seizure tallies", group: "Panes", reserved: false),
        Binding(keys: [.char("4")], label: "4", action: .pane4, help: "all containers", group: "Panes", reserved: false),
        Binding(keys: [.char("l"), .right, .char("]")], label: "l, Right, ]", action: .nextTab, help: "next queue (scan, inspection, held)", group: "Panes", reserved: false),
        Binding(keys: [.char("h"), .left, .char("[")], label: "h, Left, [", action: .previousTab, help: "previous queue", group: "Panes", reserved: false),
        Binding(keys: [.char("j"), .down], label: "j, Down", action: .down, help: "move down", group: "Moving", reserved: false),
        Binding(keys: [.char("k"), .up], label: "k, Up", action: .up, help: "move up", group: "Moving", reserved: false),
        Binding(keys: [.pageDown, .ctrl("f")], label: "PgDn, Ctrl-F", action: .pageDown, help: "page down", group: "Moving", reserved: false),
        Binding(keys: [.pageUp, .ctrl("b")], label: "PgUp, Ctrl-B", action: .pageUp, help: "page up", group: "Moving", reserved: false),
        Binding(keys: [.char("g"), .home], label: "g, Home", action: .top, help: "first row", group: "Moving", reserved: false),
        Binding(keys: [.char("G"), .end], label: "G, End", action: .bottom, help: "last row", group: "Moving", reserved: false),
        Binding(keys: [.enter], label: "Enter", action: .open, help: "details of the selected container or alert", group: "Moving", reserved: false),
        Binding(keys: [.char("/")], label: "/", action: .filter, help: "filter containers (query language: docs/query.md)", group: "Filter", reserved: false),
        Binding(keys: [.char("\\")], label: "\\", action: .clearFilter, help: "clear the filter", group: "Filter", reserved: false),
        Binding(keys: [.char("F")], label: "F", action: .savedFilters, help: "saved filters (a number applies one)", group: "Filter", reserved: false),
        Binding(keys: [.char("s")], label: "s", action: .sortNext, help: "sort by the next column", group: "Sort and mark", reserved: false),
        Binding(keys: [.char("S")], label: "S", action: .sortReverse, help: "reverse the sort", group: "Sort and mark", reserved: false),
        Binding(keys: [.char(" ")], label: "Space", action: .mark, help: "mark or unmark the row", group: "Sort and mark", reserved: false),
        Binding(keys: [.char("*")], label: "*", action: .markAll, help: "mark every row of the list (as filtered)", group: "Sort and mark", reserved: false),
        Binding(keys: [.char("u")], label: "u", action: .clearMarks, help: "clear all marks", group: "Sort and mark", reserved: false),
        Binding(keys: [.char("a")], label: "a", action: .acknowledge, help: "acknowledge the alert (or every marked one)", group: "Workflow", reserved: false),
        Binding(keys: [.char("i")], label: "i", action: .assign, help: "assign an inspection (or reassign; marked rows too)", group: "Workflow", reserved: false),
        Binding(keys: [.char("r")], label: "r", action: .recordResult, help: "record the inspection result", group: "Workflow", reserved: false),
        Binding(keys: [.char("n")], label: "n", action: .note, help: "add a note to the container", group: "Workflow", reserved: false),
        Binding(keys: [.char("e")], label: "e", action: .flag, help: "flag for a supervisor's attention", group: "Workflow", reserved: false),
        Binding(keys: [.char("C")], label: "C", action: .cancelInspection, help: "cancel the open inspection", group: "Workflow", reserved: false),
        Binding(keys: [.char("R")], label: "R", action: .release, help: "release the hold", group: "Workflow", reserved: false),
    ]

    static let byKey: [Key: Action] = {
        var d: [Key: Action] = [:]
        for b in bindings { for k in b.keys { precondition(d[k] == nil, "key bound twice"); d[k] = b.action } }
        return d
    }()

    public static func action(for key: Key) -> Action? { byKey[key] }
}
