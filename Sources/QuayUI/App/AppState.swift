import QuayCore

/// The panes of the main screen, in Tab order.
public enum Pane: Int, CaseIterable, Sendable {
    case alerts, queues, seizures, containers
    public var title: String {
        switch self {
        case .alerts: return "Alerts"
        case .queues: return "Queues"
        case .seizures: return "Seizures"
        case .containers: return "Containers"
        }
    }
}

/// Everything the UI remembers between frames. Pure value; `update` changes it.
public struct AppState: Sendable {
    public var focus: Pane = .alerts
    public var queueTab: Queue = .awaitingScan
    /// Selected row and first visible row per list.
    public var selection: [ListID: Int] = [:]
    public var scroll: [ListID: Int] = [:]
    public var overlay: Overlay?
    public var themeIndex = 0
    public var themeCount = 1
    public var status: String?
    public var size = (width: 120, height: 40)
    /// Age (minutes) past which an unacknowledged alert is flagged.
    public var slaMinutes = 15.0
    public var user = "operator"
    /// The current user's role (from the roster; viewer when not in it).
    public var userRole = UserRole.viewer
    public var roster = Roster()
    /// A workflow form, while open.
    public var form: ActionForm?
    /// A bulk or destructive action waiting for y/n.
    public var confirmation: Confirmation?
    /// Rebuild lists for new snapshots off the main thread (the dashboard
    /// sets it; tests and snapshots build in place).
    public var buildRowsInBackground = false
    /// Lists to build off the main thread once the key is handled.
    var pendingRows: RowsRequest?

    /// Sort per family of lists; nil means the default order.
    var sorts: [SortFamily: SortSpec] = [:]
    /// Columns hidden per family of lists, by lower-cased title.
    var hiddenColumns: [SortFamily: Set<String>] = [:]
    public func hidden(for list: ListID) -> Set<String> { hiddenColumns[SortFamily(list)] ?? [] }
    /// Marked containers (for bulk actions and export).
    public var marks = Set<ContainerNumber>()

    public func sort(for list: ListID) -> SortSpec? { sorts[SortFamily(list)] }

    /// The filter applied to every container list (alerts, queues, containers).
    public var filter = Query.matchAll
    /// The filter prompt, while open.
    public var prompt: Prompt?
    /// Filters entered, oldest first (persisted by the caller).
    public var filterHistory: [String] = []
    /// Named filters: shipped and the user's.
    public var savedFilters: [SavedFilter] = []

    public struct Prompt: Sendable {
        public var text: String
        /// Cursor position in characters.
        public var cursor: Int
        /// The filter to go back to on Esc.
        public var previous: Query
        public var error: QueryError?
        /// Position while walking the history with Up/Down.
        public var historyIndex: Int?
    }

    /// Rows derived from the latest snapshot (computed once per snapshot).
    public internal(set) var rows = Rows()
    public internal(set) var snapshot: Snapshot?

    public enum Overlay: Sendable, Equatable {
        case help(scroll: Int)
        case detail(container: ContainerNumber, scroll: Int)
        case savedFilters
        case feed(scroll: Int)
    }

    public enum ListID: Hashable, Sendable {
        case alerts, queue(Queue), containers
    }

    public init() {}

    public var currentList: ListID? {
        switch focus {
        case .alerts: return .alerts
        case .queues: return .queue(queueTab)
        case .containers: return .containers
        case .seizures: return nil
        }
    }

    public func selected(_ list: ListID) -> Int { selection[list] ?? 0 }

    /// The container under the cursor of the focused list.
    public var selectedContainer: ContainerNumber? {
        guard let list = currentList else { return nil }
        let items = rows.containers(in: list)
        let i = selected(list)
        return i < items.count ? items[i] : nil
    }
}

/// Lists the panes show, sorted once per snapshot.
public struct Rows: Sendable {
    public var alerts: [Alert] = []
    public var queues: [Queue: [ContainerNumber]] = [:]
    public var containers: [ContainerNumber] = []

    public func containers(in list: AppState.ListID) -> [ContainerNumber] {
        switch list {
        case .alerts: return alerts.map(\.container)
        case .queue(let q): return queues[q] ?? []
        case .containers: return containers
        }
    }

    public func count(_ list: AppState.ListID) -> Int {
        switch list {
        case .alerts: return alerts.count
        case .queue(let q): return queues[q]?.count ?? 0
        case .containers: return containers.count
        }
    }

    /// Containers matching the filter, and all of them.
    public var matching = 0
    public var total = 0
    /// When the longest-waiting box of each queue joined it (whole queue,
    /// not only what the filter shows): once per snapshot, not per frame.
    public var oldest: [Queue: Timestamp] = [:]
    /// The figures the seizures pane shows, for the whole port: once per
    /// snapshot (a report walks every alert and queue), not per frame.
    public var report: Report?
    /// The snapshot the report is of, and its clock.
    var reportOf: (generation: Int, now: Timestamp)?
    /// The filter and sorts the lists were built for (nil: never built).
    var filterSource: String?
    var sorts: [SortFamily: SortSpec] = [:]

    init() {}

    init(_ s: Snapshot, filter: Query, sorts: [SortFamily: SortSpec] = [:], reuse: Rows? = nil) {
        filterSource = filter.source
        self.sorts = sorts
        let now = s.now
        // One pass of the filter for every list: over the columns as sort
        // keys when the model keeps them, else box by box.
        let matched: [ContainerNumber]
        if let keys = s.state.containers.matchingKeys(filter, now: now) {
            matched = ContainerNumber.sorted(keys: keys)
        } else {
            matched = ContainerNumber.byScoreThenNumber(s.state.containers.matching(filter, now: now))
        }
        let keep: (ContainerNumber) -> Bool
        if filter.isEmpty {
            keep = { _ in true }
        } else {
            let set = Set(matched)
            keep = { set.contains($0) }
        }
        total = s.state.containers.count
        if let reuse, let of = reuse.reportOf, of.generation == s.generation, of.now == s.now, let r = reuse.report {
            report = r  // a new filter or sort on the same snapshot: the port's figures did not change
        } else {
            report = Report(state: s.state, stats: s.stats, now: s.now)
        }
        reportOf = (s.generation, s.now)
        alerts = s.state.sortedAlerts.filter { keep($0.container) }
        if let spec = sorts[.alerts], spec.key != .age || spec.reversed {
            let raised = Dictionary(alerts.map { ($0.container, $0.raisedAt) }, uniquingKeysWith: { a, _ in a })
            let order = sortContainers(alerts.map(\.container), spec, state: s.state, now: s.now, waiting: raised)
            let byBox = Dictionary(alerts.map { ($0.container, $0) }, uniquingKeysWith: { a, _ in a })
            alerts = order.compactMap { byBox[$0] }
        }
        let agg = s.state.aggregates
        for q in Queue.allCases {
            let members = agg.queues[q] ?? [:]
            oldest[q] = members.values.min()
            // Most urgent first: lane, then longest waiting.
            queues[q] = members.keys.filter(keep).sorted { a, b in
                let la = s.state.containers.score(of: a) ?? 0, lb = s.state.containers.score(of: b) ?? 0
                if la != lb { return la > lb }
                let wa = members[a]!, wb = members[b]!
                return wa != wb ? wa < wb : a < b
            }
            queues[q] = sortContainers(queues[q]!, sorts[.queues], state: s.state, now: s.now, waiting: members)
        }
        containers = matched
        containers = sortContainers(containers, sorts[.containers], state: s.state, now: s.now)
        matching = containers.count
    }
}
