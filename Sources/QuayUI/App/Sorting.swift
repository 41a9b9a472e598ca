import QuayCore

/// What a list can be sorted by. `s` cycles, `S` reverses; ties keep the
/// default order (risk, then container number), so sorting is stable.
public enum SortKey: String, CaseIterable, Sendable {
    case risk, container, status, origin, goods, consignee, dwell, wait, terminal, age, score

    /// The keys each list offers, default first.
    static func keys(for list: AppState.ListID) -> [SortKey] {
        switch list {
        case .alerts: return [.age, .score, .container, .status, .origin]
        case .queue: return [.risk, .wait, .dwell, .container, .origin, .goods, .terminal, .status]
        case .containers: return [.risk, .container, .status, .origin, .goods, .consignee, .dwell]
        }
    }

    /// The column title it sorts, for the arrow in the header.
    var columnTitle: String {
        switch self {
        case .risk: return "LANE"
        case .container: return "CONTAINER"
        case .status: return "STATUS"
        case .origin: return "ROUTE"
        case .goods: return "GOODS"
        case .consignee: return "CONSIGNEE"
        case .dwell: return "DWELL"
        case .wait: return "WAIT"
        case .terminal: return "TERM"
        case .age: return "AGE"
        case .score: return "SCORE"
        }
    }

    /// Numbers and times sort largest first by default; text A-Z.
    var descendingByDefault: Bool {
        switch self {
        case .risk, .dwell, .wait, .score: return true
        default: return false
        }
    }
}

/// A list's sort: the key and whether it is reversed from the key's default.
public struct SortSpec: Sendable, Equatable {
    public var key: SortKey
    public var reversed = false
    public var descending: Bool { key.descendingByDefault != reversed }
}

/// The families of lists that share a sort (the three queues share one).
enum SortFamily: Hashable, Sendable {
    case alerts, queues, containers
    init(_ list: AppState.ListID) {
        switch list {
        case .alerts: self = .alerts
        case .queue: self = .queues
        case .containers: self = .containers
        }
    }
}

/// Orders containers by a key with typed comparison (numbers as numbers,
/// durations as hours, missing values last), stably.
func sortContainers(_ items: [ContainerNumber], _ spec: SortSpec?, state: PortState, now: Timestamp,
                    waiting: [ContainerNumber: Timestamp] = [:]) -> [ContainerNumber] {
    guard let spec, spec.key != .risk || spec.reversed else { return items }
    enum Value: Comparable {
        case number(Double), text(String)
        static func < (a: Value, b: Value) -> Bool {
            switch (a, b) {
            case let (.number(x), .number(y)): return x < y
            case let (.text(x), .text(y)): return x < y
            case (.number, .text): return true
            case (.text, .number): return false
            }
        }
    }
    func value(_ n: ContainerNumber) -> Value? {
        guard let c = state.containers[n] else { return nil }
        switch spec.key {
        case .risk, .score: return .number(Double(c.score))
        case .container: return .text(n.text)
        case .status: return .text(c.status.rawValue)
        case .origin: return c.facts.manifest.pol.map { .text($0) }
        case .goods: return c.facts.manifest.goods.map { .text($0.lowercased()) }
        case .consignee: return c.facts.manifest.consignee.map { .text($0.lowercased()) }
        case .terminal: return c.facts.terminal.map { .text($0) }
        case .dwell: return c.facts.dwellHours(now: now).map { .number($0) }
        case .wait, .age: return waiting[n].map { .number(now.hours(since: $0)) }
        }
    }
    let keyed = items.enumerated().map { (index: $0.offset, n: $0.element, v: value($0.element)) }
    let desc = spec.descending
    return keyed.sorted { a, b in
        switch (a.v, b.v) {
        case let (x?, y?) where x != y: return desc ? x > y : x < y
        case (nil, _?): return false   // missing last, either way
        case (_?, nil): return true
        default: return a.index < b.index
        }
    }.map(\.n)
}
