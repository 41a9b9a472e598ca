/// How the feed is doing, as the header shows it.
public struct FeedStatus: Sendable, Equatable {
    public enum Mode: Sendable, Equatable {
        case live
        case demo(speed: Double)
    }
    public var mode: Mode = .live
    public var files: [String] = []
    /// Wall-clock time (ms) the last new event arrived, nil before any.
    public var lastArrivalWall: Int64?
    /// Events per second over the last few ticks.
    public var eventsPerSecond: Double = 0
    /// Seconds without events before the feed counts as stale.
    public var staleAfter: Double = 120
    /// First load: events read so far and in all (nil when done).
    public var loading: (done: Int, total: Int)? {
        get { loadingDone.map { ($0, loadingTotal) } }
        set { loadingDone = newValue?.done; loadingTotal = newValue?.total ?? 0 }
    }
    var loadingDone: Int?
    var loadingTotal = 0
    /// Problems reading files (unreadable, vanished), by file.
    public var fileErrors: [String: String] = [:]
    /// Every file read, in the order of `files`, with its state and counts.
    public var health: [FileHealth] = []
    /// With a checkpoint (`--state`): what changed since the last run, in a line.
    public var restart: String?
    /// The checkpoint could not be read or written: why.
    public var stateProblem: String?
    /// The last model checkpoint could not be written: why.
    public var modelCheckpointProblem: String?
    /// Wall time (ms) the feed started: with no event at all, staleness counts from here.
    public var startedWall: Int64?

    public init() {}

    /// Seconds since the last event, or nil while fresh or in demo.
    public func staleSeconds(wallNow: Int64) -> Double? {
        if case .demo = mode { return nil }
        guard let last = lastArrivalWall ?? startedWall else { return nil }
        let s = Double(wallNow - last) / 1000
        return s >= staleAfter ? s : nil
    }
}

/// An immutable picture of the model for the UI: the state (shared
/// copy-on-write), the feed's counters and the model's clock.
public struct Snapshot: Sendable {
    public var state: PortState
    public var stats: IngestStats
    public var feed: FeedStatus
    /// The model's clock: wall time live, replay time in a demo; while a
    /// history loads, the point in event time the load has reached (the
    /// state is scored as of then).
    public var now: Timestamp
    /// The time an action taken now is dated (the journal's model time, a
    /// due time): the model's clock, also while a history loads.
    public var actionsNow: Timestamp
    /// Wall time the snapshot was taken (ms since epoch).
    public var wallNow: Int64
    public var generation: Int
    /// The journal folded: acknowledgements, assignments, notes.
    public var workflow: WorkflowState

    public init(state: PortState, stats: IngestStats, feed: FeedStatus, now: Timestamp, wallNow: Int64, generation: Int,
                workflow: WorkflowState = WorkflowState(), actionsNow: Timestamp? = nil) {
        self.state = state; self.stats = stats; self.feed = feed; self.now = now; self.wallNow = wallNow; self.generation = generation
        self.workflow = workflow
        self.actionsNow = actionsNow ?? now
    }

    /// The port the feed is about (the most common reporting port).
    public var port: String {
        state.aggregates.byPort.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key ?? "-"
    }
}
